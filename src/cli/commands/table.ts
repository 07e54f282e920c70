/**
 * `streamlake table show|history PATH`: look at a Delta table — its rows (an ASCII table, or
 * JSON lines with `--json`) or its versions (operation, app transaction, file counts).
 */
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { toRowObject } from '../../api/row-conversion.js'
import { SparkSession } from '../../api/session.js'
import { DeltaLog } from '../../delta/index.js'
import { SourceError } from '../../errors/index.js'
import { addFlags, integerFlag, invalidFlag, parseFlags, type FlagTable } from '../options.js'

const positive =
  (example: string) =>
  (raw: string, flag: string): number => {
    const n = integerFlag(example)(raw, flag)
    if (n < 0) throw invalidFlag(flag, raw, 'must not be negative', example)
    return n
  }

export interface TableShowFlags {
  limit: number | undefined
  json: boolean
  version: number | undefined
  timeZone: string
}

export const TABLE_SHOW_FLAGS: FlagTable<TableShowFlags> = {
  limit: {
    description: 'rows to print (default 20; all rows with --json)',
    argument: '<n>',
    parse: positive('--limit 20'),
  },
  json: { description: 'print JSON lines' },
  version: {
    description: 'time travel to a table version',
    argument: '<v>',
    parse: positive('--version 3'),
  },
  timeZone: { description: 'zone for printing timestamps', argument: '<zone>', default: 'UTC' },
}

export interface TableHistoryFlags {
  json: boolean
}

export const TABLE_HISTORY_FLAGS: FlagTable<TableHistoryFlags> = {
  json: { description: 'print JSON lines' },
}

export function registerTable(program: Command): void {
  const table = program.command('table').description('inspect a Delta table')
  addFlags(
    table
      .command('show')
      .description('print the rows of a Delta table')
      .argument('<path>', 'table directory'),
    TABLE_SHOW_FLAGS,
  ).action(async (path: string, raw: Record<string, unknown>) => {
    const flags = parseFlags(TABLE_SHOW_FLAGS, raw)
    const spark = SparkSession.builder()
      .config('spark.sql.session.timeZone', flags.timeZone)
      .getOrCreate()
    let reader = spark.read.format('delta')
    if (flags.version !== undefined) reader = reader.option('versionAsOf', flags.version)
    const df = reader.load(path)
    if (flags.json) {
      const { schema, rows } = await df.collectRows()
      for (const r of flags.limit === undefined ? rows : rows.slice(0, flags.limit))
        process.stdout.write(`${JSON.stringify(toRowObject(schema, r))}\n`)
    } else {
      await df.show(flags.limit ?? 20, false)
    }
  })
  addFlags(
    table
      .command('history')
      .description('print the versions of a Delta table')
      .argument('<path>', 'table directory'),
    TABLE_HISTORY_FLAGS,
  ).action(async (path: string, raw: Record<string, unknown>) => {
    const flags = parseFlags(TABLE_HISTORY_FLAGS, raw)
    const log = DeltaLog.forTable(path)
    if (!(await log.tableExists()))
      throw new SourceError(
        'SL_SOURCE_TABLE_NOT_FOUND',
        { path: resolve(path) },
        { path: resolve(path) },
      )
    const history = await log.history()
    if (flags.json) {
      for (const h of history) process.stdout.write(`${JSON.stringify(h)}\n`)
      return
    }
    process.stdout.write(
      `${'version'.padEnd(8)} ${'timestamp'.padEnd(24)} ${'operation'.padEnd(17)} ${'txn appId@version'.padEnd(40)} ${'rows'.padStart(8)} ${'+files'.padStart(6)} ${'-files'.padStart(6)}\n`,
    )
    for (const h of history) {
      const txn = h.txn ? `${h.txn.appId}@${h.txn.version}` : '-'
      const rows = h.operationMetrics?.['numOutputRows'] ?? '-'
      process.stdout.write(
        `${String(h.version).padEnd(8)} ${new Date(h.timestamp).toISOString().padEnd(24)} ${String(h.operation).padEnd(17)} ${txn.padEnd(40)} ${String(rows).padStart(8)} ${String(h.numAddedFiles).padStart(6)} ${String(h.numRemovedFiles).padStart(6)}\n`,
      )
    }
  })
}

/**
 * `streamlake table show|history|describe PATH`: look at a Delta table — its rows (an ASCII
 * table, or JSON lines with `--json`), its versions (operation, app transaction, file counts) or
 * its description (schema, partitioning, protocol, properties, files, streaming writers).
 */
import type { Command } from 'commander'
import { toRowObject } from '../../api/row-conversion.js'
import { SparkSession } from '../../api/session.js'
import { DeltaLog, type HistoryEntry } from '../../delta/index.js'
import { tableNotFoundError } from '../../sources/table-not-found-error.js'
import { requireDirectory } from '../inspect/require-directory.js'
import { describeTable } from '../inspect/table-description.js'
import { renderTableDescription } from '../inspect/render-table-description.js'
import { printJson, textTable } from '../inspect/text-format.js'
import { registerTableMaintenance } from './table-maintenance.js'
import { addFlags, integerFlag, invalidFlag, parseFlags, type FlagTable } from '../options.js'

const positive =
  (example: string) =>
  (raw: string, flag: string): number => {
    const n = integerFlag(example)(raw, flag)
    if (n < 0) throw invalidFlag(flag, raw, 'must not be negative', example)
    return n
  }

const TABLE_HINT = 'Pass the folder that holds _delta_log/, e.g. ./data/events.'

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

export interface TableDescribeFlags {
  json: boolean
}

export const TABLE_DESCRIBE_FLAGS: FlagTable<TableDescribeFlags> = {
  json: { description: 'print the description as JSON' },
}

export function registerTable(program: Command): void {
  const table = program.command('table').description('inspect and maintain a Delta table')
  addFlags(
    table
      .command('show')
      .description('print the rows of a Delta table')
      .argument('<path>', 'table directory'),
    TABLE_SHOW_FLAGS,
  ).action(async (path: string, raw: Record<string, unknown>) => {
    const flags = parseFlags(TABLE_SHOW_FLAGS, raw)
    const abs = await requireDirectory(path, 'Delta table directory', TABLE_HINT)
    const spark = SparkSession.builder()
      .config('spark.sql.session.timeZone', flags.timeZone)
      .getOrCreate()
    let reader = spark.read.format('delta')
    if (flags.version !== undefined) reader = reader.option('versionAsOf', flags.version)
    const df = reader.load(abs)
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
    const abs = await requireDirectory(path, 'Delta table directory', TABLE_HINT)
    const log = DeltaLog.forTable(abs)
    if (!(await log.tableExists())) throw await tableNotFoundError(abs)
    const history = await log.history()
    if (flags.json) {
      for (const h of history) process.stdout.write(`${JSON.stringify(h)}\n`)
      return
    }
    process.stdout.write(renderHistory(history))
  })
  addFlags(
    table
      .command('describe')
      .description(
        'describe a Delta table: schema, partitioning, protocol, properties, files, streaming writers',
      )
      .argument('<path>', 'table directory'),
    TABLE_DESCRIBE_FLAGS,
  ).action(async (path: string, raw: Record<string, unknown>) => {
    const flags = parseFlags(TABLE_DESCRIBE_FLAGS, raw)
    const description = await describeTable(path)
    if (flags.json) printJson(description)
    else process.stdout.write(renderTableDescription(description))
  })
  registerTableMaintenance(table)
}

/**
 * The history as an 80-column table, newest first. The txn column shortens the app id (a query
 * id) to its first 8 characters; `--json` has the whole entry.
 */
function renderHistory(history: readonly HistoryEntry[]): string {
  const rows = history.map((h) => [
    String(h.version),
    new Date(h.timestamp).toISOString().slice(0, 19).replace('T', ' '),
    h.operation,
    String(h.operationMetrics?.['numOutputRows'] ?? '-'),
    `${h.numAddedFiles}/${h.numRemovedFiles}`,
    h.txn ? `${h.txn.appId.slice(0, 8)}…@${h.txn.version}` : '-',
  ])
  return (
    textTable(
      ['VERSION', 'TIME (UTC)', 'OPERATION', 'ROWS', '+/-FILES', 'TXN'],
      rows,
      new Set([0, 3, 4]),
      0,
    ) +
    (history.some((h) => h.txn)
      ? 'TXN: the app id (query id) prefix @ its batch id; --json has the full ids\n'
      : '')
  )
}

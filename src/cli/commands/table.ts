/**
 * `streamlake table show|history PATH`: look at a Delta table — its rows (an ASCII table, or
 * JSON lines with `--json`) or its versions (operation, app transaction, file counts).
 */
import type { Command } from 'commander'
import { SparkSession } from '../../api/session.js'
import { toRowObject } from '../../api/row-conversion.js'
import { DeltaLog } from '../../delta/index.js'
import { SourceError } from '../../errors/index.js'
import { parsePositiveInt } from '../cli-values.js'
import { resolve } from 'node:path'

export function registerTable(program: Command): void {
  const table = program.command('table').description('inspect a Delta table')
  table
    .command('show')
    .description('print the rows of a Delta table')
    .argument('<path>', 'table directory')
    .option('--limit <n>', 'rows to print', '20')
    .option('--json', 'print JSON lines (all rows unless --limit is given)')
    .option('--version <v>', 'time travel to a version')
    .option('--time-zone <zone>', 'zone for printing timestamps', 'UTC')
    .action(async (path: string, o: Record<string, string | boolean | undefined>, cmd: Command) => {
      const spark = SparkSession.builder()
        .config('spark.sql.session.timeZone', String(o['timeZone']))
        .getOrCreate()
      let reader = spark.read.format('delta')
      if (o['version'] !== undefined) reader = reader.option('versionAsOf', String(o['version']))
      const df = reader.load(path)
      const limitGiven = cmd.getOptionValueSource('limit') === 'cli'
      const limit = parsePositiveInt('--limit', String(o['limit']))
      if (o['json']) {
        const { schema, rows } = await df.collectRows()
        const out = limitGiven ? rows.slice(0, limit) : rows
        for (const r of out) process.stdout.write(`${JSON.stringify(toRowObject(schema, r))}\n`)
      } else {
        await df.show(limit, false)
      }
    })
  table
    .command('history')
    .description('print the versions of a Delta table')
    .argument('<path>', 'table directory')
    .option('--json', 'print JSON lines')
    .action(async (path: string, o: Record<string, boolean | undefined>) => {
      const log = DeltaLog.forTable(path)
      if (!(await log.tableExists()))
        throw new SourceError(
          'SL_SOURCE_PATH_NOT_FOUND',
          { path: resolve(path) },
          { path: resolve(path) },
        )
      const history = await log.history()
      if (o['json']) {
        for (const h of history) process.stdout.write(`${JSON.stringify(h)}\n`)
        return
      }
      process.stdout.write(
        'version  timestamp                 operation         txn (appId@version)                          +files -files\n',
      )
      for (const h of history) {
        const txn = h.txn ? `${h.txn.appId}@${h.txn.version}` : '-'
        process.stdout.write(
          `${String(h.version).padEnd(8)} ${new Date(h.timestamp).toISOString().padEnd(25)} ${String(h.operation).padEnd(17)} ${txn.padEnd(44)} ${String(h.numAddedFiles).padStart(6)} ${String(h.numRemovedFiles).padStart(6)}\n`,
        )
      }
    })
}

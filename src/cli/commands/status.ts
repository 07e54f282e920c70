/**
 * `streamlake status`: one block per query under a checkpoint root — last batch, last commit,
 * watermark, offsets, sink table, last progress, and what a restart would do. Read-only. Exits 2
 * when a checkpoint under the root cannot be read (the others are still shown). The last progress
 * comes from `<checkpoint>/progress.jsonl`, or from `--progress-dir` for queries that ran with
 * `streamlake.progressLog.dir`.
 */
import type { Command } from 'commander'
import { PROGRESS_DIR_FLAG, requireProgressDir } from '../inspect/progress-log.js'
import { isStatusError, readStatus } from '../inspect/query-status.js'
import { renderStatus } from '../inspect/render-status.js'
import { printJson } from '../inspect/text-format.js'
import { addFlags, parseFlags, type FlagTable } from '../options.js'

export interface StatusFlags {
  checkpoints: string
  progressDir?: string
  json: boolean
}

export const STATUS_FLAGS: FlagTable<StatusFlags> = {
  checkpoints: {
    description: 'root of the query checkpoints (or one query checkpoint)',
    argument: '<dir>',
    default: './checkpoints',
  },
  progressDir: PROGRESS_DIR_FLAG,
  json: { description: 'print JSON: {root, queries: [...], skipped, progressDir}' },
}

export function registerStatus(program: Command): void {
  addFlags(
    program
      .command('status')
      .description('show the queries of a checkpoint root: batches, watermark, offsets, progress'),
    STATUS_FLAGS,
  ).action(async (raw: Record<string, unknown>) => {
    const flags = parseFlags(STATUS_FLAGS, raw)
    const report = await readStatus(
      flags.checkpoints,
      flags.progressDir === undefined
        ? {}
        : { progressDir: await requireProgressDir(flags.progressDir) },
    )
    if (flags.json) printJson(report)
    else process.stdout.write(renderStatus(report))
    if (report.queries.some(isStatusError)) process.exitCode = 2
  })
}

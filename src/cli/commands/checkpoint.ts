/**
 * `streamlake checkpoint inspect <dir>`: everything a query checkpoint holds — metadata, the
 * offsets and commits logs, the state directories, the file sources' logs, the last progress —
 * and what the next start would do. Read-only: safe on the checkpoint of a running query.
 */
import type { Command } from 'commander'
import { readCheckpointReport } from '../inspect/checkpoint-report.js'
import { PROGRESS_DIR_FLAG, requireProgressDir } from '../inspect/progress-log.js'
import { renderCheckpoint } from '../inspect/render-checkpoint.js'
import { printJson } from '../inspect/text-format.js'
import { addFlags, integerFlag, invalidFlag, parseFlags, type FlagTable } from '../options.js'

export interface CheckpointInspectFlags {
  json: boolean
  batches: number
  progressDir?: string
}

export const CHECKPOINT_INSPECT_FLAGS: FlagTable<CheckpointInspectFlags> = {
  json: { description: 'print the whole report as JSON (every batch)' },
  batches: {
    description: 'newest batches listed in the text output',
    argument: '<n>',
    default: 10,
    parse: (raw, flag) => {
      const n = integerFlag('--batches 10')(raw, flag)
      if (n <= 0) throw invalidFlag(flag, raw, 'must be positive', '--batches 10')
      return n
    },
  },
  progressDir: PROGRESS_DIR_FLAG,
}

export function registerCheckpoint(program: Command): void {
  const checkpoint = program
    .command('checkpoint')
    .description('look inside a query checkpoint directory')
  addFlags(
    checkpoint
      .command('inspect')
      .description(
        'show a checkpoint: query id, offsets and commits logs, state versions, source logs, last progress, and what a restart would do',
      )
      .argument('<dir>', 'one query checkpoint, e.g. ./checkpoints/tumbling'),
    CHECKPOINT_INSPECT_FLAGS,
  ).action(async (dir: string, raw: Record<string, unknown>) => {
    const flags = parseFlags(CHECKPOINT_INSPECT_FLAGS, raw)
    const report = await readCheckpointReport(
      dir,
      flags.progressDir === undefined
        ? {}
        : { progressDir: await requireProgressDir(flags.progressDir) },
    )
    if (flags.json) printJson(report)
    else process.stdout.write(renderCheckpoint(report, flags.batches))
  })
}

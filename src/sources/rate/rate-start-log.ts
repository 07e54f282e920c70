/**
 * The rate source's metadata log, `sources/<i>/0`, as Spark's `RateStreamMicroBatchStream`
 * writes it: `v1\n<creation time ms>`. The creation time is fixed once per checkpoint, so a
 * restarted query gives every value the same timestamp as before.
 */
import { CheckpointError } from '../../errors/index.js'
import { BatchLog, parseVersionLine } from '../../state/checkpoint/batch-log.js'

export class RateStartLog extends BatchLog<number> {
  constructor(dir: string) {
    super(dir, 'rate source')
  }

  protected serialize(startTimeMs: number): string {
    return `v1\n${startTimeMs}`
  }

  protected deserialize(text: string, file: string): number {
    const lines = text.split('\n')
    parseVersionLine(lines[0], 1, file)
    const ms = Number(lines[1])
    if (!lines[1] || !Number.isSafeInteger(ms)) {
      throw new CheckpointError(
        'SL_STATE_CHECKPOINT_CORRUPT',
        { path: file, problem: 'line 2: the start time is not an integer' },
        { path: file, line: 2 },
      )
    }
    return ms
  }
}

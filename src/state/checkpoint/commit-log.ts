/**
 * The commit log, `commits/<N>`, in Spark's format:
 * ```
 * v1
 * {"nextBatchWatermarkMs":0}
 * ```
 * Written after batch N's sink write succeeded; its presence means batch N is never re-run.
 */
import { BatchLog, parseJsonLine, parseVersionLine } from './batch-log.js'

export interface CommitMetadata {
  readonly nextBatchWatermarkMs: number
}

export class CommitLog extends BatchLog<CommitMetadata> {
  constructor(dir: string) {
    super(dir, 'commits')
  }

  protected serialize(e: CommitMetadata): string {
    return `v1\n${JSON.stringify({ nextBatchWatermarkMs: e.nextBatchWatermarkMs })}`
  }

  protected deserialize(text: string, file: string): CommitMetadata {
    const lines = text.split('\n')
    parseVersionLine(lines[0], 1, file)
    const meta = parseJsonLine(lines[1] ?? '{}', file, 'the commit metadata line', 2) as Record<
      string,
      unknown
    >
    return {
      nextBatchWatermarkMs:
        typeof meta['nextBatchWatermarkMs'] === 'number' ? meta['nextBatchWatermarkMs'] : 0,
    }
  }
}

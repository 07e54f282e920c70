/**
 * The offsets write-ahead log, `offsets/<N>`, in Spark's OffsetSeq format:
 * ```
 * v1
 * {"batchWatermarkMs":0,"batchTimestampMs":1764000000000,"conf":{...}}
 * {"logOffset":3}                      ← one line per source, in source order
 * ```
 * Written before batch N runs; a restart re-runs batch N with exactly these offsets, watermark
 * and batch time. Source offsets that do not exist yet are written as `-`.
 */
import { CheckpointError } from '../../errors/index.js'
import { BatchLog, parseJsonLine, parseVersionLine } from './batch-log.js'

export type SourceOffsetJson = Readonly<Record<string, unknown>>

/** One offsets entry. */
export interface OffsetSeq {
  readonly batchWatermarkMs: number
  readonly batchTimestampMs: number
  readonly conf: Readonly<Record<string, string>>
  readonly offsets: readonly (SourceOffsetJson | null)[]
}

export class OffsetLog extends BatchLog<OffsetSeq> {
  constructor(dir: string) {
    super(dir, 'offsets')
  }

  protected serialize(e: OffsetSeq): string {
    const meta = {
      batchWatermarkMs: e.batchWatermarkMs,
      batchTimestampMs: e.batchTimestampMs,
      conf: e.conf,
    }
    return [
      'v1',
      JSON.stringify(meta),
      ...e.offsets.map((o) => (o === null ? '-' : JSON.stringify(o))),
    ].join('\n')
  }

  protected deserialize(text: string, file: string): OffsetSeq {
    const lines = text.split('\n')
    parseVersionLine(lines[0], 1, file)
    const meta = parseJsonLine(lines[1], file, 'the offsets metadata line', 2) as Record<
      string,
      unknown
    >
    if (typeof meta !== 'object' || meta === null || typeof meta['batchTimestampMs'] !== 'number') {
      throw new CheckpointError(
        'SL_STATE_CHECKPOINT_CORRUPT',
        { path: file, problem: 'line 2: the metadata line has no batchTimestampMs' },
        { path: file, line: 2 },
      )
    }
    const offsets = lines
      .map((l, i) => ({ l, n: i + 1 }))
      .slice(2)
      .filter(({ l }) => l.length > 0)
      .map(({ l, n }) =>
        l === '-' ? null : (parseJsonLine(l, file, 'a source offset', n) as SourceOffsetJson),
      )
    return {
      batchWatermarkMs: typeof meta['batchWatermarkMs'] === 'number' ? meta['batchWatermarkMs'] : 0,
      batchTimestampMs: meta['batchTimestampMs'],
      conf: (meta['conf'] as Record<string, string> | undefined) ?? {},
      offsets,
    }
  }
}

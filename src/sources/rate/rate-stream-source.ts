/**
 * Spark's `rate` source (`readStream.format('rate')`): rows `timestamp TIMESTAMP, value BIGINT`
 * generated from the clock, for demos and tests. The offset is Spark's `LongOffset`: the whole
 * seconds elapsed since the source's creation time, written as a bare JSON number in
 * `offsets/<N>` (e.g. `5`). The creation time lives in `sources/<i>/0`, so a range read after a
 * restart yields the same rows.
 */
import type { Row } from '../../types/index.js'
import type { SourceContext, SourceOffset, StreamSource } from '../source.js'
import { CheckpointError } from '../../errors/index.js'
import type { RateOptions } from './rate-options.js'
import { RateStartLog } from './rate-start-log.js'
import { RATE_SCHEMA } from './rate-schema.js'
import { rateRows } from './rate-values.js'

export class RateStreamSource implements StreamSource {
  readonly description: string
  readonly schema = RATE_SCHEMA
  private readonly log: RateStartLog
  private readonly now: () => number
  private startTimeMs = 0
  private lastTimeMs = 0
  private availableNow: number | undefined

  constructor(
    private readonly options: RateOptions,
    ctx: SourceContext,
  ) {
    const o = options
    // Spark's RateStreamMicroBatchStream.toString, unclosed bracket included (progress readers
    // match on it).
    this.description =
      `RateStreamV2[rowsPerSecond=${o.rowsPerSecond}, rampUpTimeSeconds=${o.rampUpSeconds}, ` +
      `numPartitions=${o.numPartitions ?? 'default'}`
    this.log = new RateStartLog(ctx.checkpointDir)
    this.now = ctx.clock ? () => ctx.clock!.now() : () => Date.now()
  }

  async initialize(): Promise<void> {
    const existing = await this.log.latest()
    if (existing) {
      this.startTimeMs = existing.entry
    } else {
      this.startTimeMs = this.now()
      await this.log.add(0, this.startTimeMs)
    }
    this.lastTimeMs = this.startTimeMs
  }

  /** Spark wraps the rate source for AvailableNow: the seconds elapsed now are the end. */
  async prepareForAvailableNow(): Promise<void> {
    this.availableNow = this.elapsedSeconds()
  }

  async latestOffset(start: SourceOffset | null): Promise<SourceOffset | null> {
    const latest = this.availableNow ?? this.elapsedSeconds()
    // Like Spark, the first batch runs even with nothing generated yet (offset 0, no rows).
    if (start === null) return toOffset(latest)
    return latest > secondsOf(start) ? toOffset(latest) : null
  }

  async getBatch(start: SourceOffset | null, end: SourceOffset): Promise<Row[]> {
    const startSeconds = start === null ? 0 : secondsOf(start)
    const endSeconds = secondsOf(end)
    // A restarted query re-runs a planned batch: time never goes back before its end.
    this.lastTimeMs = Math.max(this.lastTimeMs, this.startTimeMs + endSeconds * 1000)
    return rateRows({
      startTimeMs: this.startTimeMs,
      startSeconds,
      endSeconds,
      rowsPerSecond: this.options.rowsPerSecond,
      rampUpSeconds: this.options.rampUpSeconds,
    })
  }

  async commit(): Promise<void> {}
  async stop(): Promise<void> {}

  private elapsedSeconds(): number {
    this.lastTimeMs = Math.max(this.lastTimeMs, this.now())
    return Math.floor((this.lastTimeMs - this.startTimeMs) / 1000)
  }
}

/**
 * Spark's LongOffset is a bare JSON number; the offsets log writes and reads any JSON value, so
 * the number is carried through the object-typed offset slot unchanged.
 */
function toOffset(seconds: number): SourceOffset {
  return seconds as unknown as SourceOffset
}

function secondsOf(offset: SourceOffset): number {
  const v = offset as unknown
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new CheckpointError('SL_STATE_CHECKPOINT_CORRUPT', {
      path: 'offsets',
      problem: `the rate source offset ${JSON.stringify(v)} is not a whole number of seconds`,
    })
  }
  return v
}

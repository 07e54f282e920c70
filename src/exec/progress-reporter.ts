/**
 * Builds Spark-shaped progress objects from what one trigger measured (spark-semantics §12.1)
 * and keeps `recentProgress` (Spark's ring: `numRecentProgressUpdates` = 100 keeps at most 99).
 *
 * Rates follow Spark's ProgressReporter: `inputRowsPerSecond` divides by the time since the
 * previous trigger *start*, idle triggers included (`startTrigger` is called for every trigger).
 * Idle triggers (no batch executed) follow Spark 3.5+'s `updateIdleness`: their progress goes to
 * `recentProgress`, and a `QueryIdleEvent` is due, only when `noDataProgressEventInterval` has
 * passed since the last progress or idle report — and no idle event before the first report of
 * the run.
 */
import { formatTimestampIso } from '../internal/time/timestamp-parser.js'
import type {
  SourceProgress,
  StateOperatorProgress,
  StreamingQueryProgress,
} from '../monitor/progress.js'
import type { EventTimeStats } from './event-time-stats.js'

export interface TriggerMeasurements {
  readonly batchId: number
  readonly triggerStartMs: number
  readonly triggerEndMs: number
  readonly durationMs: Readonly<Record<string, number>>
  readonly sources: readonly {
    description: string
    startOffset: unknown
    endOffset: unknown
    /** The latest offset the source saw when planning (Kafka), else null. */
    latestOffset?: unknown
    numInputRows: number
    /** The source's own metrics (`SourceProgress.metrics`), if it has any. */
    metrics?: Readonly<Record<string, string>> | undefined
  }[]
  readonly sink: { description: string; numOutputRows: number }
  readonly stateOperators: readonly StateOperatorProgress[]
  /** Undefined when the query has no watermark. */
  readonly eventTime: { watermarkMs: number; stats: readonly EventTimeStats[] } | undefined
}

/** What an idle trigger measured. */
export interface IdleTriggerMeasurements {
  /** The id the next batch will get. */
  readonly batchId: number
  readonly triggerStartMs: number
  readonly triggerEndMs: number
  readonly latestOffsetMs: number
  readonly sources: readonly { description: string; offset: unknown }[]
  readonly sinkDescription: string
  /** The current watermark, when the query has one. */
  readonly watermarkMs: number | undefined
}

/** The outcome of an idle trigger: its progress (if recorded) and whether to post the event. */
export interface IdleReport {
  readonly progress: StreamingQueryProgress | undefined
  readonly postIdleEvent: boolean
}

export class ProgressReporter {
  private readonly recent: StreamingQueryProgress[] = []
  private previousTriggerStartMs: number | undefined
  private currentTriggerStartMs: number | undefined
  /** Spark's lastNoExecutionProgressEventTime; undefined = Long.MinValue. */
  private lastReportMs: number | undefined
  private lastExecuted: StreamingQueryProgress | undefined

  constructor(
    private readonly id: string,
    private readonly runId: string,
    private readonly name: string | null,
    private readonly noDataProgressEventIntervalMs = 10_000,
    private readonly retention = 100,
  ) {}

  /** Marks the start of a trigger (executed or idle): the base of the next input rate. */
  startTrigger(startMs: number): void {
    this.previousTriggerStartMs = this.currentTriggerStartMs
    this.currentTriggerStartMs = startMs
  }

  get lastProgress(): StreamingQueryProgress | null {
    return this.recent[this.recent.length - 1] ?? null
  }

  get recentProgress(): readonly StreamingQueryProgress[] {
    return [...this.recent]
  }

  report(m: TriggerMeasurements): StreamingQueryProgress {
    const batchDuration = m.triggerEndMs - m.triggerStartMs
    const sinceLast = this.secondsSincePreviousTrigger(m.triggerStartMs)
    const processingSeconds = Math.max(1, batchDuration) / 1000
    const sources: SourceProgress[] = m.sources.map((s) => ({
      description: s.description,
      startOffset: s.startOffset,
      endOffset: s.endOffset,
      latestOffset: s.latestOffset ?? null,
      numInputRows: s.numInputRows,
      inputRowsPerSecond: s.numInputRows / sinceLast,
      processedRowsPerSecond: s.numInputRows / processingSeconds,
      ...(s.metrics ? { metrics: s.metrics } : {}),
    }))
    const numInputRows = sources.reduce((a, s) => a + s.numInputRows, 0)
    const progress: StreamingQueryProgress = {
      id: this.id,
      runId: this.runId,
      name: this.name,
      timestamp: new Date(m.triggerStartMs).toISOString(),
      batchId: m.batchId,
      batchDuration,
      numInputRows,
      inputRowsPerSecond: numInputRows / sinceLast,
      processedRowsPerSecond: numInputRows / processingSeconds,
      durationMs: sortKeys({ ...m.durationMs, triggerExecution: batchDuration }),
      ...(m.eventTime ? { eventTime: eventTime(m.eventTime.watermarkMs, m.eventTime.stats) } : {}),
      stateOperators: m.stateOperators,
      sources,
      sink: m.sink,
    }
    this.add(progress)
    this.lastExecuted = progress
    this.lastReportMs = m.triggerEndMs
    return progress
  }

  /**
   * An idle trigger. Its progress carries the last executed batch's snapshot values (state rows,
   * memory) with the per-batch counts zeroed, as Spark's `resetExecStatsForNoExecution` does.
   */
  reportIdle(m: IdleTriggerMeasurements, nowMs: number): IdleReport {
    const last = this.lastReportMs
    if (last !== undefined && nowMs - this.noDataProgressEventIntervalMs < last)
      return { progress: undefined, postIdleEvent: false }
    this.lastReportMs = nowMs
    const batchDuration = m.triggerEndMs - m.triggerStartMs
    const sinceLast = this.secondsSincePreviousTrigger(m.triggerStartMs)
    const processingSeconds = Math.max(1, batchDuration) / 1000
    const executed = this.lastExecuted
    const progress: StreamingQueryProgress = {
      id: this.id,
      runId: this.runId,
      name: this.name,
      timestamp: new Date(m.triggerStartMs).toISOString(),
      batchId: m.batchId,
      batchDuration,
      numInputRows: 0,
      inputRowsPerSecond: 0 / sinceLast,
      processedRowsPerSecond: 0 / processingSeconds,
      durationMs: sortKeys({ latestOffset: m.latestOffsetMs, triggerExecution: batchDuration }),
      ...(executed?.eventTime && m.watermarkMs !== undefined
        ? { eventTime: { watermark: formatTimestampIso(m.watermarkMs * 1000) } }
        : {}),
      stateOperators: (executed?.stateOperators ?? []).map((op) => ({
        ...op,
        numRowsUpdated: 0,
        numRowsDroppedByWatermark: 0,
      })),
      sources: m.sources.map((s) => ({
        description: s.description,
        startOffset: s.offset,
        endOffset: s.offset,
        latestOffset: null,
        numInputRows: 0,
        inputRowsPerSecond: 0 / sinceLast,
        processedRowsPerSecond: 0 / processingSeconds,
      })),
      sink: {
        description: m.sinkDescription,
        numOutputRows: executed && executed.sink.numOutputRows >= 0 ? 0 : -1,
      },
    }
    this.add(progress)
    return { progress, postIdleEvent: last !== undefined }
  }

  private secondsSincePreviousTrigger(triggerStartMs: number): number {
    // A caller that never called startTrigger gets the executed-to-executed interval.
    if (this.currentTriggerStartMs !== triggerStartMs) this.startTrigger(triggerStartMs)
    const previous = this.previousTriggerStartMs
    return previous === undefined ? Infinity : (triggerStartMs - previous) / 1000
  }

  private add(progress: StreamingQueryProgress): void {
    this.recent.push(progress)
    while (this.recent.length >= this.retention) this.recent.shift()
  }
}

function eventTime(watermarkMs: number, stats: readonly EventTimeStats[]): Record<string, string> {
  const seen = stats.filter((s) => s.count > 0)
  const out: Record<string, string> = {}
  if (seen.length > 0) {
    const count = seen.reduce((a, s) => a + s.count, 0)
    const sum = seen.reduce((a, s) => a + s.sum, 0)
    out['avg'] = formatTimestampIso(Math.trunc(sum / count) * 1000)
    out['max'] = formatTimestampIso(Math.max(...seen.map((s) => s.max)) * 1000)
    out['min'] = formatTimestampIso(Math.min(...seen.map((s) => s.min)) * 1000)
  }
  out['watermark'] = formatTimestampIso(watermarkMs * 1000)
  return out
}

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/**
 * Builds Spark-shaped progress objects from what one trigger measured (spark-semantics §12.1)
 * and keeps `recentProgress` (a ring of the last 100).
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
    numInputRows: number
  }[]
  readonly sink: { description: string; numOutputRows: number }
  readonly stateOperators: readonly StateOperatorProgress[]
  /** Undefined when the query has no watermark. */
  readonly eventTime: { watermarkMs: number; stats: readonly EventTimeStats[] } | undefined
}

export class ProgressReporter {
  private readonly recent: StreamingQueryProgress[] = []
  private previousTriggerStartMs: number | undefined

  constructor(
    private readonly id: string,
    private readonly runId: string,
    private readonly name: string | null,
    private readonly capacity = 100,
  ) {}

  get lastProgress(): StreamingQueryProgress | null {
    return this.recent[this.recent.length - 1] ?? null
  }

  get recentProgress(): readonly StreamingQueryProgress[] {
    return [...this.recent]
  }

  report(m: TriggerMeasurements): StreamingQueryProgress {
    const batchDuration = m.triggerEndMs - m.triggerStartMs
    const sinceLast =
      this.previousTriggerStartMs === undefined
        ? Infinity
        : (m.triggerStartMs - this.previousTriggerStartMs) / 1000
    this.previousTriggerStartMs = m.triggerStartMs
    const processingSeconds = Math.max(1, batchDuration) / 1000
    const sources: SourceProgress[] = m.sources.map((s) => ({
      description: s.description,
      startOffset: s.startOffset,
      endOffset: s.endOffset,
      latestOffset: null,
      numInputRows: s.numInputRows,
      inputRowsPerSecond: s.numInputRows / sinceLast,
      processedRowsPerSecond: s.numInputRows / processingSeconds,
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
    this.recent.push(progress)
    if (this.recent.length > this.capacity) this.recent.shift()
    return progress
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

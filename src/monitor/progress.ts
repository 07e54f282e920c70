/**
 * Spark's `StreamingQueryProgress` and friends, with Spark's JSON field names and order
 * (spark-semantics §12.1), so that tools and people who know Spark read them unchanged.
 */

export interface SourceProgress {
  readonly description: string
  readonly startOffset: unknown
  readonly endOffset: unknown
  readonly latestOffset: unknown
  readonly numInputRows: number
  readonly inputRowsPerSecond?: number
  readonly processedRowsPerSecond?: number
  readonly metrics?: Readonly<Record<string, string>>
}

export interface SinkProgress {
  readonly description: string
  /** -1 for V1 sinks (Delta, foreachBatch), as in Spark. */
  readonly numOutputRows: number
  readonly metrics?: Readonly<Record<string, string>>
}

export interface StateOperatorProgress {
  readonly operatorName: string
  readonly numRowsTotal: number
  readonly numRowsUpdated: number
  readonly allUpdatesTimeMs: number
  readonly numRowsRemoved: number
  readonly allRemovalsTimeMs: number
  readonly commitTimeMs: number
  readonly memoryUsedBytes: number
  readonly numRowsDroppedByWatermark: number
  readonly numShufflePartitions: number
  readonly numStateStoreInstances: number
  readonly customMetrics?: Readonly<Record<string, number>>
}

export interface StreamingQueryProgress {
  readonly id: string
  readonly runId: string
  readonly name: string | null
  /** Trigger start, ISO-8601 UTC with ms. */
  readonly timestamp: string
  readonly batchId: number
  readonly batchDuration: number
  readonly numInputRows: number
  readonly inputRowsPerSecond?: number
  readonly processedRowsPerSecond?: number
  readonly durationMs: Readonly<Record<string, number>>
  /** Only for queries with a watermark. */
  readonly eventTime?: Readonly<Record<string, string>>
  readonly stateOperators: readonly StateOperatorProgress[]
  readonly sources: readonly SourceProgress[]
  readonly sink: SinkProgress
  readonly observedMetrics?: Readonly<Record<string, unknown>>
}

/** `query.status` (spark-semantics §12.2). */
export interface StreamingQueryStatus {
  readonly message: string
  readonly isDataAvailable: boolean
  readonly isTriggerActive: boolean
}

/** Spark's `prettyJson`: two-space indented JSON with non-finite numbers omitted. */
export function prettyJson(progress: StreamingQueryProgress): string {
  return JSON.stringify(
    progress,
    (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? undefined : v),
    2,
  )
}

/**
 * The streaming-query listener events, shaped like Spark's `StreamingQueryListener` events
 * (spark-semantics §12.3), and the listener interface with optional `on…` hooks. The dashboard,
 * the metrics, the progress log and the terminal status line all subscribe through this one
 * interface.
 */
import type { StreamingQueryProgress } from './progress.js'

/** `QueryStartedEvent`: posted on every `start()` (a restart gets a new runId). */
export interface QueryStartedEvent {
  readonly id: string
  readonly runId: string
  readonly name: string | null
  /** Start time, ISO-8601 UTC with ms. */
  readonly timestamp: string
}

/** `QueryProgressEvent`: posted after every executed batch (data or no-data batch). */
export interface QueryProgressEvent {
  readonly progress: StreamingQueryProgress
}

/**
 * `QueryIdleEvent` (Spark 3.5+): posted instead of a progress event when a trigger found nothing
 * to do, at most once per `spark.sql.streaming.noDataProgressEventInterval`.
 */
export interface QueryIdleEvent {
  readonly id: string
  readonly runId: string
  /** Start of the idle trigger, ISO-8601 UTC with ms. */
  readonly timestamp: string
}

/** `QueryTerminatedEvent`: posted when a query stops or fails. */
export interface QueryTerminatedEvent {
  readonly id: string
  readonly runId: string
  /** The failure's message, or null for a clean stop. */
  readonly exception: string | null
  /** The failure's error code (Spark's error class), or null. */
  readonly errorClassOnException: string | null
}

/**
 * Spark's `StreamingQueryListener`, with optional hooks. A hook that throws (or returns a
 * rejected promise) is reported as a warning and never affects the query.
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * const spark = SparkSession.builder().getOrCreate()
 * spark.streams.addListener({
 *   onQueryProgress: ({ progress }) => console.log(progress.batchId, progress.numInputRows),
 *   onQueryIdle: ({ id }) => console.log(`${id} is waiting for data`),
 * })
 * ```
 */
export interface StreamingQueryListener {
  onQueryStarted?(event: QueryStartedEvent): void | Promise<void>
  onQueryProgress?(event: QueryProgressEvent): void | Promise<void>
  onQueryIdle?(event: QueryIdleEvent): void | Promise<void>
  onQueryTerminated?(event: QueryTerminatedEvent): void | Promise<void>
}

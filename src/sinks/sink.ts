/**
 * The sink contract of the embedded executor. `addBatch` must be idempotent by batch id: after a
 * crash the executor re-delivers the last planned batch with the same id and the same rows, and
 * a sink that already holds it must not write it twice (spark-semantics §11.4).
 */
import type { Row, StructType } from '../types/index.js'
import type { RecordChunk } from '../types/record-chunk.js'

export type OutputMode = 'append' | 'update' | 'complete'

/** Facts a sink gets before the first batch. */
export interface SinkStartContext {
  readonly queryId: string
  readonly outputMode: OutputMode
  readonly schema: StructType
  readonly timeZone: string
  /**
   * Update mode of an aggregation: the output columns that identify a group (the grouping keys,
   * e.g. `window` and `event_type`). A sink that supports upserts replaces the previous row of each
   * key; undefined for queries without a streaming aggregation (update then equals append).
   */
  readonly upsertKeys?: readonly string[]
}

export interface Sink {
  /** As Spark prints it in progress, e.g. `DeltaSink[/abs/path]`. */
  readonly description: string
  /** False for Spark's "V1" sinks (Delta, foreachBatch), whose progress shows numOutputRows -1. */
  readonly reportsOutputRows: boolean
  /** Rejects an unsupported output mode or an incompatible schema before the query starts. */
  start(ctx: SinkStartContext): Promise<void>
  addBatch(batchId: number, rows: readonly Row[]): Promise<void>
  /**
   * Optional: `addBatch` for records as the source read them (chunks that may be packed by
   * column). The executor uses it when the query passes its input through untouched; a sink
   * that writes columns then builds no row objects. Same contract as `addBatch`.
   */
  addChunks?(batchId: number, chunks: readonly RecordChunk[]): Promise<void>
  stop(): Promise<void>
}

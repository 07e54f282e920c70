import type { LateRecord } from './late-record.js'

/**
 * What a stateful operator needs to know about the micro-batch it runs in (spark-semantics §3.3):
 * late input is judged against the previous batch's watermark, state is evicted with this one's.
 */
export interface BatchContext {
  readonly batchId: number
  /** W(N-1): rows (or groups) at or before it are late and dropped. 0 in batch 0. */
  readonly lateWatermarkMs: number
  /** W(N): state at or before it is closed/evicted. */
  readonly evictWatermarkMs: number
  /** True when the batch runs only to advance the watermark (no new input). */
  readonly isNoDataBatch: boolean
  /** When set, operators append what they drop as late (the late-data table is on). */
  readonly lateRecords?: LateRecord[]
}

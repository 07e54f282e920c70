/**
 * What the executor sees of a stateful operator: its identity in the checkpoint
 * (`state/<operatorId>`), whether a newer watermark calls for a no-data batch, and its metrics.
 */
import type { StateOperatorProgress } from '../../monitor/progress.js'

export interface StatefulOperator {
  readonly operatorId: number
  /** As Spark names it in progress: stateStoreSave, dedupe, dedupeWithinWatermark, sessionWindowStateStoreSaveExec. */
  readonly operatorName: string
  /** Spark's shouldRunAnotherBatch: would a batch with this watermark emit or evict anything new? */
  shouldRunAnotherBatch(newWatermarkMs: number): boolean
  /**
   * After a restart: the eviction watermark the last committed batch ran with, as if this
   * process had run it. Spark forgets it (its `lastExecution` is gone), so a query killed between
   * a batch and the no-data batch that would close windows never closes them until new data
   * comes; we remember it, so a restarted query runs that no-data batch (a deliberate difference
   * from Spark, test/oracle/DIFFERENCES.md).
   */
  recoverLastBatch(evictWatermarkMs: number): void
  /** Metrics of the last batch (zeros before the first). */
  readonly progress: StateOperatorProgress
  close(): Promise<void>
}

/** Progress of an operator that has not run a batch yet, or from a store's commit metrics. */
export function operatorProgress(
  operatorName: string,
  m: {
    numRowsTotal: number
    numRowsUpdated: number
    numRowsRemoved: number
    memoryUsedBytes: number
    commitTimeMs: number
    numRowsDroppedByWatermark: number
    allUpdatesTimeMs?: number
    allRemovalsTimeMs?: number
    customMetrics?: Record<string, number>
  },
): StateOperatorProgress {
  return {
    operatorName,
    numRowsTotal: m.numRowsTotal,
    numRowsUpdated: m.numRowsUpdated,
    allUpdatesTimeMs: m.allUpdatesTimeMs ?? 0,
    numRowsRemoved: m.numRowsRemoved,
    allRemovalsTimeMs: m.allRemovalsTimeMs ?? 0,
    commitTimeMs: m.commitTimeMs,
    memoryUsedBytes: m.memoryUsedBytes,
    numRowsDroppedByWatermark: m.numRowsDroppedByWatermark,
    numShufflePartitions: 1,
    numStateStoreInstances: 1,
    customMetrics: Object.fromEntries(
      Object.entries(m.customMetrics ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)),
    ),
  }
}

/** Progress of an operator before its first batch: every counter zero. */
export function emptyProgress(
  operatorName: string,
  customMetrics?: Record<string, number>,
): StateOperatorProgress {
  return operatorProgress(operatorName, {
    numRowsTotal: 0,
    numRowsUpdated: 0,
    numRowsRemoved: 0,
    memoryUsedBytes: 0,
    commitTimeMs: 0,
    numRowsDroppedByWatermark: 0,
    ...(customMetrics ? { customMetrics } : {}),
  })
}

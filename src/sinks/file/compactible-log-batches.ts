/**
 * The batch-id arithmetic of Spark's CompactibleFileStreamLog (the `_spark_metadata` log of the
 * file sink), pure: every `compactInterval`-th batch (ids 9, 19, 29 … with 10) is a compaction
 * batch whose file `N.compact` holds every entry up to it; the other batches have a file `N` of
 * their own entries. Spark's `getValidBatchesBeforeCompactionBatch`, `getAllValidBatches`,
 * `nextCompactionBatchId`, `deriveCompactInterval` and the cut of `deleteExpiredLog`.
 */

/** Spark's `spark.sql.streaming.fileSink.log.compactInterval` default. */
export const DEFAULT_COMPACT_INTERVAL = 10

export const COMPACT_FILE_SUFFIX = '.compact'

export function isCompactionBatch(batchId: number, compactInterval: number): boolean {
  return (batchId + 1) % compactInterval === 0
}

/** The file name of a batch's entry: `N.compact` for a compaction batch, else `N`. */
export function batchFileName(batchId: number, compactInterval: number): string {
  return isCompactionBatch(batchId, compactInterval)
    ? `${batchId}${COMPACT_FILE_SUFFIX}`
    : String(batchId)
}

/** The batch id of a log file name, or undefined for other names (temp files, checksums). */
export function batchIdOfFileName(name: string): number | undefined {
  const text = name.endsWith(COMPACT_FILE_SUFFIX)
    ? name.slice(0, -COMPACT_FILE_SUFFIX.length)
    : name
  if (!/^\d+$/.test(text)) return undefined
  const id = Number(text)
  return Number.isSafeInteger(id) ? id : undefined
}

/**
 * The entries a compaction at `compactionBatchId` merges with its own: the previous compaction
 * batch and the batches after it (interval 3, batch 5: 2, 3, 4).
 */
export function batchesBeforeCompaction(
  compactionBatchId: number,
  compactInterval: number,
): number[] {
  const out: number[] = []
  for (let id = Math.max(0, compactionBatchId - compactInterval); id < compactionBatchId; id++)
    out.push(id)
  return out
}

/** The entries that together list every file up to `batchId`: its compaction and what follows. */
export function allValidBatches(batchId: number, compactInterval: number): number[] {
  const start = Math.max(0, Math.floor((batchId + 1) / compactInterval) * compactInterval - 1)
  const out: number[] = []
  for (let id = start; id <= batchId; id++) out.push(id)
  return out
}

export function nextCompactionBatchId(batchId: number, compactInterval: number): number {
  return Math.floor((batchId + compactInterval + 1) / compactInterval) * compactInterval - 1
}

/**
 * The interval of an existing log (SPARK-18187): two or more `.compact` files give their
 * distance; one gives the smallest divisor of `id + 1` at least the configured interval (or
 * `id + 1`), so that the existing compaction stays one; none gives the configured interval.
 */
export function compactIntervalOf(
  configured: number,
  compactionBatchIds: readonly number[],
): number {
  const ids = [...compactionBatchIds].sort((a, b) => b - a)
  if (ids.length >= 2) return ids[0]! - ids[1]!
  if (ids.length === 1) return deriveCompactInterval(configured, ids[0]!)
  return configured
}

export function deriveCompactInterval(
  defaultInterval: number,
  latestCompactBatchId: number,
): number {
  const n = latestCompactBatchId + 1
  if (n <= defaultInterval) return n
  if (defaultInterval < Math.floor(n / 2)) {
    for (let i = defaultInterval; i <= Math.floor(n / 2); i++) if (n % i === 0) return i
    return n
  }
  return n
}

/**
 * After adding `currentBatchId`: log files with ids below the returned one may go (those older
 * than the cleanup delay), keeping the compaction that covers the last `minBatchesToRetain`
 * batches; undefined while the log is too short for any deletion.
 */
export function expiredBelow(
  currentBatchId: number,
  compactInterval: number,
  minBatchesToRetain: number,
): number | undefined {
  if (compactInterval > currentBatchId + 1 - minBatchesToRetain) return undefined
  const minBatchId = currentBatchId + 1 - minBatchesToRetain
  return minBatchId - (minBatchId % compactInterval) - 1
}

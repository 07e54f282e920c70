/**
 * OPTIMIZE (bin-packing compaction), as Delta's `OptimizeTableCommand` does it: the bins of
 * compaction-plan.ts are each read and written again as one file, and one commit removes the
 * small files and adds the new ones, every action with `dataChange=false` — the rows are the
 * same, so streaming readers of the table skip the commit (no row is read twice). The commit is
 * Spark's: operation `OPTIMIZE`, parameters `predicate`/`zOrderBy`/`clusterBy`/`auto`, Spark's
 * operationMetrics names, isolation level SnapshotIsolation.
 *
 * Concurrency: the commit removes only files it read, so a concurrent blind append does not
 * conflict (the transaction retries at the next version), while a concurrent commit that removed
 * one of the same files does (SL_DELTA_CONFLICT); the files this run wrote are then deleted and
 * the table is as before. A crash before the commit leaves only unreferenced files, which VACUUM
 * (or the streaming sink's orphan cleanup, for files named for its query) deletes.
 *
 * Z-ordering is not implemented and is refused by the callers (SL_DELTA_ZORDER_UNSUPPORTED):
 * rewriting by interleaved bits of every column's range is a sort this library does not have.
 */
import { promises as fs } from 'node:fs'
import { crashPoint } from '../internal/crash-points.js'
import type { Row } from '../types/index.js'
import type { AddAction, Action } from './actions.js'
import { planCompaction, type CompactionBin, type CompactionSizes } from './compaction-plan.js'
import { writeDataFile } from './data-file-writer.js'
import type { DeltaLog } from './delta-log.js'
import { readFileRows, removeWithTimestamp, resolveDataPath } from './file-reader.js'
import type { Snapshot } from './snapshot.js'

/** Spark's default `spark.databricks.delta.optimize.maxFileSize` (and minFileSize): 1 GiB. */
export const DEFAULT_OPTIMIZE_FILE_SIZE = 1024 ** 3

/** Options of {@link optimizeTable}. */
export interface OptimizeOptions {
  /** Only partitions whose serialized values pass (the `where` clause); default all. */
  readonly partitionFilter?: (values: Readonly<Record<string, string | null>>) => boolean
  /** The `where` predicates as written, for `operationParameters.predicate`. */
  readonly predicates?: readonly string[]
  /** Target size of a bin (default `delta.targetFileSize`, else 1 GiB). */
  readonly maxFileSize?: number
  /** Files of at least this size are not rewritten (default: the target size). */
  readonly minFileSize?: number
  /** True for auto compaction after a write (`operationParameters.auto`). */
  readonly auto?: boolean
  /** Marks the new files' names (a streaming sink's query id, for its orphan cleanup). */
  readonly owner?: string
  /** The snapshot to compact (default: the latest). */
  readonly snapshot?: Snapshot
  /** Clock for the removes' `deletionTimestamp` (ms; default Date.now). */
  readonly now?: () => number
}

/** Min/max/average/count/total of a set of file sizes (Delta's `FileSizeStats`). */
export interface FileSizeSummary {
  readonly min: number
  readonly max: number
  readonly avg: number
  readonly totalFiles: number
  readonly totalSize: number
}

/** What OPTIMIZE did: the fields of Delta's `OptimizeMetrics` that apply to bin-packing. */
export interface OptimizeMetrics {
  readonly numFilesAdded: number
  readonly numFilesRemoved: number
  readonly filesAdded: FileSizeSummary
  readonly filesRemoved: FileSizeSummary
  readonly partitionsOptimized: number
  readonly numBatches: number
  readonly totalConsideredFiles: number
  readonly totalFilesSkipped: number
  readonly startTimeMs: number
  readonly endTimeMs: number
}

/** The result of {@link optimizeTable}. */
export interface OptimizeResult {
  /** The committed version, or undefined when there was nothing to compact (no commit). */
  readonly version: number | undefined
  readonly metrics: OptimizeMetrics
}

/** The sizes OPTIMIZE uses for `snapshot` and `options`. */
export function compactionSizes(snapshot: Snapshot, options: OptimizeOptions): CompactionSizes {
  const max =
    options.maxFileSize ?? snapshot.tableProperties.targetFileSize ?? DEFAULT_OPTIMIZE_FILE_SIZE
  return { maxFileSize: max, minFileSize: options.minFileSize ?? max }
}

/** Compacts the small files of the table of `log`; see the module comment. */
export async function optimizeTable(
  log: DeltaLog,
  options: OptimizeOptions = {},
): Promise<OptimizeResult> {
  const now = options.now ?? ((): number => log.now())
  const startTimeMs = now()
  const snapshot = options.snapshot ?? (await log.snapshot())
  const plan = planCompaction(
    snapshot.files,
    compactionSizes(snapshot, options),
    options.partitionFilter,
  )
  const removed = plan.bins.flatMap((b) => b.files)
  const added: AddAction[] = []
  let version: number | undefined
  if (plan.bins.length > 0) {
    try {
      for (const bin of plan.bins) {
        const add = await rewriteBin(snapshot, bin, options.owner)
        if (add) added.push(add)
      }
      crashPoint('delta-optimize-files-written')
      const deletionTimestamp = now()
      const actions: Action[] = [
        ...removed.map((f) => ({ remove: removeWithTimestamp(f, deletionTimestamp, false) })),
        ...added.map((add) => ({ add })),
      ]
      const txn = await log.startTransaction(snapshot)
      version = await txn.commit(actions, {
        name: 'OPTIMIZE',
        parameters: {
          predicate: JSON.stringify(options.predicates ?? []),
          zOrderBy: '[]',
          clusterBy: '[]',
          auto: String(options.auto ?? false),
        },
        metrics: operationMetrics(removed, added),
        isBlindAppend: false,
        isolationLevel: 'SnapshotIsolation',
      })
      crashPoint('delta-optimize-committed')
    } catch (e) {
      // Nothing references the new files: take them away again (best effort, VACUUM would).
      for (const add of added)
        await fs.rm(resolveDataPath(snapshot.tablePath, add.path), { force: true })
      throw e
    }
  }
  const partitions = new Set(plan.bins.map((b) => JSON.stringify(b.partitionValues)))
  return {
    version,
    metrics: {
      numFilesAdded: added.length,
      numFilesRemoved: removed.length,
      filesAdded: summary(added.map((f) => f.size)),
      filesRemoved: summary(removed.map((f) => f.size)),
      partitionsOptimized: partitions.size,
      numBatches: plan.bins.length > 0 ? 1 : 0,
      totalConsideredFiles: plan.consideredFiles,
      totalFilesSkipped: plan.skippedFiles,
      startTimeMs,
      endTimeMs: now(),
    },
  }
}

/** Reads a bin's rows and writes them as one file; undefined when the files hold no row. */
async function rewriteBin(
  snapshot: Snapshot,
  bin: CompactionBin,
  owner: string | undefined,
): Promise<AddAction | undefined> {
  const rows: Row[] = (await readFileRows(snapshot, bin.files)).flat()
  if (rows.length === 0) return undefined
  const fields = snapshot.schema.fields
  const partitionValues: Record<string, unknown> = {}
  // Every row of a bin has the bin's partition values; the reader typed them already.
  for (const c of snapshot.partitionColumns)
    partitionValues[c] = rows[0]![fields.findIndex((f) => f.name === c)]
  const add = await writeDataFile(snapshot.tablePath, snapshot.schema, rows, {
    ...(snapshot.partitionColumns.length > 0 ? { partitionValues } : {}),
    dataChange: false,
    ...(owner === undefined ? {} : { owner }),
  })
  // Keep the partition's values exactly as the log spelled them (the identity of the partition).
  return { ...add, partitionValues: { ...bin.partitionValues } }
}

/** Spark's OPTIMIZE operationMetrics (file size percentiles over the added files). */
function operationMetrics(
  removed: readonly AddAction[],
  added: readonly AddAction[],
): Record<string, string> {
  const sizes = added.map((f) => f.size).sort((a, b) => a - b)
  const at = (p: number): number => sizes[Math.floor(p * (sizes.length - 1))] ?? 0
  return {
    numRemovedFiles: String(removed.length),
    numRemovedBytes: String(removed.reduce((n, f) => n + f.size, 0)),
    p25FileSize: String(at(0.25)),
    numDeletionVectorsRemoved: String(removed.filter((f) => f.deletionVector != null).length),
    minFileSize: String(sizes[0] ?? 0),
    p75FileSize: String(at(0.75)),
    p50FileSize: String(at(0.5)),
    numAddedBytes: String(sizes.reduce((n, s) => n + s, 0)),
    numAddedFiles: String(added.length),
    maxFileSize: String(sizes[sizes.length - 1] ?? 0),
  }
}

function summary(sizes: readonly number[]): FileSizeSummary {
  const totalSize = sizes.reduce((n, s) => n + s, 0)
  return {
    min: sizes.length > 0 ? sizes.reduce((a, b) => Math.min(a, b)) : 0,
    max: sizes.reduce((a, b) => Math.max(a, b), 0),
    avg: sizes.length > 0 ? totalSize / sizes.length : 0,
    totalFiles: sizes.length,
    totalSize,
  }
}

/**
 * Copy-on-write rewrites for DELETE, UPDATE and MERGE (Delta without deletion vectors): every
 * live file is read, the caller's transform says what its rows become, and one commit removes
 * each changed file and adds a file with its new rows (dataChange=true on both: the rows
 * changed). Files the transform leaves alone are not touched; a file whose rows all go is only
 * removed. MERGE adds its inserted rows (asked for once every file was seen) in the same commit.
 * The transform evaluates the condition (the engine's expressions live outside this library).
 *
 * Concurrency as Delta's DML (ConflictChecker; Delta OSS commits DML as Serializable): the files
 * read and the partitions read are tracked on the transaction, so a concurrent commit that removes
 * a file this one read (ConcurrentDeleteRead) or adds a file — a blind append too — in a partition
 * it read (ConcurrentAppend) fails it with SL_DELTA_CONFLICT; the new files are deleted again.
 * `partitionFilter` (DELETE/UPDATE's conjuncts on partition columns) limits both to the matching
 * partitions, whose files alone are read. MERGE passes `readWholeTable`: any concurrent data
 * change conflicts.
 */
import { promises as fs } from 'node:fs'
import type { Row, StructType } from '../types/index.js'
import type { Action, AddAction } from './actions.js'
import type { CommitOperation } from './commit-info.js'
import { writeDataFile } from './data-file-writer.js'
import type { DeltaLog } from './delta-log.js'
import { readFileRows, removeWithTimestamp, resolveDataPath } from './file-reader.js'
import type { Snapshot } from './snapshot.js'

/** What one file's rows become: `undefined` for unchanged. */
export type RowTransform = (rows: readonly Row[]) => Promise<Row[] | undefined>

/** What MERGE needs beyond DELETE/UPDATE's rewrite. */
export interface RewriteOptions {
  /** The snapshot to rewrite (default: the latest); the commit is based on it. */
  readonly snapshot?: Snapshot
  /** Rows to add in new files, asked for once every file was transformed (MERGE's inserts). */
  readonly appendRows?: () => Promise<readonly Row[]>
  /** More actions for the commit (a `txn` for idempotent DML). */
  readonly actions?: readonly Action[]
  /** Commit even when no file changed (Spark's MERGE always commits). */
  readonly commitEmpty?: boolean
  /** The schema of the new files when the commit changes it (MERGE with schema evolution). */
  readonly schema?: StructType
  /**
   * The partitions whose files can hold matching rows (Delta's partition predicates of the
   * condition); files outside are neither read nor changed. Default: every partition.
   */
  readonly partitionFilter?: (partitionValues: Readonly<Record<string, string | null>>) => boolean
}

/** Counts of a rewrite. */
export interface RewriteResult {
  /** The committed version, or undefined when no file changed. */
  readonly version: number | undefined
  readonly numRemovedFiles: number
  readonly numAddedFiles: number
  readonly numRemovedBytes: number
  readonly numAddedBytes: number
  /** Rows of the changed files before and after. */
  readonly rowsBefore: number
  readonly rowsAfter: number
}

/**
 * Rewrites the table of `log` file by file with `transform` and commits as `operation` (whose
 * metrics are completed by `metrics(result)`).
 */
export async function rewriteFiles(
  log: DeltaLog,
  transform: RowTransform,
  operation: Omit<CommitOperation, 'metrics'>,
  metrics: (r: Omit<RewriteResult, 'version'>) => Record<string, string>,
  options: RewriteOptions = {},
): Promise<RewriteResult> {
  const snapshot = options.snapshot ?? (await log.snapshot())
  const schema = options.schema ?? snapshot.schema
  const removed: AddAction[] = []
  const added: AddAction[] = []
  let rowsBefore = 0
  let rowsAfter = 0
  const partitionIndexes = snapshot.partitionColumns.map((c) =>
    schema.fields.findIndex((f) => f.name === c),
  )
  // An UPDATE may move rows to another partition: one file per partition of the new rows.
  const writeRows = async (rows: readonly Row[]): Promise<void> => {
    for (const group of byPartition(rows, partitionIndexes)) {
      const partitionValues: Record<string, unknown> = {}
      snapshot.partitionColumns.forEach(
        (c, k) => (partitionValues[c] = group[0]![partitionIndexes[k]!]),
      )
      added.push(
        await writeDataFile(snapshot.tablePath, schema, group, {
          ...(snapshot.partitionColumns.length > 0 ? { partitionValues } : {}),
        }),
      )
    }
  }
  const readPartition = options.partitionFilter ?? (() => true)
  const read = snapshot.files.filter((f) => readPartition(f.partitionValues))
  try {
    for (const file of read) {
      const [rows] = await readFileRows(snapshot, [file])
      const next = await transform(rows!)
      if (next === undefined) continue
      removed.push(file)
      rowsBefore += rows!.length
      rowsAfter += next.length
      await writeRows(next)
    }
    if (options.appendRows) await writeRows(await options.appendRows())
    const counts = {
      numRemovedFiles: removed.length,
      numAddedFiles: added.length,
      numRemovedBytes: removed.reduce((n, f) => n + f.size, 0),
      numAddedBytes: added.reduce((n, f) => n + f.size, 0),
      rowsBefore,
      rowsAfter,
    }
    if (removed.length === 0 && added.length === 0 && !options.commitEmpty)
      return { version: undefined, ...counts }
    const now = log.now()
    const actions: Action[] = [
      ...(options.actions ?? []),
      ...removed.map((f) => ({ remove: removeWithTimestamp(f, now, true) })),
      ...added.map((add) => ({ add })),
    ]
    const txn = await log.startTransaction(snapshot)
    txn.trackFilesRead(read)
    txn.trackReadPartitions(readPartition)
    const version = await txn.commit(actions, {
      ...operation,
      metrics: metrics(counts),
      isBlindAppend: false,
    })
    return { version, ...counts }
  } catch (e) {
    for (const add of added)
      await fs.rm(resolveDataPath(snapshot.tablePath, add.path), { force: true })
    throw e
  }
}

function byPartition(rows: readonly Row[], indexes: readonly number[]): Row[][] {
  if (indexes.length === 0) return rows.length > 0 ? [[...rows]] : []
  const groups = new Map<string, Row[]>()
  for (const row of rows) {
    const key = JSON.stringify(
      indexes.map((i) => row[i]),
      (_k, v: unknown) =>
        typeof v === 'bigint'
          ? `n:${v}`
          : v instanceof Uint8Array
            ? Buffer.from(v).toString('hex')
            : v,
    )
    let group = groups.get(key)
    if (!group) groups.set(key, (group = []))
    group.push(row)
  }
  return [...groups.values()]
}

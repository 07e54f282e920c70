/**
 * `df.write.format('delta')` (Delta's `WriteIntoDelta`): one commit per write, operation `WRITE`.
 *
 * - errorifexists fails on an existing table, ignore leaves it alone; append adds files;
 *   overwrite removes every live file in the same commit (readWholeTable: a concurrent append is
 *   a conflict, as in Delta).
 * - Schema: schema-evolution.ts (mergeSchema); `overwriteSchema` with overwrite replaces the
 *   schema and the partitioning (the table id stays). `partitionBy` must match an existing
 *   table's partitioning unless the schema is overwritten.
 * - `replaceWhere` (overwrite only): every written row must satisfy the predicate (else
 *   SL_SINK_REPLACE_WHERE_MISMATCH, nothing written), and only the rows satisfying it are
 *   replaced: a file whose rows all match is removed, a file with some matching rows is removed
 *   and its other rows rewritten (Delta's replaceWhere on data columns, which it does as a
 *   DELETE). A predicate on partition columns only is decided from `partitionValues`.
 * - `txnAppId`/`txnVersion`: the commit carries `txn{appId, version}`; a write whose appId has
 *   already committed a version >= txnVersion is skipped (Delta's idempotent writes), and a
 *   concurrent commit of the same appId fails the commit instead of retrying.
 * - `userMetadata` goes to `commitInfo.userMetadata`.
 * - `partitionOverwriteMode=dynamic` (option, or the session's
 *   `spark.sql.sources.partitionOverwriteMode`): an overwrite of a partitioned table removes only
 *   the files of the partitions it writes (Delta's dynamic partition overwrite). Refused as an
 *   option together with replaceWhere, as Delta refuses it; overwriteSchema replaces the whole
 *   table.
 */
import {
  DeltaLog,
  newTableMetadata,
  readFileRows,
  removeWithTimestamp,
  parsePartitionValue,
  type Action,
  type AddAction,
  type MetadataAction,
  type Snapshot,
} from '../../delta/index.js'
import { EngineError, SinkError } from '../../errors/index.js'
import { asNullable, schemaToJson, type Row, type StructType } from '../../types/index.js'
import type { BatchWriteFormat, BatchWriteRequest, RowPredicate } from '../batch-write.js'
import {
  DELTA_WRITE_OPTIONS,
  deltaWriteOptions,
  type DeltaWriteOptions,
} from './delta-write-options.js'
import { partitionOverwriteMode } from '../partition-overwrite-mode.js'
import { planAppendSchema, projectRows, type SchemaPlan } from './schema-evolution.js'
import { writeTableFiles } from './write-table-files.js'

/** Rows per Parquet file, as the streaming sink. */
const MAX_ROWS_PER_FILE = 1_000_000

const MODE_PARAMETER = {
  append: 'Append',
  overwrite: 'Overwrite',
  errorifexists: 'ErrorIfExists',
  ignore: 'Ignore',
} as const

/** What a Delta batch write did. @internal */
export interface DeltaWriteResult {
  /** The committed version; undefined when nothing was committed. */
  readonly version: number | undefined
  /** Why nothing was committed. */
  readonly skipped?: 'table-exists' | 'txn-already-committed' | 'no-changes'
}

/** The `delta` entry of the batch writer's format table. @internal */
export const DELTA_BATCH_FORMAT: BatchWriteFormat = {
  options: DELTA_WRITE_OPTIONS,
  async write(request) {
    await writeDeltaBatch(request)
  },
}

/** Writes one batch into the Delta table at `request.path`. @internal */
export async function writeDeltaBatch(request: BatchWriteRequest): Promise<DeltaWriteResult> {
  const { path, mode } = request
  const options = deltaWriteOptions(request.options)
  if (options.replaceWhere !== undefined && mode !== 'overwrite')
    throw invalidOption(
      'replaceWhere',
      `only applies to mode('overwrite'), not ${mode}`,
      options.replaceWhere,
      "Add .mode('overwrite').",
    )
  if (options.replaceWhere !== undefined && options.overwriteSchema)
    throw invalidOption(
      'overwriteSchema',
      'cannot be used with replaceWhere',
      'true',
      'Overwrite the whole table to change its schema, or drop overwriteSchema.',
    )
  const overwriteMode = partitionOverwriteMode(
    request.options,
    request.sessionPartitionOverwriteMode,
  )
  if (options.replaceWhere !== undefined && overwriteMode.dynamic && overwriteMode.fromOption)
    throw invalidOption(
      'partitionOverwriteMode',
      "cannot be 'dynamic' together with a replaceWhere expression in the DataFrameWriter options",
      'dynamic',
      'Both say which data to overwrite: keep one of them.',
    )
  const predicate =
    options.replaceWhere === undefined ? undefined : request.compilePredicate(options.replaceWhere)
  const log = DeltaLog.forTable(path)
  const snapshot = await log.snapshot()
  if (snapshot.exists && mode === 'errorifexists')
    throw new SinkError('SL_SINK_PATH_EXISTS', { path, format: 'delta' }, { path })
  if (snapshot.exists && mode === 'ignore') return { version: undefined, skipped: 'table-exists' }
  const txn = await log.startTransaction(snapshot)
  if (options.txn) {
    const done = txn.txnVersion(options.txn.appId)
    if (done !== undefined && done >= options.txn.version)
      return { version: undefined, skipped: 'txn-already-committed' }
  }
  const target = targetTable(request, snapshot, options)
  // Delta's WriteIntoDelta: dynamic mode is ignored for an unpartitioned table, gives way to a
  // replaceWhere option when the session set it, and to overwriteSchema (Delta 4.4 replaces the
  // whole table then; older Deltas refused the pair).
  const dynamic =
    overwriteMode.dynamic &&
    target.partitionColumns.length > 0 &&
    options.replaceWhere === undefined &&
    !options.overwriteSchema
  const rows = projectRows(request.rows, target.sources, target.reshape)
  if (predicate) await checkWrittenRows(path, options.replaceWhere!, predicate.test, target, rows)
  const actions: Action[] = []
  if (target.metadata) actions.push({ metaData: target.metadata })
  const now = Date.now()
  const overwrite = mode === 'overwrite' && snapshot.exists
  let removed: readonly AddAction[] = []
  let kept: Row[] = []
  if (overwrite && predicate) {
    ;({ removed, kept } = await filesToReplace(snapshot, predicate, target.schema))
  } else if (overwrite && !dynamic) removed = snapshot.files
  const adds = await writeTableFiles(
    path,
    target.schema,
    target.partitionColumns,
    [...rows, ...kept],
    {
      maxRowsPerFile: MAX_ROWS_PER_FILE,
    },
  )
  if (overwrite && dynamic)
    removed = filesInPartitions(snapshot.files, adds, target.partitionColumns)
  for (const f of removed) actions.push({ remove: removeWithTimestamp(f, now) })
  for (const add of adds) actions.push({ add })
  if (options.txn)
    actions.push({
      txn: { appId: options.txn.appId, version: options.txn.version, lastUpdated: now },
    })
  // Delta's commitIfNeeded: a write that changes nothing (an empty append, an overwrite of
  // nothing with nothing) makes no commit (a txn action is a change).
  if (actions.length === 0) return { version: undefined, skipped: 'no-changes' }
  const parameters: Record<string, string> = {
    mode: MODE_PARAMETER[mode],
    // The writer's partitionBy, as Delta logs it ('[]' when not called), not the table's.
    partitionBy: JSON.stringify(request.partitionBy ?? []),
  }
  if (overwrite && dynamic) parameters['isDynamicPartitionOverwrite'] = 'true'
  if (options.replaceWhere !== undefined)
    parameters['predicate'] = JSON.stringify([options.replaceWhere])
  const version = await txn.commit(actions, {
    name: 'WRITE',
    parameters,
    metrics: {
      numFiles: String(adds.length),
      numOutputRows: String(rows.length + kept.length),
      numOutputBytes: String(adds.reduce((a, add) => a + add.size, 0)),
      ...(overwrite ? { numRemovedFiles: String(removed.length) } : {}),
    },
    isBlindAppend: !overwrite,
    readWholeTable: overwrite,
    ...(options.userMetadata !== undefined ? { userMetadata: options.userMetadata } : {}),
  })
  return { version }
}

interface TargetTable {
  readonly schema: StructType
  readonly partitionColumns: readonly string[]
  /** The metaData action to commit; undefined when the table's stays. */
  readonly metadata: MetadataAction | undefined
  /** For each column of `schema`, the data column feeding it (-1: null). */
  readonly sources: readonly number[]
  /** For each column of `schema`, the reshaping of nested values (schema-evolution.ts). */
  readonly reshape: SchemaPlan['reshape']
}

/** The table's schema, partitioning and metadata after the write. */
function targetTable(
  request: BatchWriteRequest,
  snapshot: Snapshot,
  options: DeltaWriteOptions,
): TargetTable {
  const { path, schema: data, partitionBy } = request
  const identity = data.fields.map((_, i) => i)
  // Delta stores the written columns nullable (`data.schema.asNullable`).
  const fresh = (): MetadataAction =>
    newTableMetadata(asNullable(data), { partitionColumns: partitionBy ?? [], tablePath: path })
  if (!snapshot.exists) {
    const metadata = fresh()
    return {
      schema: asNullable(data),
      partitionColumns: metadata.partitionColumns,
      metadata,
      sources: identity,
      reshape: [],
    }
  }
  if (request.mode === 'overwrite' && options.overwriteSchema) {
    const replaced = fresh()
    return {
      schema: asNullable(data),
      partitionColumns: replaced.partitionColumns,
      metadata: {
        ...snapshot.metadata,
        schemaString: replaced.schemaString,
        partitionColumns: replaced.partitionColumns,
      },
      sources: identity,
      reshape: [],
    }
  }
  const tableParts = snapshot.partitionColumns
  if (
    partitionBy !== undefined &&
    (partitionBy.length !== tableParts.length ||
      partitionBy.some((c, i) => c.toLowerCase() !== tableParts[i]!.toLowerCase()))
  ) {
    throw new SinkError(
      'SL_SINK_PARTITION_COLUMNS_MISMATCH',
      { path, given: `[${partitionBy.join(', ')}]`, table: `[${tableParts.join(', ')}]` },
      { path },
    )
  }
  const plan = planAppendSchema(path, snapshot.schema, data, options.mergeSchema)
  return {
    schema: plan.schema,
    partitionColumns: tableParts,
    metadata: plan.changed
      ? { ...snapshot.metadata, schemaString: schemaToJson(plan.schema) }
      : undefined,
    sources: plan.sources,
    reshape: plan.reshape,
  }
}

/** Delta's replaceWhere constraint: every written row satisfies the predicate. */
async function checkWrittenRows(
  path: string,
  text: string,
  test: RowPredicate,
  target: TargetTable,
  rows: readonly Row[],
): Promise<void> {
  if (rows.length === 0) return
  const results = await test(target.schema, rows)
  const failing = results.map((r, i) => (r === true ? -1 : i)).filter((i) => i >= 0)
  if (failing.length === 0) return
  const row = rows[failing[0]!]!
  throw new SinkError(
    'SL_SINK_REPLACE_WHERE_MISMATCH',
    {
      path,
      predicate: text,
      count: failing.length,
      row: `{${target.schema.fields.map((f, i) => `${f.name}: ${show(row[i])}`).join(', ')}}`,
    },
    { path, option: 'replaceWhere' },
  )
}

/**
 * The live files holding rows that satisfy the predicate (to remove) and the rows of those files
 * that do not (to write again), as rows of the target schema.
 */
async function filesToReplace(
  snapshot: Snapshot,
  predicate: { columns: readonly string[]; test: RowPredicate },
  target: StructType,
): Promise<{ removed: AddAction[]; kept: Row[] }> {
  const table = snapshot.schema
  const partitionColumns = new Set(snapshot.partitionColumns.map((c) => c.toLowerCase()))
  // Old rows in the target schema: columns and nested fields a mergeSchema write adds are null.
  const old = planAppendSchema(snapshot.tablePath, target, table, true)
  const pad = (r: Row): Row => projectRows([r], old.sources, old.reshape)[0]!
  const removed: AddAction[] = []
  const kept: Row[] = []
  const onPartitions = predicate.columns.every((c) => partitionColumns.has(c.toLowerCase()))
  if (onPartitions) {
    const rows = snapshot.files.map((f) =>
      table.fields.map((field) =>
        field.name in f.partitionValues
          ? parsePartitionValue(field.dataType, f.partitionValues[field.name])
          : null,
      ),
    )
    const results = await predicate.test(table, rows)
    snapshot.files.forEach((f, i) => {
      if (results[i] === true) removed.push(f)
    })
    return { removed, kept }
  }
  const contents = await readFileRows(snapshot, snapshot.files)
  for (let i = 0; i < snapshot.files.length; i++) {
    const rows = contents[i]!
    const results = await predicate.test(table, rows)
    if (!results.some((r) => r === true)) continue
    removed.push(snapshot.files[i]!)
    rows.forEach((r, j) => {
      if (results[j] !== true) kept.push(pad(r))
    })
  }
  return { removed, kept }
}

/**
 * The live files in the partitions the new files go to (Delta's dynamic partition overwrite
 * removes exactly those), matched on the logged partition values.
 */
function filesInPartitions(
  files: readonly AddAction[],
  adds: readonly AddAction[],
  partitionColumns: readonly string[],
): AddAction[] {
  const keyOf = (f: AddAction): string =>
    JSON.stringify(partitionColumns.map((c) => f.partitionValues[c] ?? null))
  const written = new Set(adds.map(keyOf))
  return files.filter((f) => written.has(keyOf(f)))
}

function show(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  return typeof v === 'string' ? JSON.stringify(v) : String(v)
}

function invalidOption(option: string, problem: string, value: string, hint: string): EngineError {
  return new EngineError(
    'SL_API_INVALID_OPTION',
    { option, problem, value: JSON.stringify(value), hint },
    { option },
  )
}

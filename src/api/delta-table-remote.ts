/**
 * `DeltaTable` on a remote session (`.remote('sc://…')`): the table is on the cluster's storage,
 * not this process's disk, so every operation runs on Spark as Delta's own SQL through Spark
 * Connect (connect/delta-sql.ts) — DESCRIBE HISTORY, DELETE, UPDATE, MERGE, OPTIMIZE, VACUUM,
 * RESTORE, DESCRIBE DETAIL — and answers in the embedded engine's shapes (the same columns, in
 * the same order). Conditions and values are SQL strings as written (Spark parses them) or
 * Columns rendered to SQL; what has no SQL text is SL_CONNECT_DELTA_UNSUPPORTED naming the method.
 *
 * The Delta settings this session holds (`spark.databricks.delta.*`: the retention check,
 * VACUUM logging, OPTIMIZE file sizes, schema auto-merge, idempotent DML's txnAppId/txnVersion)
 * and its `spark.sql.*` ones (the time zone a RESTORE timestamp is read in, …) are mirrored on
 * the server session before each operation, since Delta reads them there — also when they
 * changed after the session's first remote action (which sends `spark.sql.*` only once).
 */
import { randomUUID } from 'node:crypto'
import type * as DeltaSqlModule from '../connect/delta-sql.js'
import type { RemoteMergeClause, SqlInput } from '../connect/delta-sql.js'
import type { SparkConnectBackend } from '../connect/spark-connect-backend.js'
import { EngineError } from '../errors/index.js'
import { LocalRelationNode } from '../plan/nodes/index.js'
import { existingQualifier } from '../plan/plan-qualifier.js'
import { parseDdlSchema, type DataType, type Row, type StructType } from '../types/index.js'
import { Column, type ColumnOrValue } from './column.js'
import { DataFrame } from './dataframe.js'
import { dataFrameAlias } from './dataframe-alias.js'
import { MERGE_RESULT_SCHEMA } from './delta-merge-builder.js'
import { checkClauses, type MergeClause } from './delta-merge-clauses.js'
import { resetTxnVersion } from './delta-merge-commit.js'
import type { DeltaTable } from './delta-table.js'
import type { DeltaCondition } from './delta-table-dml.js'
import { lit } from './functions.js'
import type { SparkSession } from './session.js'

/** The Delta SQL builders, loaded with the backend (an embedded session never loads them). */
type DeltaSql = typeof DeltaSqlModule

const MIRRORED_PREFIXES = ['spark.databricks.delta.', 'spark.sql.']
/** Per session: the settings sent to its server session (to unset when removed here). */
const sentConf = new WeakMap<SparkSession, Set<string>>()

/** The backend and the SQL builders, with the session's Delta settings mirrored on the server. */
async function prepare(
  spark: SparkSession,
): Promise<{ backend: SparkConnectBackend; sql: DeltaSql }> {
  const [backend, sql] = await Promise.all([
    spark.remote!.backend(),
    import('../connect/delta-sql.js'),
  ])
  const set: Record<string, string> = {}
  for (const [k, v] of Object.entries(spark.conf.getAll()))
    if (MIRRORED_PREFIXES.some((p) => k.startsWith(p))) set[k] = v
  set['spark.sql.session.timeZone'] = spark.conf.timeZone
  const sent = sentConf.get(spark) ?? new Set<string>()
  const unset = [...sent].filter((k) => !(k in set))
  await backend.syncConf(set, unset)
  sentConf.set(spark, new Set(Object.keys(set)))
  return { backend, sql }
}

function input(c: DeltaCondition | ColumnOrValue): SqlInput {
  if (c instanceof Column) return c.expr
  if (typeof c === 'string') return c
  return lit(c).expr
}

/** `rows` (Spark's columns) in the columns of `ddl`, matched by name, nested structs too. */
function shaped(
  spark: SparkSession,
  ddl: string,
  result: { schema: StructType; rows: Row[] },
): DataFrame {
  const schema = parseDdlSchema(ddl)
  const rows = result.rows.map((r) => reshape(schema, result.schema, r) as Row)
  return new DataFrame(spark, LocalRelationNode.create(schema, rows))
}

function reshape(target: DataType, source: DataType, value: unknown): unknown {
  if (target.type !== 'struct' || source.type !== 'struct' || value === null) return value
  const values = value as readonly unknown[]
  return target.fields.map((f) => {
    const i = source.fields.findIndex((s) => s.name === f.name)
    if (i < 0)
      throw new EngineError('SL_INTERNAL_INVARIANT', {
        message: `Spark's Delta result has no column ${f.name} (it has ${source.fields.map((s) => s.name).join(', ')})`,
      })
    return reshape(f.dataType, source.fields[i]!.dataType, values[i])
  })
}

/** DESCRIBE HISTORY, in HISTORY_SCHEMA's columns. */
export async function remoteHistory(
  table: DeltaTable,
  limit: number | undefined,
  historySchema: string,
): Promise<DataFrame> {
  const { backend, sql } = await prepare(table.spark)
  const query = sql.historySql(table.path, limit)
  return shaped(table.spark, historySchema, await backend.sql(query, 'DeltaTable.history'))
}

/** DELETE FROM … WHERE …. */
export async function remoteDelete(
  table: DeltaTable,
  condition: DeltaCondition | undefined,
): Promise<void> {
  const { backend, sql } = await prepare(table.spark)
  const query = sql.deleteSql(table.path, condition === undefined ? undefined : input(condition))
  await backend.sql(query, 'DeltaTable.delete')
  resetTxnVersion(table)
}

/** UPDATE … SET … WHERE …. */
export async function remoteUpdate(
  table: DeltaTable,
  condition: DeltaCondition | undefined,
  set: Readonly<Record<string, ColumnOrValue>>,
): Promise<void> {
  const { backend, sql } = await prepare(table.spark)
  const assignments = Object.entries(set).map(([k, v]) => [k, input(v)] as const)
  if (assignments.length === 0)
    throw new EngineError('SL_API_INVALID_ARGUMENT', {
      argument: 'set',
      function: 'update',
      value: '{}',
      hint: 'Name at least one column to set, e.g. { status: "\'unknown\'" }.',
    })
  const query = sql.updateSql(
    table.path,
    condition === undefined ? undefined : input(condition),
    assignments,
  )
  await backend.sql(query, 'DeltaTable.update')
  resetTxnVersion(table)
}

/** What `DeltaMergeBuilder.execute()` holds. */
export interface RemoteMerge {
  readonly table: DeltaTable
  readonly targetAlias: string | undefined
  readonly source: DataFrame
  readonly condition: DeltaCondition
  readonly clauses: readonly MergeClause[]
  readonly schemaEvolution: boolean
}

/** MERGE INTO … USING <the source's relation> …; Delta's result row. */
export async function remoteMerge(m: RemoteMerge): Promise<DataFrame> {
  checkClauses(m.clauses)
  const { backend, sql } = await prepare(m.table.spark)
  const sourceView = `__streamlake_merge_source_${randomUUID().replace(/-/g, '')}`
  const clauses = m.clauses.map((c): RemoteMergeClause => ({
    kind: c.kind,
    action: c.action,
    ...(c.all ? { all: true } : {}),
    ...(c.condition === undefined ? {} : { condition: input(c.condition) }),
    ...(c.assignments
      ? { assignments: Object.entries(c.assignments).map(([k, v]) => [k, input(v)] as const) }
      : {}),
  }))
  const query = sql.mergeSql({
    path: m.table.path,
    targetAlias: m.targetAlias ?? '__target',
    sourceAlias: dataFrameAlias(m.source) ?? '__source',
    sourceView,
    sourceQualifier: existingQualifier(m.source.plan),
    condition: input(m.condition),
    clauses,
    schemaEvolution: m.schemaEvolution,
  })
  const result = await backend.sql(query, 'DeltaTable.merge().execute()', [
    { alias: sourceView, plan: m.source.plan },
  ])
  resetTxnVersion(m.table)
  return shaped(m.table.spark, MERGE_RESULT_SCHEMA, result)
}

/** OPTIMIZE … [WHERE …] [ZORDER BY …]; the metrics in the embedded result's columns. */
export async function remoteOptimize(
  table: DeltaTable,
  where: readonly string[],
  zOrderBy: readonly string[],
  resultSchema: string,
): Promise<DataFrame> {
  const { backend, sql } = await prepare(table.spark)
  const query = sql.optimizeSql(table.path, where, zOrderBy)
  return shaped(table.spark, resultSchema, await backend.sql(query, 'DeltaTable.optimize'))
}

/**
 * VACUUM: Delta's VACUUM answers with the table path only, so a DRY RUN first lists the files it
 * is to delete (the embedded `vacuum()` returns the deleted paths). Both check the retention.
 */
export async function remoteVacuum(
  table: DeltaTable,
  retentionHours: number | undefined,
): Promise<DataFrame> {
  const { backend, sql } = await prepare(table.spark)
  const doomed = await backend.sql(
    sql.vacuumSql(table.path, retentionHours, true),
    'DeltaTable.vacuum (DRY RUN)',
  )
  await backend.sql(sql.vacuumSql(table.path, retentionHours, false), 'DeltaTable.vacuum')
  return shaped(table.spark, 'path STRING', doomed)
}

/** RESTORE TABLE … TO VERSION / TIMESTAMP AS OF …; Delta's result row. */
export async function remoteRestore(
  table: DeltaTable,
  target: { readonly version: number } | { readonly timestamp: string },
  resultSchema: string,
): Promise<DataFrame> {
  const { backend, sql } = await prepare(table.spark)
  const method = 'version' in target ? 'restoreToVersion' : 'restoreToTimestamp'
  const result = await backend.sql(sql.restoreSql(table.path, target), `DeltaTable.${method}`)
  return shaped(table.spark, resultSchema, result)
}

/** True when Spark's Delta sees a table at `path` (DESCRIBE DETAIL's format is `delta`). */
export async function remoteIsDeltaTable(spark: SparkSession, path: string): Promise<boolean> {
  const { backend, sql } = await prepare(spark)
  const detail = await backend
    .sql(sql.detailSql(path), 'DeltaTable.isDeltaTable')
    .catch((error: unknown) => {
      // A path that does not exist is no table (Delta's isDeltaTable says false too).
      if (
        error instanceof EngineError &&
        /\[(DELTA_FILE_NOT_FOUND|PATH_NOT_FOUND)\]/.test(error.message)
      )
        return undefined
      throw error
    })
  if (!detail) return false
  const { schema, rows } = detail
  const format = schema.fields.findIndex((f) => f.name === 'format')
  return rows.length > 0 && rows[0]![format] === 'delta'
}

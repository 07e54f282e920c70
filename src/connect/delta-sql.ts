/**
 * The Delta SQL a remote session sends for `DeltaTable` operations (api/delta-table-remote.ts):
 * on a cluster the table is on the cluster's storage, so the operation must run on Spark, and
 * Delta's SQL extension (loaded by the server) is the one interface every Delta-enabled Spark
 * Connect server has. Tables are named by path, `delta.`<path>``; conditions and values are SQL
 * strings as the user wrote them or Columns rendered by expression-to-sql.ts.
 *
 * Why SQL and not Spark Connect's own `MergeIntoTableCommand` (commands.proto, with `MergeAction`
 * expressions): that command returns no result (Delta's `num_affected_rows` … row is lost), and
 * it names the target only by a table name, so the target has no alias for `t.id` in
 * conditions. The MERGE's source DataFrame goes as a Connect relation all the same: a reference
 * of the statement (`WithRelations`), which the server registers as a temporary view for that
 * statement only and drops after it (nothing is left in the session).
 */
import { isAbsolute } from 'node:path'
import { EngineError } from '../errors/index.js'
import type { Expression } from '../plan/expr/index.js'
import {
  expressionToSql,
  quoteIdentifier,
  stringLiteral,
  type SqlScope,
} from './expression-to-sql.js'

/** @internal A condition or value: SQL text as written, or an expression to render. */
export type SqlInput = string | Expression

/** @internal One WHEN clause of a remote MERGE. */
export interface RemoteMergeClause {
  readonly kind: 'matched' | 'notMatched' | 'notMatchedBySource'
  readonly action: 'update' | 'delete' | 'insert'
  readonly all?: boolean
  readonly condition?: SqlInput
  /** Target column (optionally `alias.column`) → value. */
  readonly assignments?: readonly (readonly [string, SqlInput])[]
}

/** @internal A MERGE as delta-merge-builder.ts describes it. */
export interface RemoteMergeSpec {
  readonly path: string
  readonly targetAlias: string
  readonly sourceAlias: string
  /** The name the source relation is registered under for this statement. */
  readonly sourceView: string
  /** The qualifier of `source.col(name)` columns (plan/plan-qualifier.ts), if any. */
  readonly sourceQualifier: string | undefined
  readonly condition: SqlInput
  readonly clauses: readonly RemoteMergeClause[]
  readonly schemaEvolution: boolean
}

/**
 * @internal `delta.`<path>``. The path is the server's: a relative one would be resolved
 * against the server's working directory (Delta refuses it anyway), so it is refused here.
 */
export function deltaTableName(path: string, method: string): string {
  if (!isAbsolute(path) && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path))
    throw new EngineError(
      'SL_CONNECT_DELTA_UNSUPPORTED',
      {
        method,
        problem: `the table path '${path}' is relative, and the Spark Connect server resolves paths on its own storage, not from this process's working directory`,
        hint: 'Pass the absolute path or URI of the table as the server sees it (/data/t, file:/…, s3://…, dbfs:/…).',
      },
      { operator: method, path },
    )
  return `delta.${quoteIdentifier(path)}`
}

/** @internal DESCRIBE HISTORY, newest first. */
export function historySql(path: string, limit: number | undefined): string {
  const table = deltaTableName(path, 'DeltaTable.history')
  return `DESCRIBE HISTORY ${table}${limit === undefined ? '' : ` LIMIT ${integer(limit, 'DeltaTable.history', 'limit')}`}`
}

/** @internal DELETE FROM … [WHERE …]. */
export function deleteSql(path: string, condition: SqlInput | undefined): string {
  const method = 'DeltaTable.delete'
  const table = deltaTableName(path, method)
  return `DELETE FROM ${table}${condition === undefined ? '' : ` WHERE ${text(condition, { method })}`}`
}

/** @internal UPDATE … SET … [WHERE …]. */
export function updateSql(
  path: string,
  condition: SqlInput | undefined,
  set: readonly (readonly [string, SqlInput])[],
): string {
  const method = 'DeltaTable.update'
  const table = deltaTableName(path, method)
  const assignments = set.map(([k, v]) => `${columnPath(k)} = ${text(v, { method })}`)
  return `UPDATE ${table} SET ${assignments.join(', ')}${condition === undefined ? '' : ` WHERE ${text(condition, { method })}`}`
}

/** @internal MERGE INTO … USING … ON … WHEN …, clauses in the builder's order. */
export function mergeSql(spec: RemoteMergeSpec): string {
  const table = deltaTableName(spec.path, 'DeltaTable.merge')
  const scope = (method: string): SqlScope => ({
    method,
    qualifier: (q) => (q === spec.sourceQualifier ? spec.sourceAlias : undefined),
  })
  const t = quoteIdentifier(spec.targetAlias)
  const s = quoteIdentifier(spec.sourceAlias)
  const lines = [
    `MERGE${spec.schemaEvolution ? ' WITH SCHEMA EVOLUTION' : ''} INTO ${table} AS ${t}`,
    `USING ${quoteIdentifier(spec.sourceView)} AS ${s}`,
    `ON ${text(spec.condition, scope('DeltaTable.merge'))}`,
  ]
  for (const c of spec.clauses) {
    const method = clauseMethod(c)
    const when = {
      matched: 'WHEN MATCHED',
      notMatched: 'WHEN NOT MATCHED',
      notMatchedBySource: 'WHEN NOT MATCHED BY SOURCE',
    }[c.kind]
    const cond = c.condition === undefined ? '' : ` AND ${text(c.condition, scope(method))}`
    const targetColumn = (key: string): string =>
      columnPath(
        key.startsWith(spec.targetAlias + '.') ? key.slice(spec.targetAlias.length + 1) : key,
      )
    const pairs = (c.assignments ?? []).map(
      ([k, v]) => [targetColumn(k), text(v, scope(method))] as const,
    )
    let action: string
    if (c.action === 'delete') action = 'DELETE'
    else if (c.action === 'update')
      action = c.all
        ? 'UPDATE SET *'
        : `UPDATE SET ${pairs.map(([k, v]) => `${k} = ${v}`).join(', ')}`
    else
      action = c.all
        ? 'INSERT *'
        : `INSERT (${pairs.map(([k]) => k).join(', ')}) VALUES (${pairs.map(([, v]) => v).join(', ')})`
    lines.push(`${when}${cond} THEN ${action}`)
  }
  return lines.join('\n')
}

/** @internal OPTIMIZE … [WHERE …] [ZORDER BY (…)]. */
export function optimizeSql(
  path: string,
  where: readonly string[],
  zOrderBy: readonly string[],
): string {
  const table = deltaTableName(path, 'DeltaTable.optimize')
  const filter = where.length === 0 ? '' : ` WHERE ${where.map((w) => `(${w})`).join(' AND ')}`
  const zorder = zOrderBy.length === 0 ? '' : ` ZORDER BY (${zOrderBy.map(columnPath).join(', ')})`
  return `OPTIMIZE ${table}${filter}${zorder}`
}

/** @internal VACUUM … [RETAIN n HOURS] [DRY RUN]. */
export function vacuumSql(
  path: string,
  retentionHours: number | undefined,
  dryRun: boolean,
): string {
  const table = deltaTableName(path, 'DeltaTable.vacuum')
  if (retentionHours !== undefined && !(Number.isFinite(retentionHours) && retentionHours >= 0))
    throw new EngineError('SL_API_INVALID_ARGUMENT', {
      argument: 'retentionHours',
      function: 'DeltaTable.vacuum',
      value: String(retentionHours),
      hint: 'Pass a number of hours (0 or more), or nothing for the table retention.',
    })
  const retain = retentionHours === undefined ? '' : ` RETAIN ${String(retentionHours)} HOURS`
  return `VACUUM ${table}${retain}${dryRun ? ' DRY RUN' : ''}`
}

/** @internal RESTORE TABLE … TO VERSION / TIMESTAMP AS OF …. */
export function restoreSql(
  path: string,
  target: { readonly version: number } | { readonly timestamp: string },
): string {
  const method =
    'version' in target ? 'DeltaTable.restoreToVersion' : 'DeltaTable.restoreToTimestamp'
  const table = deltaTableName(path, method)
  return 'version' in target
    ? `RESTORE TABLE ${table} TO VERSION AS OF ${integer(target.version, method, 'version')}`
    : `RESTORE TABLE ${table} TO TIMESTAMP AS OF ${stringLiteral(target.timestamp)}`
}

/**
 * @internal DESCRIBE DETAIL of a path (a string, not `delta.`…``): Delta answers with format
 * `delta` for a table and a row of nulls for a folder that is not one, instead of failing.
 */
export function detailSql(path: string): string {
  deltaTableName(path, 'DeltaTable.isDeltaTable')
  return `DESCRIBE DETAIL ${stringLiteral(path)}`
}

function text(input: SqlInput, scope: SqlScope): string {
  return typeof input === 'string' ? `(${input})` : expressionToSql(input, scope)
}

/** A column or nested field (`a.b`) with each part quoted. */
function columnPath(name: string): string {
  return name.split('.').map(quoteIdentifier).join('.')
}

function integer(n: number, method: string, argument: string): string {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new EngineError('SL_API_INVALID_ARGUMENT', {
      argument,
      function: method,
      value: String(n),
      hint: 'Pass a non-negative integer.',
    })
  return String(n)
}

function clauseMethod(c: RemoteMergeClause): string {
  const base = {
    matched: { update: 'whenMatchedUpdate', delete: 'whenMatchedDelete', insert: '' },
    notMatched: { update: '', delete: '', insert: 'whenNotMatchedInsert' },
    notMatchedBySource: {
      update: 'whenNotMatchedBySourceUpdate',
      delete: 'whenNotMatchedBySourceDelete',
      insert: '',
    },
  }[c.kind][c.action]
  return `DeltaMergeBuilder.${base}${c.all ? 'All' : ''}`
}

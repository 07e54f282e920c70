/**
 * `DeltaTable.delete(condition)` and `.update(condition, set)`: copy-on-write rewrites
 * (delta/rewrite-files.ts) with the condition and the new values evaluated by the engine on each
 * file's rows. The condition is a Column or a SQL predicate string (sql-predicate.ts: comparisons,
 * IN, IS NULL, BETWEEN, AND/OR/NOT); a row is deleted or updated where it is true (null is not
 * true, as in Spark). `set` maps column names to Columns or literal values, each cast to its
 * column's type. The commits are Spark's `DELETE` / `UPDATE` with their main metrics.
 */
import { rewriteFiles, type RewriteResult } from '../delta/rewrite-files.js'
import { EngineError } from '../errors/index.js'
import { LocalRelationNode } from '../plan/nodes/index.js'
import { simpleString, type Row, type StructType } from '../types/index.js'
import { Column, type ColumnOrValue } from './column.js'
import { DataFrame } from './dataframe.js'
import type { DeltaTable } from './delta-table.js'
import { col, lit, when } from './functions.js'
import { parseSqlPredicate } from './sql-predicate.js'

/** A condition as DeltaTable takes it. */
export type DeltaCondition = string | Column

function conditionOf(condition: DeltaCondition, schema: StructType, fn: string): Column {
  return typeof condition === 'string'
    ? parseSqlPredicate(condition, schema, `${fn} condition`).column
    : condition
}

function conditionText(condition: DeltaCondition): string {
  return typeof condition === 'string' ? condition : condition.toString()
}

/** Deletes the rows matching `condition` (every row without one). */
export async function deleteWhere(
  table: DeltaTable,
  condition: DeltaCondition | undefined,
): Promise<RewriteResult> {
  const schema = (await table.log.snapshot()).schema
  const cond = condition === undefined ? lit(true) : conditionOf(condition, schema, 'delete')
  return rewriteFiles(
    table.log,
    async (rows) => {
      const matches = await evaluate(table, schema, rows, [cond.alias('__matches')])
      const kept = rows.filter((_, i) => matches[i]![0] !== true)
      return kept.length === rows.length ? undefined : kept
    },
    {
      name: 'DELETE',
      parameters: {
        predicate: JSON.stringify(condition === undefined ? [] : [conditionText(condition)]),
      },
    },
    (r) => ({
      numRemovedFiles: String(r.numRemovedFiles),
      numAddedFiles: String(r.numAddedFiles),
      numRemovedBytes: String(r.numRemovedBytes),
      numAddedBytes: String(r.numAddedBytes),
      numDeletedRows: String(r.rowsBefore - r.rowsAfter),
      numCopiedRows: String(r.rowsAfter),
    }),
  )
}

/** Sets the columns of `set` on the rows matching `condition`. */
export async function updateWhere(
  table: DeltaTable,
  condition: DeltaCondition | undefined,
  set: Readonly<Record<string, ColumnOrValue>>,
): Promise<RewriteResult & { numUpdatedRows: number }> {
  const schema = (await table.log.snapshot()).schema
  for (const name of Object.keys(set))
    if (!schema.fields.some((f) => f.name === name))
      throw new EngineError('SL_API_INVALID_ARGUMENT', {
        argument: 'set',
        function: 'update',
        value: name,
        hint: `Set columns of the table: ${schema.fields.map((f) => f.name).join(', ')}.`,
      })
  const cond = condition === undefined ? lit(true) : conditionOf(condition, schema, 'update')
  const columns = schema.fields.map((f) => {
    const value = set[f.name]
    if (value === undefined) return col(f.name)
    const expr = value instanceof Column ? value : lit(value)
    return when(cond, expr.cast(simpleString(f.dataType)))
      .otherwise(col(f.name))
      .alias(f.name)
  })
  let updated = 0
  const result = await rewriteFiles(
    table.log,
    async (rows) => {
      const out = await evaluate(table, schema, rows, [cond.alias('__matches'), ...columns])
      const n = out.filter((r) => r[0] === true).length
      if (n === 0) return undefined
      updated += n
      return out.map((r) => r.slice(1))
    },
    {
      name: 'UPDATE',
      parameters: { predicate: condition === undefined ? 'true' : conditionText(condition) },
    },
    (r) => ({
      numRemovedFiles: String(r.numRemovedFiles),
      numAddedFiles: String(r.numAddedFiles),
      numRemovedBytes: String(r.numRemovedBytes),
      numAddedBytes: String(r.numAddedBytes),
      numUpdatedRows: String(updated),
      numCopiedRows: String(r.rowsAfter - updated),
    }),
  )
  return { ...result, numUpdatedRows: updated }
}

/** `columns` over `rows` (a projection of a local relation keeps their order). @internal */
export async function evaluate(
  table: DeltaTable,
  schema: StructType,
  rows: readonly Row[],
  columns: readonly Column[],
): Promise<Row[]> {
  if (rows.length === 0) return []
  const df = new DataFrame(table.spark, LocalRelationNode.create(schema, [...rows]))
  return (await df.select(...columns).collectRows()).rows
}

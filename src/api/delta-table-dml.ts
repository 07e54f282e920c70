/**
 * `DeltaTable.delete(condition)` and `.update(condition, set)`: copy-on-write rewrites
 * (delta/rewrite-files.ts) with the condition and the new values evaluated by the engine on each
 * file's rows. The condition is a Column or a SQL predicate string (sql-predicate.ts: comparisons,
 * IN, IS NULL, BETWEEN, AND/OR/NOT); a row is deleted or updated where it is true (null is not
 * true, as in Spark). `set` maps column names to Columns or values, each cast to its column's
 * type; a string value is a SQL expression, as Delta's Python `update(set=)` and Scala
 * `updateExpr` read it (`{ x: 'x + 1' }`, `{ status: "'unknown'" }`). The commits are Spark's
 * `DELETE` / `UPDATE`, `predicate` a JSON array of the condition's text as in
 * DeltaOperations.OperationWithPredicates.
 */
import {
  rewriteFiles,
  type RewriteOptions,
  type RewriteResult,
  type RowTransform,
} from '../delta/rewrite-files.js'
import type { Snapshot } from '../delta/snapshot.js'
import { EngineError } from '../errors/index.js'
import { LocalRelationNode } from '../plan/nodes/index.js'
import { simpleString, type Row, type StructType } from '../types/index.js'
import { Column, type ColumnOrValue } from './column.js'
import { DataFrame } from './dataframe.js'
import { idempotentTxn, resetTxnVersion } from './delta-merge-commit.js'
import { partitionFilterOf } from './delta-partition-predicate.js'
import type { DeltaTable } from './delta-table.js'
import { col, lit, when } from './functions.js'
import { parseSqlExpression, parseSqlPredicate } from './sql-predicate.js'

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

/** What a DELETE/UPDATE did; `version` undefined when nothing was committed or it was skipped. */
export interface DmlResult extends RewriteResult {
  /** True when skipped as already applied (Delta's idempotent DML, txnAppId/txnVersion). */
  readonly skipped: boolean
}

const SKIPPED: DmlResult = {
  version: undefined,
  numRemovedFiles: 0,
  numAddedFiles: 0,
  numRemovedBytes: 0,
  numAddedBytes: 0,
  rowsBefore: 0,
  rowsAfter: 0,
  skipped: true,
}

/** Deletes the rows matching `condition` (every row without one). */
export async function deleteWhere(
  table: DeltaTable,
  condition: DeltaCondition | undefined,
): Promise<DmlResult> {
  const started = Date.now()
  const snapshot = await table.log.snapshot()
  const txn = idempotentTxn(table)
  if (alreadyApplied(table, snapshot, txn)) return SKIPPED
  const schema = snapshot.schema
  const cond = condition === undefined ? lit(true) : conditionOf(condition, schema, 'delete')
  const scan = new ScanClock()
  const result = await rewriteFiles(
    table.log,
    scan.timed(async (rows) => {
      const matches = await evaluate(table, schema, rows, [cond.alias('__matches')])
      const kept = rows.filter((_, i) => matches[i]![0] !== true)
      return kept.length === rows.length ? undefined : kept
    }),
    {
      name: 'DELETE',
      // Delta's delete() without a condition deletes where `true`.
      parameters: {
        predicate: JSON.stringify([condition === undefined ? 'true' : conditionText(condition)]),
      },
    },
    (r) =>
      dmlMetrics(r, started, scan.ms, {
        numDeletedRows: String(r.rowsBefore - r.rowsAfter),
        numCopiedRows: String(r.rowsAfter),
      }),
    // Delta adds the txn only to a DELETE that deletes something (DeleteCommand.performDelete).
    dmlOptions(table, snapshot, cond, txn, false),
  )
  if (txn && result.version !== undefined) resetTxnVersion(table)
  return { ...result, skipped: false }
}

/** Sets the columns of `set` on the rows matching `condition`. */
export async function updateWhere(
  table: DeltaTable,
  condition: DeltaCondition | undefined,
  set: Readonly<Record<string, ColumnOrValue>>,
): Promise<DmlResult & { numUpdatedRows: number }> {
  const started = Date.now()
  const snapshot = await table.log.snapshot()
  const schema = snapshot.schema
  for (const name of Object.keys(set))
    if (!schema.fields.some((f) => f.name === name))
      throw new EngineError('SL_API_INVALID_ARGUMENT', {
        argument: 'set',
        function: 'update',
        value: name,
        hint: `Set columns of the table: ${schema.fields.map((f) => f.name).join(', ')}.`,
      })
  const txn = idempotentTxn(table)
  if (alreadyApplied(table, snapshot, txn)) return { ...SKIPPED, numUpdatedRows: 0 }
  const cond = condition === undefined ? lit(true) : conditionOf(condition, schema, 'update')
  const columns = schema.fields.map((f) => {
    const value = set[f.name]
    if (value === undefined) return col(f.name)
    const expr =
      value instanceof Column
        ? value
        : typeof value === 'string'
          ? parseSqlExpression(value, schema, `update set ${f.name}`)
          : lit(value)
    return when(cond, expr.cast(simpleString(f.dataType)))
      .otherwise(col(f.name))
      .alias(f.name)
  })
  let updated = 0
  const scan = new ScanClock()
  const result = await rewriteFiles(
    table.log,
    scan.timed(async (rows) => {
      const out = await evaluate(table, schema, rows, [cond.alias('__matches'), ...columns])
      const n = out.filter((r) => r[0] === true).length
      if (n === 0) return undefined
      updated += n
      return out.map((r) => r.slice(1))
    }),
    {
      name: 'UPDATE',
      parameters: {
        predicate: JSON.stringify(condition === undefined ? [] : [conditionText(condition)]),
      },
    },
    (r) =>
      dmlMetrics(r, started, scan.ms, {
        numUpdatedRows: String(updated),
        numCopiedRows: String(r.rowsAfter - updated),
      }),
    // Delta's UPDATE always adds the txn, so an UPDATE that changes nothing still commits it.
    dmlOptions(table, snapshot, cond, txn, true),
  )
  if (txn) resetTxnVersion(table)
  return { ...result, skipped: false, numUpdatedRows: updated }
}

type Txn = ReturnType<typeof idempotentTxn>

/** DeltaCommand.hasBeenExecuted: the table already has this (appId, version). */
function alreadyApplied(table: DeltaTable, snapshot: Snapshot, txn: Txn): boolean {
  if (!txn || (snapshot.txnVersion(txn.appId) ?? -1) < txn.version) return false
  resetTxnVersion(table)
  return true
}

function dmlOptions(
  table: DeltaTable,
  snapshot: Snapshot,
  cond: Column,
  txn: Txn,
  commitTxnAlone: boolean,
): RewriteOptions {
  const partitionFilter = partitionFilterOf(
    cond,
    snapshot.schema,
    snapshot.partitionColumns,
    table.spark.conf.timeZone,
  )
  return {
    snapshot,
    ...(partitionFilter ? { partitionFilter } : {}),
    ...(txn
      ? {
          actions: [{ txn: { ...txn, lastUpdated: table.log.now() } }],
          commitEmpty: commitTxnAlone,
        }
      : {}),
  }
}

/** DeltaOperationMetrics.DELETE / UPDATE: file counts, rows, times; no DVs or CDC files here. */
function dmlMetrics(
  r: Omit<RewriteResult, 'version'>,
  started: number,
  scanMs: number,
  rows: Record<string, string>,
): Record<string, string> {
  const executionMs = Date.now() - started
  return {
    numRemovedFiles: String(r.numRemovedFiles),
    numAddedFiles: String(r.numAddedFiles),
    numRemovedBytes: String(r.numRemovedBytes),
    numAddedBytes: String(r.numAddedBytes),
    ...rows,
    numAddedChangeFiles: '0',
    numDeletionVectorsAdded: '0',
    numDeletionVectorsRemoved: '0',
    numDeletionVectorsUpdated: '0',
    executionTimeMs: String(executionMs),
    scanTimeMs: String(scanMs),
    rewriteTimeMs: String(Math.max(0, executionMs - scanMs)),
  }
}

/** Time spent finding the matching rows (evaluating the condition), Delta's scanTimeMs. */
class ScanClock {
  ms = 0
  timed(transform: RowTransform): RowTransform {
    return async (rows) => {
      const t = Date.now()
      try {
        return await transform(rows)
      } finally {
        this.ms += Date.now() - t
      }
    }
  }
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

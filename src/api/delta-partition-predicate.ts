/**
 * The partition part of a DELETE/UPDATE condition, as Delta's
 * DeltaTableUtils.splitMetadataAndDataPredicates takes it: the conjuncts that read partition
 * columns only. Their AND decides which partitions the command reads (files elsewhere cannot hold
 * a matching row) and, as the transaction's read predicate, which concurrent appends conflict with
 * it (ConflictChecker: an added file in a partition the command read should have been read).
 * Evaluated on a file's partition values typed by the schema; no such conjunct (or no condition,
 * or an unpartitioned table) selects every partition.
 */
import { parsePartitionValue } from '../delta/index.js'
import { compileExpression } from '../exec/expr/compile-expression.js'
import { splitConjuncts } from '../plan/join-condition.js'
import { BinaryOpNode, referencedColumns, type Expression } from '../plan/expr/index.js'
import { structType, type StructType } from '../types/index.js'
import type { Column } from './column.js'

/** Which files' partition values a predicate selects. */
export type PartitionFilter = (partitionValues: Readonly<Record<string, string | null>>) => boolean

/** The partitions `condition` can match rows in (undefined: all). @internal */
export function partitionFilterOf(
  condition: Column | undefined,
  schema: StructType,
  partitionColumns: readonly string[],
  timeZone: string,
): PartitionFilter | undefined {
  if (condition === undefined || partitionColumns.length === 0) return undefined
  const isPartition = (name: string): boolean =>
    partitionColumns.some((p) => p.toLowerCase() === name.toLowerCase())
  const conjuncts = splitConjuncts(condition.expr).filter((c) => {
    const names = [...referencedColumns(c)]
    return names.length > 0 && names.every(isPartition)
  })
  if (conjuncts.length === 0) return undefined
  const fields = partitionColumns.map((c) => schema.fields.find((f) => f.name === c)!)
  const partitionSchema = structType(fields)
  const predicate = conjuncts.reduce((a: Expression, b: Expression): Expression =>
    BinaryOpNode.create('and', a, b),
  )
  const compiled = compileExpression(predicate, partitionSchema, () => ({
    batchTimestampMs: Date.now(),
    timeZone,
  }))
  return (values) => {
    try {
      return compiled(fields.map((f) => parsePartitionValue(f.dataType, values[f.name]))) === true
    } catch {
      return true // a value the predicate cannot judge: read it (and conflict), never skip it
    }
  }
}

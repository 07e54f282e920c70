/**
 * The predicates Spark hands to its JSON reader for a filter sitting directly on a streaming JSON
 * file source (`spark.sql.json.filterPushdown.enabled`, default true). The reader skips the rows
 * that fail them, and the scan's output — what `numInputRows` counts — excludes those rows.
 * Checked against PySpark 4.2's `PushedFilters` (test/oracle/DIFFERENCES.md, D2):
 *
 * - a conjunct Spark translates to a data source filter (`DataSourceStrategy.translateFilter`): a
 *   comparison (`= != < <= > >= <=>`) of a top-level column — possibly under a widening numeric
 *   cast, which `UnwrapCastInBinaryComparison` removes — with a constant, `isNull`/`isNotNull` of
 *   a column, a boolean column, a constant, and NOT/AND/OR of those;
 * - for every conjunct, `isNotNull(c)` for each column `c` reached from its root through
 *   null-intolerant expressions only (`InferFiltersFromConstraints`): `value * 2 > 10` pushes
 *   `isNotNull(value)`, `coalesce(value, 0) > 10` pushes nothing.
 *
 * Evaluating a translatable conjunct as written gives the same truth value as the form Spark
 * pushes (the rewrites preserve it), so the caller evaluates these expressions on source rows.
 */
import { UnaryOpNode, ColumnRefNode, referencedColumns, type Expression } from './expr/index.js'
import { impliedNotNullColumns } from './null-intolerant-columns.js'
import type { DataType, StructType } from '../types/index.js'

/** What the JSON reader would filter by, for the conjuncts of a filter directly on the source. */
export function pushedScanFilters(
  conjuncts: readonly Expression[],
  sourceSchema: StructType,
): Expression[] {
  const types = new Map(sourceSchema.fields.map((f) => [f.name, f.dataType]))
  const out: Expression[] = []
  const notNull = new Set<string>()
  for (const c of conjuncts) {
    if (translatable(c, types)) out.push(c)
    for (const n of impliedNotNullColumns(c)) notNull.add(n)
  }
  // A conjunct that already is isNotNull(c) (the user's, or inferred for a join key) is pushed once.
  const written = (n: string): boolean =>
    out.some(
      (e) =>
        e.kind === 'UnaryOpNode' &&
        e.op === 'isNotNull' &&
        e.child.kind === 'ColumnRefNode' &&
        e.child.name === n,
    )
  for (const n of notNull)
    if (types.has(n) && !written(n))
      out.push(UnaryOpNode.create('isNotNull', ColumnRefNode.create(n)))
  return out
}

function translatable(e: Expression, types: ReadonlyMap<string, DataType>): boolean {
  if (referencedColumns(e).size === 0) return true // folded to AlwaysTrue / AlwaysFalse
  switch (e.kind) {
    case 'ColumnRefNode':
      return types.get(e.name)?.type === 'boolean'
    case 'UnaryOpNode':
      if (e.op === 'not') return translatable(e.child, types)
      if (e.op === 'isNull' || e.op === 'isNotNull') return isColumn(e.child, types)
      return false
    case 'BinaryOpNode':
      switch (e.op) {
        case 'and':
        case 'or':
          return translatable(e.left, types) && translatable(e.right, types)
        case '=':
        case '!=':
        case '<':
        case '<=':
        case '>':
        case '>=':
        case '<=>':
          return (
            (isColumn(e.left, types) && isConstant(e.right)) ||
            (isConstant(e.left) && isColumn(e.right, types))
          )
        default:
          return false
      }
    default:
      return false
  }
}

/** A top-level source column, or one under a widening numeric cast (unwrapped by Spark). */
function isColumn(e: Expression, types: ReadonlyMap<string, DataType>): boolean {
  if (e.kind === 'ColumnRefNode') return types.has(e.name)
  if (e.kind === 'CastNode' && e.child.kind === 'ColumnRefNode') {
    const from = types.get(e.child.name)
    return from !== undefined && widens(from, e.dataType)
  }
  return false
}

function isConstant(e: Expression): boolean {
  return referencedColumns(e).size === 0
}

const NUMERIC_RANK: Readonly<Record<string, number>> = {
  byte: 1,
  short: 2,
  integer: 3,
  long: 4,
  float: 5,
  double: 6,
}

function widens(from: DataType, to: DataType): boolean {
  const a = NUMERIC_RANK[from.type]
  const b = NUMERIC_RANK[to.type]
  return a !== undefined && b !== undefined && a <= b
}

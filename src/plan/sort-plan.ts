/**
 * The plan of `orderBy(...)`, with Spark's `ResolveMissingReferences` for a sort over a
 * projection: a key naming a column the projection dropped (`df.select('name').orderBy('age')`)
 * is sorted on the projection's input — the projection widened by that column — and projected
 * away again, so the result has the projection's columns only.
 */
import { fieldIndex, type StructType } from '../types/index.js'
import { resolveColumnPath } from './column-path.js'
import { ColumnRefNode, type Expression } from './expr/index.js'
import { mapColumnRefs } from './join-condition.js'
import { ProjectNode, SortNode, type LogicalPlan, type SortOrder } from './nodes/index.js'

/** `plan` sorted by `orders`; `schemaOf` gives a plan's output schema. */
export function sortPlan(
  plan: LogicalPlan,
  orders: readonly SortOrder[],
  schemaOf: (p: LogicalPlan) => StructType,
): LogicalPlan {
  const sorted = SortNode.create(plan, orders)
  if (plan.kind !== 'ProjectNode') return sorted
  let out: StructType
  let input: StructType
  try {
    out = schemaOf(plan)
    input = schemaOf(plan.child)
  } catch {
    // Not known before the query reads table metadata (a Delta batch source): sort as given;
    // the analyzer reports a bad key when the query runs.
    return sorted
  }
  const names = out.fields.map((f) => f.name.toLowerCase())
  if (new Set(names).size !== names.length) return sorted
  const known = (s: StructType, name: string): boolean =>
    fieldIndex(s, name) >= 0 || resolveColumnPath(s, name) !== undefined
  const missing = new Map<string, Expression>()
  for (const o of orders)
    mapColumnRefs(o.expr, (ref) => {
      if (!known(out, ref.name) && known(input, ref.name)) missing.set(ref.name, ref)
      return ref
    })
  if (missing.size === 0) return sorted
  const widened = ProjectNode.create(plan.child, [...plan.projections, ...missing.values()])
  return ProjectNode.create(
    SortNode.create(widened, orders),
    out.fields.map((f) => ColumnRefNode.create(f.name)),
  )
}

/**
 * Which DataFrame a column came from. `df.col(name)` records an opaque id of `df`'s plan object
 * (the qualifier of its ColumnRefNode), so that after a join `j.select(right.col('v'))` can mean
 * the right side's `v` even when both sides have one: the id of every plan object under each
 * join side is that side's (Spark resolves PySpark's `df['v']` by the plan id of `df` the same
 * way). Ids live beside the plan objects, not in them: plans stay plain immutable values.
 */
import { planChildren, type LogicalPlan } from './nodes/index.js'

const ids = new WeakMap<LogicalPlan, string>()
let nextId = 0

/** The qualifier of `plan` (given on first use). */
export function planQualifier(plan: LogicalPlan): string {
  let id = ids.get(plan)
  if (id === undefined) ids.set(plan, (id = `df${nextId++}`))
  return id
}

/** The qualifier of `plan` if a column was ever taken from it, else undefined. */
export function existingQualifier(plan: LogicalPlan): string | undefined {
  return ids.get(plan)
}

/** The qualifiers of `plan` and of every plan under it. */
export function qualifiersUnder(plan: LogicalPlan): ReadonlySet<string> {
  const out = new Set<string>()
  const walk = (p: LogicalPlan): void => {
    const id = ids.get(p)
    if (id !== undefined) out.add(id)
    for (const c of planChildren(p)) walk(c)
  }
  walk(plan)
  return out
}

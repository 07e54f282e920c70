/**
 * Which DataFrame a column came from. `df.col(name)` records an opaque id of `df`'s plan object
 * (the qualifier of its ColumnRefNode), so that after a join `j.select(right.col('v'))` can mean
 * the right side's `v` even when both sides have one (Spark resolves PySpark's `df['v']` by the
 * plan id of `df` the same way). The Connect backend maps the id to the plan id of `df`'s
 * relation; the embedded engine, whose optimizer rebuilds plan nodes, matches it by the sources
 * `df` reads (source ids survive optimization): a join side that reads all of them is `df`'s.
 * Ids live beside the plan objects, not in them: plans stay plain immutable values.
 */
import { planChildren, type LogicalPlan } from './nodes/index.js'

const ids = new WeakMap<LogicalPlan, string>()
const sourcesOfId = new Map<string, ReadonlySet<string>>()
let nextId = 0

/** The qualifier of `plan` (given on first use). */
export function planQualifier(plan: LogicalPlan): string {
  let id = ids.get(plan)
  if (id === undefined) {
    ids.set(plan, (id = `df${nextId++}`))
    sourcesOfId.set(id, sourceIdsUnder(plan))
  }
  return id
}

/** The qualifier of `plan` if a column was ever taken from it, else undefined. */
export function existingQualifier(plan: LogicalPlan): string | undefined {
  return ids.get(plan)
}

/** The source ids the DataFrame of `qualifier` reads (empty for local rows only). */
export function qualifierSources(qualifier: string): ReadonlySet<string> {
  return sourcesOfId.get(qualifier) ?? new Set()
}

/** The ids of every source read under `plan`. */
export function sourceIdsUnder(plan: LogicalPlan): ReadonlySet<string> {
  const out = new Set<string>()
  const walk = (p: LogicalPlan): void => {
    if (p.kind === 'SourceNode') out.add(p.sourceId)
    for (const c of planChildren(p)) walk(c)
  }
  walk(plan)
  return out
}

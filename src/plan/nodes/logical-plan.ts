/**
 * The engine-independent logical plan: immutable, `kind`-tagged nodes (STYLE.md rule 2). The
 * API builds it; the embedded micro-batch executor is one backend that interprets it.
 */
import type { AggregateNode } from './aggregate-node.js'
import type { DeduplicateNode } from './deduplicate-node.js'
import type { FilterNode } from './filter-node.js'
import type { JoinNode } from './join-node.js'
import type { LocalRelationNode } from './local-relation-node.js'
import type { ProjectNode } from './project-node.js'
import type { SortNode } from './sort-node.js'
import type { SourceNode } from './source-node.js'
import type { SubqueryAliasNode } from './subquery-alias-node.js'
import type { UnionNode } from './union-node.js'
import type { WatermarkNode } from './watermark-node.js'

export type LogicalPlan =
  | SourceNode
  | LocalRelationNode
  | ProjectNode
  | FilterNode
  | WatermarkNode
  | AggregateNode
  | DeduplicateNode
  | JoinNode
  | UnionNode
  | SortNode
  | SubqueryAliasNode

/** The children of a plan node. */
export function planChildren(plan: LogicalPlan): readonly LogicalPlan[] {
  switch (plan.kind) {
    case 'SourceNode':
    case 'LocalRelationNode':
      return []
    case 'ProjectNode':
    case 'FilterNode':
    case 'WatermarkNode':
    case 'AggregateNode':
    case 'DeduplicateNode':
    case 'SortNode':
    case 'SubqueryAliasNode':
      return [plan.child]
    case 'JoinNode':
      return [plan.left, plan.right]
    case 'UnionNode':
      return plan.children
  }
}

/** `plan` with its children replaced, in {@link planChildren} order (`plan` itself if unchanged). */
export function withChildren(plan: LogicalPlan, children: readonly LogicalPlan[]): LogicalPlan {
  const before = planChildren(plan)
  if (children.length === before.length && children.every((c, i) => c === before[i])) return plan
  switch (plan.kind) {
    case 'SourceNode':
    case 'LocalRelationNode':
      return plan
    case 'JoinNode':
      return Object.freeze({ ...plan, left: children[0]!, right: children[1]! })
    case 'UnionNode':
      return Object.freeze({ ...plan, children: Object.freeze([...children]) })
    default:
      return Object.freeze({ ...plan, child: children[0]! })
  }
}

/**
 * Every source node of a plan, in left-to-right order (the order of `sources/<i>` folders). A
 * source read twice (`df.union(df)`, a self-join) is one source, as in Spark.
 */
export function collectSources(plan: LogicalPlan, into: SourceNode[] = []): SourceNode[] {
  if (plan.kind === 'SourceNode' && !into.some((s) => s.sourceId === plan.sourceId)) into.push(plan)
  for (const c of planChildren(plan)) collectSources(c, into)
  return into
}

/** True when any source of the plan is streaming. */
export function isStreamingPlan(plan: LogicalPlan): boolean {
  return collectSources(plan).some((s) => s.isStreaming)
}

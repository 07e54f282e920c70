import type { LogicalPlan } from './logical-plan.js'

/**
 * `union(other)` (Spark's UNION ALL): the rows of every child, matched by column position. The
 * output takes the first child's names and metadata (so its event-time marker), each column
 * nullable when any child's is, and the wider type where children differ (int ∪ bigint → bigint).
 * `unionByName` reorders the other side by a projection before building this node.
 */
export interface UnionNode {
  readonly kind: 'UnionNode'
  readonly children: readonly LogicalPlan[]
}

export const UnionNode = Object.freeze({
  create(children: readonly LogicalPlan[]): UnionNode {
    return Object.freeze({ kind: 'UnionNode', children: Object.freeze([...children]) })
  },
  is(node: { kind: string }): node is UnionNode {
    return node.kind === 'UnionNode'
  },
})

import type { LogicalPlan } from './logical-plan.js'

export type JoinType = 'inner' | 'left_outer' | 'right_outer'

/**
 * An equi-join on same-named columns (`df.join(other, ['user_id'], 'left_outer')`). Output: the
 * join columns once (coalesced for outer joins, as Spark's USING join), then the left side's
 * other columns, then the right side's.
 */
export interface JoinNode {
  readonly kind: 'JoinNode'
  readonly left: LogicalPlan
  readonly right: LogicalPlan
  readonly using: readonly string[]
  readonly joinType: JoinType
}

export const JoinNode = Object.freeze({
  create(
    left: LogicalPlan,
    right: LogicalPlan,
    using: readonly string[],
    joinType: JoinType,
  ): JoinNode {
    return Object.freeze({
      kind: 'JoinNode',
      left,
      right,
      using: Object.freeze([...using]),
      joinType,
    })
  },
  is(node: { kind: string }): node is JoinNode {
    return node.kind === 'JoinNode'
  },
})

import type { Expression } from '../expr/index.js'
import type { LogicalPlan } from './logical-plan.js'

export type JoinType = 'inner' | 'left_outer' | 'right_outer'

/**
 * A join. Either an equi-join on same-named columns (`df.join(other, ['user_id'], 'left_outer')`;
 * output: the join columns once — the left ones, the right ones for right outer — then the left
 * side's other columns, then the right side's), or a join on a `condition` whose column names
 * are bound to a side (`left.<name>` / `right.<name>`, see plan/join-condition.ts; output: every
 * left column, then every right column).
 */
export interface JoinNode {
  readonly kind: 'JoinNode'
  readonly left: LogicalPlan
  readonly right: LogicalPlan
  readonly using: readonly string[]
  readonly joinType: JoinType
  /** The bound join condition (then `using` is empty). */
  readonly condition?: Expression
}

export const JoinNode = Object.freeze({
  create(
    left: LogicalPlan,
    right: LogicalPlan,
    using: readonly string[],
    joinType: JoinType,
    condition?: Expression,
  ): JoinNode {
    return Object.freeze({
      kind: 'JoinNode',
      left,
      right,
      using: Object.freeze([...using]),
      joinType,
      ...(condition ? { condition } : {}),
    })
  },
  is(node: { kind: string }): node is JoinNode {
    return node.kind === 'JoinNode'
  },
})

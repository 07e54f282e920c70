import type { Expression } from '../expr/index.js'
import type { LogicalPlan } from './logical-plan.js'

/** `filter(condition)`: keeps rows whose condition is true (null and false drop the row). */
export interface FilterNode {
  readonly kind: 'FilterNode'
  readonly child: LogicalPlan
  readonly condition: Expression
}

export const FilterNode = Object.freeze({
  create(child: LogicalPlan, condition: Expression): FilterNode {
    return Object.freeze({ kind: 'FilterNode', child, condition })
  },
  is(node: { kind: string }): node is FilterNode {
    return node.kind === 'FilterNode'
  },
})

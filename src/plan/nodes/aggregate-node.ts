import type { Expression } from '../expr/index.js'
import type { LogicalPlan } from './logical-plan.js'

/**
 * `groupBy(grouping…).agg(aggregates…)`: output columns are the grouping expressions (a
 * `window(...)` is named `window`, a `session_window(...)` `session_window`) followed by the
 * aggregates. On a streaming plan this is a stateful operator.
 */
export interface AggregateNode {
  readonly kind: 'AggregateNode'
  readonly child: LogicalPlan
  readonly grouping: readonly Expression[]
  /** AggregateCallNodes, each optionally wrapped in an AliasNode. */
  readonly aggregates: readonly Expression[]
}

export const AggregateNode = Object.freeze({
  create(
    child: LogicalPlan,
    grouping: readonly Expression[],
    aggregates: readonly Expression[],
  ): AggregateNode {
    return Object.freeze({
      kind: 'AggregateNode',
      child,
      grouping: Object.freeze([...grouping]),
      aggregates: Object.freeze([...aggregates]),
    })
  },
  is(node: { kind: string }): node is AggregateNode {
    return node.kind === 'AggregateNode'
  },
})

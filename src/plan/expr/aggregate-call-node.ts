import type { Expression } from './expression.js'

/** Aggregate functions the engine implements (names as in Spark). */
export type AggregateFunctionName =
  | 'count'
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'first'
  | 'last'
  | 'collect_list'
  | 'collect_set'
  | 'approx_count_distinct'

/**
 * An aggregate function call inside `agg(...)`: `count(*)` has no argument; the others take one
 * column. Only valid as a top-level aggregate expression (optionally aliased) of an AggregateNode.
 */
export interface AggregateCallNode {
  readonly kind: 'AggregateCallNode'
  readonly fn: AggregateFunctionName
  /** Empty for `count(*)`. */
  readonly args: readonly Expression[]
  /** `first`/`last` ignoreNulls; false elsewhere. */
  readonly ignoreNulls: boolean
}

export const AggregateCallNode = Object.freeze({
  create(
    fn: AggregateFunctionName,
    args: readonly Expression[],
    ignoreNulls = false,
  ): AggregateCallNode {
    return Object.freeze({
      kind: 'AggregateCallNode',
      fn,
      args: Object.freeze([...args]),
      ignoreNulls,
    })
  },
  is(node: { kind: string }): node is AggregateCallNode {
    return node.kind === 'AggregateCallNode'
  },
})

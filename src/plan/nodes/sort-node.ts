import type { Expression } from '../expr/index.js'
import type { LogicalPlan } from './logical-plan.js'

/**
 * One sort key: ascending puts nulls first and descending last unless said otherwise (Spark's
 * `SortOrder` defaults).
 */
export interface SortOrder {
  readonly expr: Expression
  readonly ascending: boolean
  readonly nullsFirst: boolean
}

/**
 * `orderBy(...)` / `sort(...)`: a global sort of the rows by the keys in turn. On a stream Spark
 * allows it only over an aggregation in complete mode (streaming-checks.ts).
 */
export interface SortNode {
  readonly kind: 'SortNode'
  readonly child: LogicalPlan
  readonly orders: readonly SortOrder[]
}

export const SortNode = Object.freeze({
  create(child: LogicalPlan, orders: readonly SortOrder[]): SortNode {
    return Object.freeze({ kind: 'SortNode', child, orders: Object.freeze([...orders]) })
  },
  is(node: { kind: string }): node is SortNode {
    return node.kind === 'SortNode'
  },
})

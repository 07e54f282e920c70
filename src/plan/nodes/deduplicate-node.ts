import type { LogicalPlan } from './logical-plan.js'

/**
 * `dropDuplicates(keys?)` / `dropDuplicatesWithinWatermark(keys?)` (spark-semantics §6): keeps
 * the first row of each key. Empty `keys` means all columns.
 */
export interface DeduplicateNode {
  readonly kind: 'DeduplicateNode'
  readonly child: LogicalPlan
  readonly keys: readonly string[]
  readonly withinWatermark: boolean
}

export const DeduplicateNode = Object.freeze({
  create(child: LogicalPlan, keys: readonly string[], withinWatermark: boolean): DeduplicateNode {
    return Object.freeze({
      kind: 'DeduplicateNode',
      child,
      keys: Object.freeze([...keys]),
      withinWatermark,
    })
  },
  is(node: { kind: string }): node is DeduplicateNode {
    return node.kind === 'DeduplicateNode'
  },
})

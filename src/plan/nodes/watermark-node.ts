import type { LogicalPlan } from './logical-plan.js'

/** `withWatermark(column, delay)`: marks the event-time column; a no-op on batch plans. */
export interface WatermarkNode {
  readonly kind: 'WatermarkNode'
  readonly child: LogicalPlan
  readonly column: string
  /** The delay as the user wrote it ("10 minutes"). */
  readonly delay: string
  /** The delay in ms (months count as 31 days, spark-semantics §3.1). */
  readonly delayMs: number
}

export const WatermarkNode = Object.freeze({
  create(child: LogicalPlan, column: string, delay: string, delayMs: number): WatermarkNode {
    return Object.freeze({ kind: 'WatermarkNode', child, column, delay, delayMs })
  },
  is(node: { kind: string }): node is WatermarkNode {
    return node.kind === 'WatermarkNode'
  },
})

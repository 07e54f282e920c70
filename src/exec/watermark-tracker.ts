/**
 * The global event-time watermark (spark-semantics §3.2): per watermark node, the maximum event
 * time seen minus its delay, only ever moving forward; globally the min (default) or max over
 * nodes, starting at 0 and monotonic. Per-node values are not persisted (as in Spark); the global
 * value is, via the offsets and commits logs.
 */
import type { EventTimeStats } from './event-time-stats.js'

export type MultipleWatermarkPolicy = 'min' | 'max'

export class WatermarkTracker {
  private readonly perNode: number[]
  private global: number

  constructor(
    nodeCount: number,
    private readonly policy: MultipleWatermarkPolicy,
    restored = 0,
  ) {
    this.perNode = new Array<number>(nodeCount).fill(0)
    this.global = restored
  }

  get currentWatermarkMs(): number {
    return this.global
  }

  /** Folds one batch's observations in; returns true when the global watermark advanced. */
  update(nodes: readonly { delayMs: number; stats: EventTimeStats }[]): boolean {
    nodes.forEach((n, i) => {
      if (n.stats.count === 0) return
      const candidate = n.stats.max - n.delayMs
      if (candidate > this.perNode[i]!) this.perNode[i] = candidate
    })
    if (this.perNode.length === 0) return false
    const next = this.policy === 'min' ? Math.min(...this.perNode) : Math.max(...this.perNode)
    if (next > this.global) {
      this.global = next
      return true
    }
    return false
  }
}

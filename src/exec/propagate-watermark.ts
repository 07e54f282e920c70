/**
 * Spark's watermark propagation (PropagateWatermarkSimulator, spark-semantics §3.3), for the one
 * case where it differs from the global watermark: a stateful operator above a stream-stream
 * join. Watermark nodes output the global watermark; a stream-stream join outputs the min of its
 * input watermark and its two state watermarks (a time-range join lags by its range); other
 * nodes pass through, unions and joins taking the min of the children that carry one. As in
 * Spark, a global watermark of 0 (none yet) is passed as 0 without simulation.
 */
import { splitJoinCondition } from '../plan/join-condition.js'
import { ColumnRefNode } from '../plan/expr/index.js'
import { isStreamingPlan, planChildren, type LogicalPlan } from '../plan/nodes/index.js'
import { joinStateCleanup, type SideStateCleanup } from '../plan/stream-join-watermark.js'
import type { StructType } from '../types/index.js'

/** An operator's input watermark (ms) as a function of the global one. */
export type WatermarkFn = (globalMs: number) => number

/** The input watermark of a stateful operator over `child`, or undefined when it is the global one. */
export function inputWatermarkFn(
  child: LogicalPlan,
  schemaOf: (p: LogicalPlan) => StructType,
): WatermarkFn | undefined {
  if (!hasStreamStreamJoin(child)) return undefined
  const f = outputWatermark(child, schemaOf)
  return f ? (g) => (g === 0 ? 0 : f(g)) : undefined
}

function isStreamStreamJoin(p: LogicalPlan): boolean {
  return p.kind === 'JoinNode' && isStreamingPlan(p.left) && isStreamingPlan(p.right)
}

function hasStreamStreamJoin(p: LogicalPlan): boolean {
  return isStreamStreamJoin(p) || planChildren(p).some(hasStreamStreamJoin)
}

/** null: no watermark in this subtree. */
function outputWatermark(
  p: LogicalPlan,
  schemaOf: (p: LogicalPlan) => StructType,
): WatermarkFn | null {
  if (p.kind === 'WatermarkNode') return (g) => g
  const children = planChildren(p)
    .map((c) => outputWatermark(c, schemaOf))
    .filter((f): f is WatermarkFn => f !== null)
  if (children.length === 0) return null
  const input: WatermarkFn = (g) => Math.min(...children.map((f) => f(g)))
  if (p.kind !== 'JoinNode' || !isStreamStreamJoin(p)) return input
  const left = schemaOf(p.left)
  const right = schemaOf(p.right)
  const split = splitJoinCondition(p.condition)
  const keys = p.condition
    ? split.keys
    : p.using.map((k) => ({ left: ColumnRefNode.create(k), right: ColumnRefNode.create(k) }))
  const cleanup = joinStateCleanup(keys, split.residual, left, right, p.condition !== undefined)
  const state = (c: SideStateCleanup | undefined, wm: number): number =>
    c === undefined ? Infinity : c.kind === 'key' ? wm : c.stateWatermarkMs(wm)
  return (g) => {
    const wm = input(g)
    return Math.min(wm, state(cleanup.left, wm), state(cleanup.right, wm))
  }
}

/**
 * Spark's rules for stream-stream joins (UnsupportedOperationChecker, spark-semantics §8),
 * checked at `start()`: append mode only; an outer join needs either a watermarked event-time
 * column (or a window over one) among the join keys, or a watermark on the nullable side plus a
 * time-range condition from which the preserved side's state watermark follows.
 */
import { AnalysisError } from '../errors/index.js'
import { outputSchema, type SourceSchemaResolver } from './analyzer.js'
import { ColumnRefNode } from './expr/index.js'
import { splitConjuncts, splitJoinCondition } from './join-condition.js'
import type { JoinNode } from './nodes/index.js'
import { stateValueWatermark, watermarkKeyIndex } from './stream-join-watermark.js'
import type { StreamingOutputMode } from './streaming-checks.js'

export function checkStreamStreamJoin(
  node: JoinNode,
  mode: StreamingOutputMode,
  resolveSource?: SourceSchemaResolver,
): void {
  if (mode !== 'append') {
    throw new AnalysisError('SL_PLAN_UNSUPPORTED_OUTPUT_MODE', {
      mode: mode === 'update' ? 'Update' : 'Complete',
      reason: 'a join between two streaming DataFrames (Spark allows only append)',
      hint: 'Use outputMode("append"): a joined row is emitted once, when it is known.',
    })
  }
  if (node.joinType === 'inner') return
  const left = outputSchema(node.left, resolveSource)
  const right = outputSchema(node.right, resolveSource)
  const keys = node.condition
    ? splitJoinCondition(node.condition).keys
    : node.using.map((k) => ({ left: ColumnRefNode.create(k), right: ColumnRefNode.create(k) }))
  const inKeys = watermarkKeyIndex(keys, left, right, node.condition !== undefined) >= 0
  const conjuncts = node.condition ? splitConjuncts(node.condition) : []
  // Spark probes the range condition with an arbitrary watermark (1,000,000 ms).
  const range =
    node.joinType === 'left_outer'
      ? stateValueWatermark('left', right, conjuncts, 1_000_000) !== undefined
      : stateValueWatermark('right', left, conjuncts, 1_000_000) !== undefined
  if (!inKeys && !range) {
    const [preserved, nullable] =
      node.joinType === 'left_outer' ? ['left', 'right'] : ['right', 'left']
    throw new AnalysisError('SL_PLAN_STREAM_JOIN_UNSUPPORTED', {
      joinType: node.joinType.replace('_', ' '),
      reason:
        'without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition (as in Spark): otherwise an unmatched row could never be known to stay unmatched',
      hint: `Call withWatermark(...) on both sides and either join on a window(...) of the event time, or add a condition bounding the ${preserved} event time by the ${nullable} one, e.g. ${nullable}.col("t").cast("long").between(...) written as ${preserved}.col("t").cast("long").geq(${nullable}.col("t").cast("long").minus(60)).and(${preserved}.col("t").cast("long").leq(${nullable}.col("t").cast("long").plus(60))).`,
    })
  }
}

/**
 * Spark's output-mode and operation rules for streaming plans (UnsupportedOperationChecker,
 * spark-semantics §5.2), checked at `start()` so that an unsupported query fails before batch 0
 * with an error that names the rule and what to change.
 */
import { AnalysisError } from '../errors/index.js'
import { WATERMARK_DELAY_KEY, outputSchema, type SourceSchemaResolver } from './analyzer.js'
import type { Expression } from './expr/index.js'
import { eventTimeColumnRef } from './window-time-column.js'
import {
  isStreamingPlan,
  planChildren,
  type AggregateNode,
  type LogicalPlan,
} from './nodes/index.js'
import { fieldIndex } from '../types/index.js'
import { checkStreamStreamJoin } from './stream-join-checks.js'

export type StreamingOutputMode = 'append' | 'update' | 'complete'

export function checkStreamingPlan(
  plan: LogicalPlan,
  mode: StreamingOutputMode,
  resolveSource?: SourceSchemaResolver,
): void {
  const aggregations = collect(plan, (p): p is AggregateNode => p.kind === 'AggregateNode').filter(
    (a) => isStreamingPlan(a.child),
  )
  if (mode === 'complete' && aggregations.length === 0) {
    throw unsupported(
      'Complete',
      'queries without streaming aggregations',
      'Use append (each result row once) or add a groupBy(...).agg(...).',
    )
  }
  for (const agg of aggregations) {
    const session = agg.grouping.some((g) => unalias(g).kind === 'SessionWindowNode')
    if (session && mode === 'update') {
      throw unsupported(
        'Update',
        'session window aggregations (Spark rejects them too)',
        'Use append (with a watermark) or complete.',
      )
    }
    if (mode === 'append' && !hasEventTimeKey(agg, resolveSource)) {
      throw unsupported(
        'Append',
        'streaming aggregations without a watermark on a grouping column',
        'Append mode emits a group only once it is final, so it needs a watermark: add withWatermark("<time column>", "10 minutes") before the groupBy and group by window(<time column>, ...) or by the time column itself — or use update or complete mode.',
      )
    }
  }
  for (const node of collect(plan, (_p): _p is LogicalPlan => true)) {
    if (
      node.kind === 'DeduplicateNode' &&
      node.withinWatermark &&
      isStreamingPlan(node.child) &&
      !hasWatermarkBelow(node.child)
    ) {
      throw new AnalysisError('SL_PLAN_WATERMARK_REQUIRED', {
        operation: 'dropDuplicatesWithinWatermark',
        hint: 'Call withWatermark("<time column>", "<delay>") before dropDuplicatesWithinWatermark(...).',
      })
    }
    // Spark's UnsupportedOperationChecker: a sort needs the complete data, which only an
    // aggregation in complete mode has.
    if (
      node.kind === 'SortNode' &&
      isStreamingPlan(node) &&
      !(
        mode === 'complete' &&
        collect(node.child, (p): p is AggregateNode => p.kind === 'AggregateNode').some((a) =>
          isStreamingPlan(a.child),
        )
      )
    ) {
      throw new AnalysisError('SL_PLAN_UNSUPPORTED_OPERATION', {
        operation:
          'sorting a streaming DataFrame, unless it is on an aggregated DataFrame in complete output mode',
        hint: "Sort after a groupBy(...).agg(...) with outputMode('complete'), or sort each micro-batch in foreachBatch.",
      })
    }
    if (node.kind === 'UnionNode') {
      const streaming = node.children.map(isStreamingPlan)
      if (streaming.includes(true) && streaming.includes(false)) {
        throw new AnalysisError('SL_PLAN_UNSUPPORTED_OPERATION', {
          operation: 'a union between streaming and batch DataFrames',
          hint: 'Union two streams, or join the stream with the batch DataFrame instead, as Spark requires.',
        })
      }
    }
    if (node.kind === 'JoinNode') {
      const l = isStreamingPlan(node.left)
      const r = isStreamingPlan(node.right)
      if (l && r) checkStreamStreamJoin(node, mode, resolveSource)
      if (
        (node.joinType === 'left_outer' && r && !l) ||
        (node.joinType === 'right_outer' && l && !r) ||
        (node.joinType === 'full_outer' && l !== r)
      ) {
        throw new AnalysisError('SL_PLAN_UNSUPPORTED_OPERATION', {
          operation: `a ${node.joinType.replace('_', ' ')} join with the stream on the ${l ? 'left' : 'right'}`,
          hint: 'Put the stream on the preserved side: stream.join(static, keys, "left_outer") or static.join(stream, keys, "right_outer"), as Spark requires.',
        })
      }
    }
    // A stateful operator after an aggregation is only correct in append mode (Spark ≥ 3.4).
    if (
      mode !== 'append' &&
      (node.kind === 'AggregateNode' || node.kind === 'DeduplicateNode') &&
      isStreamingPlan(node)
    ) {
      const below = collect(
        node.kind === 'AggregateNode' ? node.child : node.child,
        (p): p is AggregateNode => p.kind === 'AggregateNode',
      )
      const counts =
        node.kind === 'AggregateNode' ||
        (node.kind === 'DeduplicateNode' &&
          (node.withinWatermark || dedupKeysIncludeEventTime(node, resolveSource)))
      if (below.some((b) => isStreamingPlan(b.child)) && counts) {
        throw unsupported(
          mode === 'update' ? 'Update' : 'Complete',
          'a stateful operator after a streaming aggregation (possible correctness issue with the global watermark)',
          'Use append mode for chained stateful operators.',
        )
      }
    }
  }
}

function unalias(e: Expression): Expression {
  return e.kind === 'AliasNode' ? e.child : e
}

function hasEventTimeKey(agg: AggregateNode, resolveSource?: SourceSchemaResolver): boolean {
  const schema = outputSchema(agg.child, resolveSource)
  return agg.grouping.some((g) => {
    const ref = eventTimeColumnRef(g)
    if (ref === undefined) return false
    return schema.fields[fieldIndex(schema, ref.name)]?.metadata[WATERMARK_DELAY_KEY] !== undefined
  })
}

function dedupKeysIncludeEventTime(
  node: Extract<LogicalPlan, { kind: 'DeduplicateNode' }>,
  resolveSource?: SourceSchemaResolver,
): boolean {
  const schema = outputSchema(node.child, resolveSource)
  const keys = node.keys.length === 0 ? schema.fields.map((f) => f.name) : node.keys
  return keys.some(
    (k) => schema.fields[fieldIndex(schema, k)]?.metadata[WATERMARK_DELAY_KEY] !== undefined,
  )
}

function hasWatermarkBelow(plan: LogicalPlan): boolean {
  return collect(plan, (p): p is LogicalPlan => p.kind === 'WatermarkNode').length > 0
}

function collect<T extends LogicalPlan>(
  plan: LogicalPlan,
  pick: (p: LogicalPlan) => p is T,
  into: T[] = [],
): T[] {
  if (pick(plan)) into.push(plan)
  for (const c of planChildren(plan)) collect(c, pick, into)
  return into
}

function unsupported(mode: string, reason: string, hint: string): AnalysisError {
  return new AnalysisError('SL_PLAN_UNSUPPORTED_OUTPUT_MODE', { mode, reason, hint })
}

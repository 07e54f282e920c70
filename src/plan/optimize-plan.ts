/**
 * The logical optimizations this engine runs before compiling a plan, in the order of Spark's
 * optimizer batches that matter to a streaming query's observable behaviour: filters pushed down
 * ("Operator Optimization before Inferring Filters"), filters inferred for join sides ("Infer
 * Filters"), and those pushed down in turn ("Operator Optimization after Inferring Filters").
 * The rows a plan outputs never change; where its filters run does (watermarks, state contents,
 * the JSON reader's pushed filters and so `numInputRows`).
 */
import { inferJoinFilters } from './infer-join-filters.js'
import type { LogicalPlan } from './nodes/index.js'
import { pushDownFilters } from './push-down-filters.js'
import type { StructType } from '../types/index.js'

/** `plan` optimized; `schemaOf` gives a node's output schema. */
export function optimizePlan(
  plan: LogicalPlan,
  schemaOf: (p: LogicalPlan) => StructType,
): LogicalPlan {
  const pushed = pushDownFilters(plan, schemaOf)
  const inferred = inferJoinFilters(pushed, schemaOf)
  return inferred === pushed ? pushed : pushDownFilters(inferred, schemaOf)
}

/**
 * Executes a batch (non-streaming) plan to completion: reads every source, then runs the
 * compiled pipeline once.
 */
import { AnalysisError } from '../errors/index.js'
import { collectSources, isStreamingPlan, type LogicalPlan } from '../plan/nodes/index.js'
import { readBatchSource } from '../sources/read-batch-source.js'
import type { Row, StructType } from '../types/index.js'
import { compilePlan } from './compile-plan.js'

export interface BatchResult {
  readonly schema: StructType
  readonly rows: Row[]
}

export async function runBatchPlan(
  plan: LogicalPlan,
  timeZone: string,
  action: string,
): Promise<BatchResult> {
  if (isStreamingPlan(plan)) throw new AnalysisError('SL_PLAN_STREAMING_ACTION', { action })
  const inputs = new Map<string, Row[]>()
  const schemas = new Map<string, StructType>()
  for (const node of collectSources(plan)) {
    const data = await readBatchSource(node, timeZone)
    inputs.set(node.sourceId, data.rows)
    schemas.set(node.sourceId, data.schema)
  }
  const now = Date.now()
  const compiled = compilePlan(
    plan,
    (n) => schemas.get(n.sourceId) ?? n.schema!,
    () => ({ batchTimestampMs: now, timeZone }),
  )
  return { schema: compiled.schema, rows: compiled.run(inputs) }
}

/** Resolves a batch plan's schema (reads Delta metadata for Delta sources). */
export async function resolveBatchSchema(plan: LogicalPlan, timeZone: string): Promise<StructType> {
  return (await runBatchPlanSchemaOnly(plan, timeZone)).schema
}

async function runBatchPlanSchemaOnly(
  plan: LogicalPlan,
  timeZone: string,
): Promise<{ schema: StructType }> {
  const schemas = new Map<string, StructType>()
  for (const node of collectSources(plan)) {
    if (node.schema) schemas.set(node.sourceId, node.schema)
    else schemas.set(node.sourceId, (await readBatchSource(node, timeZone)).schema)
  }
  const compiled = compilePlan(
    plan,
    (n) => schemas.get(n.sourceId)!,
    () => ({ batchTimestampMs: 0, timeZone }),
  )
  return { schema: compiled.schema }
}

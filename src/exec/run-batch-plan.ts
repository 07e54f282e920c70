/**
 * Executes a batch (non-streaming) plan to completion: reads every source, then runs the
 * compiled pipeline once (aggregations with in-memory state and complete output).
 */
import { AnalysisError } from '../errors/index.js'
import { collectSources, isStreamingPlan, type LogicalPlan } from '../plan/nodes/index.js'
import { readBatchSource, readBatchSchema } from '../sources/read-batch-source.js'
import { MemoryStateStoreProvider } from '../state/memory-state-store.js'
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
  ansi = true,
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
    () => ({ batchTimestampMs: now, timeZone, ansi }),
    {
      outputMode: 'complete',
      stateProvider: () => new MemoryStateStoreProvider(),
      readStatic: async (p) => (await runBatchPlan(p, timeZone, action, ansi)).rows,
    },
  )
  const rows = await compiled.run(inputs, {
    batchId: 0,
    lateWatermarkMs: 0,
    evictWatermarkMs: 0,
    isNoDataBatch: false,
  })
  await compiled.close()
  return { schema: compiled.schema, rows }
}

/** Resolves a batch plan's schema (reads only table metadata for Delta sources). */
export async function resolveBatchSchema(plan: LogicalPlan, timeZone: string): Promise<StructType> {
  const schemas = new Map<string, StructType>()
  for (const node of collectSources(plan))
    schemas.set(node.sourceId, node.schema ?? (await readBatchSchema(node, timeZone)))
  const compiled = compilePlan(
    plan,
    (n) => schemas.get(n.sourceId)!,
    () => ({ batchTimestampMs: 0, timeZone }),
    {
      outputMode: 'complete',
      stateProvider: () => new MemoryStateStoreProvider(),
      readStatic: async () => [],
    },
  )
  return compiled.schema
}

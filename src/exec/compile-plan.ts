/**
 * Compiles a logical plan into a runnable pipeline for the embedded engine: one function per
 * node turning its inputs' rows into its output rows for one micro-batch. Stateless nodes are
 * plain loops; aggregations, deduplication and session windows become stateful operators with a
 * state store each (`state/<operatorId>`); a join with a static side re-reads that side as Spark
 * does. The same compiler runs batch plans (one "batch", state in memory, complete output).
 */
import { AnalysisError } from '../errors/index.js'
import { outputSchema, type SourceSchemaResolver } from '../plan/analyzer.js'
import { isStreamingPlan, planChildren, type LogicalPlan } from '../plan/nodes/index.js'
import { optimizePlan } from '../plan/optimize-plan.js'
import { splitConjuncts } from '../plan/push-down-filters.js'
import { pushedScanFilters } from '../plan/pushed-scan-filters.js'
import type { OutputMode } from '../sinks/sink.js'
import type { StateStoreProvider } from '../state/state-store.js'
import { fieldIndex, sameType, type Row, type StructType } from '../types/index.js'
import { TAG_NUMBER } from '../types/packed-columns.js'
import { chunkRows, type RecordChunk } from '../types/record-chunk.js'
import type { BatchContext } from './batch-context.js'
import { EventTimeStats } from './event-time-stats.js'
import { fromJsonChunks, matchFromJsonExpansion } from './from-json-chunks.js'
import { jsonWorkerPool } from '../sources/file/json-worker-pool.js'
import { inputWatermarkFn, type WatermarkFn } from './propagate-watermark.js'
import { castValue } from './expr/cast-value.js'
import { compileExpression } from './expr/compile-expression.js'
import type { EvaluationContext } from './expr/evaluation-context.js'
import { compileConditionJoin } from './operators/batch-condition-join.js'
import { DedupeExec } from './operators/dedupe-exec.js'
import { SessionWindowExec } from './operators/session-window-exec.js'
import { sortRows } from './operators/sort-rows.js'
import { StatefulAggregateExec } from './operators/stateful-aggregate-exec.js'
import type { StatefulOperator } from './operators/stateful-operator.js'
import { StreamStaticJoinExec } from './operators/stream-static-join-exec.js'
import { StreamStreamJoinExec } from './operators/stream-stream-join-exec.js'

/** Rows of each source for one execution, by `sourceId`. */
export type SourceRows = ReadonlyMap<string, readonly Row[]>

export interface CompileOptions {
  /** The query's output mode (batch plans: complete). */
  readonly outputMode: OutputMode
  /** The state of stateful operator `operatorId`. */
  /** The state of stateful operator `operatorId`, named as Spark names the operator in progress. */
  readonly stateProvider: (operatorId: number, operatorName: string) => StateStoreProvider
  /** Runs a batch (static) sub-plan to completion. */
  readonly readStatic: (plan: LogicalPlan) => Promise<Row[]>
}

/** A compiled plan. */
export interface CompiledPlan {
  readonly schema: StructType
  /** Watermark nodes in plan order, with this batch's observed event-time statistics. */
  readonly watermarks: readonly { column: string; delayMs: number; stats: EventTimeStats }[]
  readonly statefulOperators: readonly StatefulOperator[]
  /**
   * Per streaming JSON source (by `sourceId`), the filter its reader applies (Spark's JSON filter
   * push-down): rows failing it are dropped before the plan and not counted as input rows.
   */
  readonly scanFilters: ReadonlyMap<string, (row: Row) => boolean>
  /**
   * Set when the plan is one streaming source under operators that can work on record chunks
   * as the source read them (nothing, a watermark, deduplication): the executor may then run the
   * plan on chunks, packed by column, and hand the result to a sink that takes chunks.
   */
  readonly chunked: ChunkedPlan | undefined
  run(inputs: SourceRows, batch: BatchContext): Promise<Row[]>
  close(): Promise<void>
}

type Step = (inputs: SourceRows, batch: BatchContext) => Promise<Row[]> | Row[]

/** The plan run on the record chunks of its one source (see `CompiledPlan.chunked`). */
export interface ChunkedPlan {
  readonly sourceId: string
  run(chunks: readonly RecordChunk[], batch: BatchContext): Promise<readonly RecordChunk[]>
}

type ChunkStep = (
  chunks: readonly RecordChunk[],
  batch: BatchContext,
) => Promise<readonly RecordChunk[]> | readonly RecordChunk[]

/** Compiles `plan`; `ctx` is read at run time (the batch timestamp changes per batch). */
export function compilePlan(
  plan: LogicalPlan,
  resolveSource: SourceSchemaResolver,
  ctx: () => EvaluationContext,
  options: CompileOptions,
): CompiledPlan {
  const watermarks: { column: string; delayMs: number; stats: EventTimeStats }[] = []
  const stateful: StatefulOperator[] = []
  const schemaOf = (p: LogicalPlan): StructType => outputSchema(p, resolveSource)
  const scanFilters = new Map<string, (row: Row) => boolean>()
  // Uses of each source in the plan (collectSources lists a source read twice only once): a
  // scan filter may only be pushed into a source read once.
  const sourceUses = new Map<string, number>()
  const countUses = (p: LogicalPlan): void => {
    if (p.kind === 'SourceNode') sourceUses.set(p.sourceId, (sourceUses.get(p.sourceId) ?? 0) + 1)
    planChildren(p).forEach(countUses)
  }
  countUses(plan)
  const opOf = new Map<LogicalPlan, StatefulOperator>()
  /** Nodes that can also run on chunks: their chunk step and the source below them. */
  const chunkSteps = new Map<LogicalPlan, { sourceId: string; step: ChunkStep }>()
  const optimized = optimizePlan(plan, schemaOf)
  const run = build(optimized)
  const chunkRoot = chunkSteps.get(optimized)
  // Spark lists stateful operators top-down (executedPlan.collect), e.g. an aggregation before
  // the join below it; state directories keep their build-order ids.
  const topDown: StatefulOperator[] = []
  const walk = (p: LogicalPlan): void => {
    const op = opOf.get(p)
    if (op && !topDown.includes(op)) topDown.push(op)
    planChildren(p).forEach(walk)
  }
  walk(optimized)
  for (const op of stateful) if (!topDown.includes(op)) topDown.push(op)
  return {
    schema: schemaOf(plan),
    watermarks,
    statefulOperators: topDown,
    scanFilters,
    chunked: chunkRoot && {
      sourceId: chunkRoot.sourceId,
      run: async (chunks, batch) => chunkRoot.step(chunks, batch),
    },
    run: async (inputs, batch) => run(inputs, batch),
    close: async () => {
      for (const op of stateful) await op.close()
    },
  }

  function build(node: LogicalPlan): Step {
    switch (node.kind) {
      case 'SourceNode': {
        const id = node.sourceId
        if (node.isStreaming) chunkSteps.set(node, { sourceId: id, step: (chunks) => chunks })
        return (inputs) => (inputs.get(id) ?? []) as Row[]
      }
      case 'LocalRelationNode': {
        const rows = node.rows as Row[]
        return () => rows
      }
      case 'FilterNode': {
        const child = build(node.child)
        const cond = compileExpression(node.condition, schemaOf(node.child), ctx)
        const src = node.child
        if (
          src.kind === 'SourceNode' &&
          src.isStreaming &&
          src.format === 'json' &&
          sourceUses.get(src.sourceId) === 1
        ) {
          const schema = schemaOf(src)
          const preds = pushedScanFilters(splitConjuncts(node.condition), schema).map((e) =>
            compileExpression(e, schema, ctx),
          )
          if (preds.length)
            scanFilters.set(src.sourceId, (row) => preds.every((p) => p(row) === true))
        }
        return async (inputs, batch) =>
          (await child(inputs, batch)).filter((row) => cond(row) === true)
      }
      case 'ProjectNode': {
        const child = build(node.child)
        const exprs = node.projections.map((p) => compileExpression(p, schemaOf(node.child), ctx))
        const n = exprs.length
        const project = (rows: readonly Row[]): Row[] => {
          const out = new Array<Row>(rows.length)
          for (let r = 0; r < rows.length; r++) {
            const row = rows[r]!
            const o = new Array<unknown>(n)
            for (let i = 0; i < n; i++) o[i] = exprs[i]!(row)
            out[r] = o
          }
          return out
        }
        // from_json(value) then its fields: parsed on the JSON workers, chunk by chunk.
        const expansion = matchFromJsonExpansion(node, schemaOf)
        const below = expansion && chunkSteps.get(expansion.source)
        const pool = jsonWorkerPool()
        if (expansion && below && pool && node.child.kind === 'ProjectNode') {
          const inner = node.child
          const innerExprs = inner.projections.map((p) =>
            compileExpression(p, schemaOf(inner.child), ctx),
          )
          const onRows = (rows: readonly Row[]): Row[] =>
            project(rows.map((row) => innerExprs.map((e) => e(row))))
          const parse = fromJsonChunks(expansion, pool, () => ctx().timeZone, onRows)
          chunkSteps.set(node, {
            sourceId: below.sourceId,
            step: async (chunks, batch) => parse(await below.step(chunks, batch)),
          })
        }
        return async (inputs, batch) => project(await child(inputs, batch))
      }
      case 'WatermarkNode': {
        const child = build(node.child)
        const index = fieldIndex(schemaOf(node.child), node.column)
        const stats = new EventTimeStats()
        watermarks.push({ column: node.column, delayMs: node.delayMs, stats })
        const below = chunkSteps.get(node.child)
        if (below)
          chunkSteps.set(node, {
            sourceId: below.sourceId,
            step: async (chunks, batch) => {
              // A source's own column form becomes rows here, once, for this step and the next.
              const out = (await below.step(chunks, batch)).map((c) =>
                'records' in c ? { rows: c.records.rows() } : c,
              )
              for (const chunk of out) observeEventTimes(stats, chunk, index)
              return out
            },
          })
        return async (inputs, batch) => {
          const rows = await child(inputs, batch)
          for (const row of rows) stats.add(row[index] as number | null)
          return rows
        }
      }
      case 'AggregateNode': {
        const child = build(node.child)
        const id = stateful.length
        const hasSession = node.grouping.some(
          (g) => (g.kind === 'AliasNode' ? g.child : g).kind === 'SessionWindowNode',
        )
        const op = hasSession
          ? new SessionWindowExec(
              id,
              node,
              schemaOf(node.child),
              options.outputMode,
              options.stateProvider(id, 'sessionWindowStateStoreSaveExec'),
              hasWatermark(node.child),
              ctx,
            )
          : new StatefulAggregateExec(
              id,
              node,
              schemaOf(node.child),
              options.outputMode,
              options.stateProvider(id, 'stateStoreSave'),
              hasWatermark(node.child),
              ctx,
            )
        const wm = inputWatermarkFn(node.child, schemaOf)
        stateful.push(wm ? withInputWatermark(op, wm) : op)
        opOf.set(node, stateful[stateful.length - 1]!)
        return async (inputs, batch) =>
          op.execute(await child(inputs, batch), wm ? mapBatch(batch, wm) : batch)
      }
      case 'DeduplicateNode': {
        const child = build(node.child)
        const id = stateful.length
        const op = new DedupeExec(
          id,
          node,
          schemaOf(node.child),
          options.stateProvider(id, node.withinWatermark ? 'dedupeWithinWatermark' : 'dedupe'),
          hasWatermark(node.child),
        )
        const wm = inputWatermarkFn(node.child, schemaOf)
        stateful.push(wm ? withInputWatermark(op, wm) : op)
        opOf.set(node, stateful[stateful.length - 1]!)
        const below = chunkSteps.get(node.child)
        if (below)
          chunkSteps.set(node, {
            sourceId: below.sourceId,
            step: async (chunks, batch) =>
              op.executeChunks(await below.step(chunks, batch), wm ? mapBatch(batch, wm) : batch),
          })
        return async (inputs, batch) =>
          op.execute(await child(inputs, batch), wm ? mapBatch(batch, wm) : batch)
      }
      case 'SubqueryAliasNode': {
        // Only names change: the rows (and the chunk path below) are the child's.
        const child = build(node.child)
        const below = chunkSteps.get(node.child)
        if (below) chunkSteps.set(node, below)
        return child
      }
      case 'SortNode': {
        const child = build(node.child)
        const schema = schemaOf(node.child)
        const keys = node.orders.map((o) => ({
          value: compileExpression(o.expr, schema, ctx),
          ascending: o.ascending,
          nullsFirst: o.nullsFirst,
        }))
        return async (inputs, batch) => sortRows(await child(inputs, batch), keys)
      }
      case 'UnionNode': {
        const out = schemaOf(node)
        const children = node.children.map((c) => {
          const step = build(c)
          const from = schemaOf(c)
          const casts = from.fields.map((f, i) =>
            sameType(f.dataType, out.fields[i]!.dataType, false)
              ? undefined
              : (v: unknown) => castValue(v, f.dataType, out.fields[i]!.dataType, ctx().timeZone),
          )
          if (casts.every((c) => c === undefined)) return step
          return async (inputs: SourceRows, batch: BatchContext): Promise<Row[]> =>
            (await step(inputs, batch)).map((row) =>
              row.map((v, i) => (casts[i] ? casts[i](v) : v)),
            )
        })
        return async (inputs, batch) => {
          const out: Row[] = []
          for (const child of children) for (const row of await child(inputs, batch)) out.push(row)
          return out
        }
      }
      case 'JoinNode': {
        const leftStreaming = isStreamingPlan(node.left)
        const rightStreaming = isStreamingPlan(node.right)
        if (leftStreaming && rightStreaming) {
          const left = build(node.left)
          const right = build(node.right)
          const id = stateful.length
          const op = new StreamStreamJoinExec(
            id,
            node,
            schemaOf(node.left),
            schemaOf(node.right),
            options.stateProvider(id, 'symmetricHashJoin'),
            ctx,
          )
          stateful.push(op)
          opOf.set(node, op)
          return async (inputs, batch) =>
            op.execute(await left(inputs, batch), await right(inputs, batch), batch)
        }
        if (node.condition && !leftStreaming && !rightStreaming) {
          // A batch join on a condition: both sides are computed in this run.
          const left = build(node.left)
          const right = build(node.right)
          const join = compileConditionJoin(node, schemaOf(node.left), schemaOf(node.right), ctx)
          return async (inputs, batch) =>
            join(await left(inputs, batch), await right(inputs, batch))
        }
        if (node.joinType === 'full_outer') {
          throw new AnalysisError('SL_PLAN_UNSUPPORTED_OPERATION', {
            operation: 'a full outer join that is not between two streams',
            hint: 'Use inner, left_outer or right_outer with a static side; full outer joins are supported between two streams.',
          })
        }
        if (node.condition) {
          throw new AnalysisError('SL_PLAN_UNSUPPORTED_OPERATION', {
            operation: 'a join condition (Column) with a static side',
            hint: 'Join a static DataFrame on same-named columns: stream.join(static, ["key"], how); rename a column with withColumnRenamed first if the names differ.',
          })
        }
        if (!leftStreaming && !rightStreaming) {
          // A batch join: both sides are computed in this run.
          const left = build(node.left)
          const right = build(node.right)
          return async (inputs, batch) => {
            const staticRows = await right(inputs, batch)
            const leftRows = await left(inputs, batch)
            const probeLeft = node.joinType !== 'right_outer'
            const join = new StreamStaticJoinExec(
              node,
              probeLeft,
              schemaOf(node.left),
              schemaOf(node.right),
              async () => (probeLeft ? staticRows : leftRows),
            )
            return join.execute(probeLeft ? leftRows : staticRows)
          }
        }
        const streamSide = build(leftStreaming ? node.left : node.right)
        const staticPlan = leftStreaming ? node.right : node.left
        const join = new StreamStaticJoinExec(
          node,
          leftStreaming,
          schemaOf(node.left),
          schemaOf(node.right),
          () => options.readStatic(staticPlan),
        )
        return async (inputs, batch) => join.execute(await streamSide(inputs, batch))
      }
    }
  }
}

/** The batch as an operator whose input watermark differs from the global one sees it. */
/** What the watermark node's row step records, for one chunk. */
function observeEventTimes(stats: EventTimeStats, chunk: RecordChunk, index: number): void {
  if ('rows' in chunk || 'records' in chunk) {
    for (const row of chunkRows(chunk)) stats.add(row[index] as number | null)
    return
  }
  const { tags, numbers } = chunk.packed.columns[index]!
  const { selection } = chunk
  const n = selection ? selection.length : chunk.packed.count
  for (let k = 0; k < n; k++) {
    const i = selection ? selection[k]! : k
    stats.add(tags[i] === TAG_NUMBER ? numbers[i]! : null)
  }
}

function mapBatch(batch: BatchContext, wm: WatermarkFn): BatchContext {
  return {
    ...batch,
    lateWatermarkMs: wm(batch.lateWatermarkMs),
    evictWatermarkMs: wm(batch.evictWatermarkMs),
  }
}

/** The operator as the executor sees it: asked about no-data batches with its own watermark. */
function withInputWatermark(op: StatefulOperator, wm: WatermarkFn): StatefulOperator {
  return {
    operatorId: op.operatorId,
    operatorName: op.operatorName,
    get progress() {
      return op.progress
    },
    shouldRunAnotherBatch: (newWatermarkMs) => op.shouldRunAnotherBatch(wm(newWatermarkMs)),
    recoverLastBatch: (evictWatermarkMs) => op.recoverLastBatch(wm(evictWatermarkMs)),
    close: () => op.close(),
  }
}

function hasWatermark(plan: LogicalPlan): boolean {
  if (plan.kind === 'WatermarkNode') return true
  switch (plan.kind) {
    case 'SourceNode':
    case 'LocalRelationNode':
      return false
    case 'JoinNode':
      return hasWatermark(plan.left) || hasWatermark(plan.right)
    case 'UnionNode':
      return plan.children.some(hasWatermark)
    default:
      return hasWatermark(plan.child)
  }
}

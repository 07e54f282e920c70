/**
 * Streaming aggregation (Spark's StateStoreRestore/Save pair, spark-semantics §4–§5): the batch's
 * rows are aggregated per group (a row in several sliding windows counts in each), late groups
 * are dropped (`window.end` or the event-time key `<= lateWM`, counted per group), the rest merge
 * into state, and the output mode decides what leaves: complete = every group; update = the
 * groups touched this batch, then groups at or before the eviction watermark are removed
 * silently; append = only groups closed by the eviction watermark, exactly once, then removed.
 */
import { WATERMARK_DELAY_KEY, resolveExpression } from '../../plan/analyzer.js'
import type { Expression } from '../../plan/expr/index.js'
import type { AggregateNode } from '../../plan/nodes/index.js'
import { eventTimeColumnRef } from '../../plan/window-time-column.js'
import type { OutputMode } from '../../sinks/sink.js'
import type { StateStoreProvider } from '../../state/state-store.js'
import { fieldIndex, type DataType, type Row, type StructType } from '../../types/index.js'
import { rowJson } from '../late-record.js'
import type { BatchContext } from '../batch-context.js'
import type { EvaluationContext } from '../expr/evaluation-context.js'
import type { AggregateFunction } from './aggregate-functions.js'
import { compileAggregates } from './compile-aggregates.js'
import { GroupKeyEncoder } from './group-key-encoder.js'
import { emptyProgress, operatorProgress, type StatefulOperator } from './stateful-operator.js'
import type { StateOperatorProgress } from '../../monitor/progress.js'
import { parseKeyJson } from './state-key-json.js'

export class StatefulAggregateExec implements StatefulOperator {
  readonly operatorName = 'stateStoreSave'
  private readonly keys: GroupKeyEncoder
  private readonly functions: readonly AggregateFunction[]
  private readonly argumentOf: readonly ((row: Row) => unknown)[]
  private readonly slotOffsets: readonly number[]
  private readonly width: number
  /** Index of the event-time grouping key and how to read its time: window end or raw value. */
  private readonly eventTimeKey: { index: number; isWindow: boolean } | undefined
  private lastEvictWatermarkMs: number | undefined
  private readonly keyNames: readonly string[]
  private readonly keyTypes: readonly DataType[]
  progress: StateOperatorProgress = emptyProgress(this.operatorName)

  constructor(
    readonly operatorId: number,
    node: AggregateNode,
    childSchema: StructType,
    private readonly mode: OutputMode,
    private readonly provider: StateStoreProvider,
    private readonly hasWatermark: boolean,
    ctx: () => EvaluationContext,
  ) {
    this.keys = new GroupKeyEncoder(node.grouping, childSchema, ctx)
    const keys = node.grouping.map((g) => resolveExpression(g, childSchema))
    this.keyNames = keys.map((k) => k.name)
    this.keyTypes = keys.map((k) => k.dataType)
    this.eventTimeKey = findEventTimeKey(node.grouping, childSchema)
    const aggs = compileAggregates(node.aggregates, childSchema, ctx, 0)
    this.functions = aggs.functions
    this.argumentOf = aggs.argumentOf
    this.slotOffsets = aggs.offsets
    this.width = aggs.width
  }

  recoverLastBatch(evictWatermarkMs: number): void {
    this.lastEvictWatermarkMs = evictWatermarkMs
  }

  shouldRunAnotherBatch(newWatermarkMs: number): boolean {
    return (
      this.hasWatermark &&
      this.mode !== 'complete' &&
      this.lastEvictWatermarkMs !== undefined &&
      newWatermarkMs > this.lastEvictWatermarkMs
    )
  }

  async execute(rows: readonly Row[], ctx: BatchContext): Promise<Row[]> {
    const store = await this.provider.open(ctx.batchId)
    const started = performance.now()
    // 1. Partial aggregation of this batch, per group.
    const partial = new Map<string, unknown[]>()
    const fns = this.functions
    const keys: string[] = []
    this.keys.reset()
    for (const row of rows) {
      const n = this.keys.keysOf(row, keys)
      for (let j = 0; j < n; j++) {
        const k = keys[j]!
        let acc = partial.get(k)
        if (acc === undefined) {
          acc = new Array<unknown>(this.width)
          for (let f = 0; f < fns.length; f++) fns[f]!.init(acc, this.slotOffsets[f]!)
          partial.set(k, acc)
        }
        for (let f = 0; f < fns.length; f++)
          fns[f]!.update(acc, this.slotOffsets[f]!, this.argumentOf[f]!(row))
      }
    }
    this.keys.reset()
    // 2. Late groups are dropped (per group after partial aggregation, spark-semantics §4).
    const lateMicros = ctx.lateWatermarkMs * 1000
    const evictMicros = ctx.evictWatermarkMs * 1000
    const applyWatermark =
      this.hasWatermark && this.eventTimeKey !== undefined && this.mode !== 'complete'
    let dropped = 0
    let updated = 0
    const touched: string[] = []
    for (const [k, acc] of partial) {
      if (applyWatermark && this.keyTime(k) <= lateMicros) {
        dropped++
        ctx.lateRecords?.push({
          operator: this.operatorName,
          eventTimeMicros: this.keyTime(k),
          record: rowJson(this.keyNames, this.keyTypes, parseKeyJson(k)),
        })
        continue
      }
      // 3. Merge into state.
      const previous = store.get(k)
      let merged: unknown[]
      if (previous === undefined) merged = acc
      else {
        merged = [...previous]
        for (let f = 0; f < fns.length; f++)
          fns[f]!.merge(merged, this.slotOffsets[f]!, acc, this.slotOffsets[f]!)
      }
      store.put(k, merged)
      updated++
      touched.push(k)
    }
    const updatesMs = performance.now() - started
    // 4. Output and eviction.
    const out: Row[] = []
    let removed = 0
    const removalsStarted = performance.now()
    if (this.mode === 'complete') {
      for (const [k, acc] of store.entries()) out.push(this.result(k, acc))
    } else if (this.mode === 'update') {
      for (const k of touched) out.push(this.result(k, store.get(k)!))
      if (applyWatermark) removed = this.evict(store, evictMicros, undefined)
    } else {
      removed = applyWatermark ? this.evict(store, evictMicros, out) : 0
    }
    const removalsMs = performance.now() - removalsStarted
    this.lastEvictWatermarkMs = ctx.evictWatermarkMs
    const m = await store.commit()
    this.progress = operatorProgress(this.operatorName, {
      numRowsTotal: m.numRowsTotal,
      numRowsUpdated: updated,
      numRowsRemoved: removed,
      memoryUsedBytes: m.memoryUsedBytes,
      commitTimeMs: m.commitTimeMs,
      numRowsDroppedByWatermark: dropped,
      allUpdatesTimeMs: Math.round(updatesMs),
      allRemovalsTimeMs: Math.round(removalsMs),
      customMetrics: { stateOnCurrentVersionSizeBytes: m.stateOnCurrentVersionSizeBytes },
    })
    return out
  }

  async close(): Promise<void> {
    await this.provider.close()
  }

  private evict(
    store: Awaited<ReturnType<StateStoreProvider['open']>>,
    evictMicros: number,
    out: Row[] | undefined,
  ): number {
    const victims: string[] = []
    for (const [k, acc] of store.entries()) {
      if (this.keyTime(k) <= evictMicros) {
        victims.push(k)
        if (out) out.push(this.result(k, acc))
      }
    }
    for (const k of victims) store.remove(k)
    return victims.length
  }

  /** The event time of a group in µs: its window's end, or the raw event-time key. */
  private keyTime(k: string): number {
    const key = parseKeyJson(k)
    const v = key[this.eventTimeKey!.index]
    if (v === null) return -Infinity
    return this.eventTimeKey!.isWindow ? ((v as number[])[1] as number) : (v as number)
  }

  private result(k: string, acc: readonly unknown[]): Row {
    const row = parseKeyJson(k)
    for (let f = 0; f < this.functions.length; f++)
      row.push(this.functions[f]!.evaluate(acc, this.slotOffsets[f]!))
    return row
  }
}

/** The grouping key that carries the watermark: a window over, or a reference to, the event-time column. */
function findEventTimeKey(
  grouping: readonly Expression[],
  schema: StructType,
): { index: number; isWindow: boolean } | undefined {
  for (let i = 0; i < grouping.length; i++) {
    const g = grouping[i]!
    const inner = g.kind === 'AliasNode' ? g.child : g
    const ref = eventTimeColumnRef(inner)
    if (ref === undefined || inner.kind === 'SessionWindowNode') continue
    const f = schema.fields[fieldIndex(schema, ref.name)]
    if (f && f.metadata[WATERMARK_DELAY_KEY] !== undefined)
      return { index: i, isWindow: inner.kind === 'TimeWindowNode' }
  }
  return undefined
}

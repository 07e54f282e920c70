/**
 * Session-window aggregation (spark-semantics §2): each row opens `[t, t + gap)`; per grouping
 * key, sessions sorted by start merge while `next.start <= current.end` (touching sessions merge),
 * within the batch and with the sessions already in state, so a new row can bridge two stored
 * sessions. Late rows (`t + gap <= lateWM`) are dropped before merging. Append emits a session
 * once, when `end <= evictWM`, and removes it; complete emits every session every batch.
 * State: one entry per grouping key holding that key's sessions with their aggregate buffers.
 */
import { AnalysisError } from '../../errors/index.js'
import { durationMicros } from '../../internal/time/interval.js'
import type { SessionWindowNode } from '../../plan/expr/index.js'
import type { AggregateNode } from '../../plan/nodes/index.js'
import type { StateOperatorProgress } from '../../monitor/progress.js'
import type { OutputMode } from '../../sinks/sink.js'
import type { StateStoreProvider } from '../../state/state-store.js'
import type { DataType, Row, StructType } from '../../types/index.js'
import { rowJson } from '../late-record.js'
import type { BatchContext } from '../batch-context.js'
import { compileExpression, type CompiledExpression } from '../expr/compile-expression.js'
import type { EvaluationContext } from '../expr/evaluation-context.js'
import type { AggregateFunction } from './aggregate-functions.js'
import { compileAggregates } from './compile-aggregates.js'
import { GroupKeyEncoder } from './group-key-encoder.js'
import { emptyProgress, operatorProgress, type StatefulOperator } from './stateful-operator.js'
import { parseKeyJson } from './state-key-json.js'

/** [start, end, ...aggregate buffer] */
type Session = unknown[]

export class SessionWindowExec implements StatefulOperator {
  readonly operatorName = 'sessionWindowStateStoreSaveExec'
  private readonly sessionAt: number
  /** The grouping key without the session window: the state key. */
  private readonly keys: GroupKeyEncoder
  private readonly time: CompiledExpression
  private readonly gap: CompiledExpression
  private readonly functions: readonly AggregateFunction[]
  private readonly argumentOf: readonly CompiledExpression[]
  private readonly offsets: readonly number[]
  private readonly width: number
  private readonly gapCache = new Map<string, number | null>()
  private lastEvictWatermarkMs: number | undefined
  private readonly names: readonly string[]
  private readonly types: readonly DataType[]
  progress: StateOperatorProgress = emptyProgress(this.operatorName)

  constructor(
    readonly operatorId: number,
    node: AggregateNode,
    schema: StructType,
    private readonly mode: OutputMode,
    private readonly provider: StateStoreProvider,
    private readonly hasWatermark: boolean,
    ctx: () => EvaluationContext,
  ) {
    this.names = schema.fields.map((f) => f.name)
    this.types = schema.fields.map((f) => f.dataType)
    this.sessionAt = node.grouping.findIndex(
      (g) => (g.kind === 'AliasNode' ? g.child : g).kind === 'SessionWindowNode',
    )
    const session = (
      node.grouping[this.sessionAt]!.kind === 'AliasNode'
        ? (node.grouping[this.sessionAt] as { child: SessionWindowNode }).child
        : node.grouping[this.sessionAt]
    ) as SessionWindowNode
    if (node.grouping.length < 2) {
      throw new AnalysisError('SL_PLAN_UNSUPPORTED_OPERATION', {
        operation: 'a global aggregation with session_window',
        hint: 'Group by at least one column besides session_window (e.g. groupBy(session_window(...), "user_id")), as Spark requires.',
      })
    }
    const keyParts = node.grouping.filter((_, i) => i !== this.sessionAt)
    // Compiled once for its errors (a window() next to session_window() is refused there).
    for (const g of keyParts) compileExpression(g, schema, ctx)
    this.keys = new GroupKeyEncoder(keyParts, schema, ctx)
    this.time = compileExpression(session.timeColumn, schema, ctx)
    this.gap = compileExpression(session.gap, schema, ctx)
    const aggs = compileAggregates(node.aggregates, schema, ctx, 2)
    this.functions = aggs.functions
    this.argumentOf = aggs.argumentOf
    this.offsets = aggs.offsets
    this.width = aggs.width
  }

  recoverLastBatch(evictWatermarkMs: number): void {
    this.lastEvictWatermarkMs = evictWatermarkMs
  }

  shouldRunAnotherBatch(newWatermarkMs: number): boolean {
    return (
      this.hasWatermark &&
      this.mode === 'append' &&
      this.lastEvictWatermarkMs !== undefined &&
      newWatermarkMs > this.lastEvictWatermarkMs
    )
  }

  async execute(rows: readonly Row[], ctx: BatchContext): Promise<Row[]> {
    const store = await this.provider.open(ctx.batchId)
    const lateMicros = ctx.lateWatermarkMs * 1000
    const applyWatermark = this.hasWatermark && this.mode === 'append'
    let dropped = 0
    // Spark drops late input after its partial aggregation, which groups rows by key and initial
    // session [t, t + gap): late rows of one key with the same t and gap count once. (Spark does
    // that per input partition; a batch here is one partition — exact for files, and for Kafka
    // when a key's records stay in one partition, the keyed-producer case.)
    const lateGroups = new Set<string>()
    // 1. One initial session per row, grouped by key (input order kept for equal starts).
    const byKey = new Map<string, Session[]>()
    const key: string[] = []
    this.keys.reset()
    for (const row of rows) {
      const t = this.time(row) as number | null
      if (t === null) continue
      const gap = this.gapMicros(this.gap(row))
      if (gap === null || gap <= 0) continue
      if (applyWatermark && t + gap <= lateMicros) {
        this.keys.keysOf(row, key)
        const group = `${t}/${gap}/${key[0]!}`
        if (!lateGroups.has(group)) {
          lateGroups.add(group)
          dropped++
        }
        ctx.lateRecords?.push({
          operator: this.operatorName,
          eventTimeMicros: t + gap,
          record: rowJson(this.names, this.types, row),
        })
        continue
      }
      const s: Session = new Array<unknown>(this.width)
      s[0] = t
      s[1] = t + gap
      for (let f = 0; f < this.functions.length; f++) {
        this.functions[f]!.init(s, this.offsets[f]!)
        this.functions[f]!.update(s, this.offsets[f]!, this.argumentOf[f]!(row))
      }
      this.keys.keysOf(row, key)
      const k = key[0]!
      let list = byKey.get(k)
      if (!list) byKey.set(k, (list = []))
      list.push(s)
    }
    this.keys.reset()
    // 2. Merge with the key's stored sessions.
    let updated = 0
    for (const [k, fresh] of byKey) {
      const stored = (store.get(k)?.[0] as Session[] | undefined) ?? []
      const merged = this.merge([...stored, ...fresh])
      store.put(k, [merged])
      updated += merged.length
    }
    // 3. Output.
    const out: Row[] = []
    let removed = 0
    const evictMicros = ctx.evictWatermarkMs * 1000
    const emptied: string[] = []
    for (const [k, value] of store.entries()) {
      const sessions = value[0] as Session[]
      if (this.mode === 'complete') {
        for (const s of sessions) out.push(this.result(k, s))
        continue
      }
      if (!applyWatermark) continue
      const keep: Session[] = []
      for (const s of sessions) {
        if ((s[1] as number) <= evictMicros) {
          out.push(this.result(k, s))
          removed++
        } else keep.push(s)
      }
      if (keep.length !== sessions.length) {
        if (keep.length === 0) emptied.push(k)
        else store.put(k, [keep])
      }
    }
    for (const k of emptied) store.remove(k)
    this.lastEvictWatermarkMs = ctx.evictWatermarkMs
    let sessionsInState = 0
    for (const [, v] of store.entries()) sessionsInState += (v[0] as Session[]).length
    const m = await store.commit()
    this.progress = operatorProgress(this.operatorName, {
      numRowsTotal: sessionsInState,
      numRowsUpdated: updated,
      numRowsRemoved: removed,
      memoryUsedBytes: m.memoryUsedBytes,
      commitTimeMs: m.commitTimeMs,
      numRowsDroppedByWatermark: dropped,
      customMetrics: { stateOnCurrentVersionSizeBytes: m.stateOnCurrentVersionSizeBytes },
    })
    return out
  }

  /** Sorted by start (stable), touching or overlapping sessions merged. */
  private merge(sessions: Session[]): Session[] {
    const sorted = sessions
      .map((s, i) => [s, i] as const)
      .sort((a, b) => (a[0][0] as number) - (b[0][0] as number) || a[1] - b[1])
      .map(([s]) => s)
    const out: Session[] = []
    for (const s of sorted) {
      const current = out[out.length - 1]
      if (current && (s[0] as number) <= (current[1] as number)) {
        current[1] = Math.max(current[1] as number, s[1] as number)
        for (let f = 0; f < this.functions.length; f++)
          this.functions[f]!.merge(current, this.offsets[f]!, s, this.offsets[f]!)
      } else out.push([...s])
    }
    return out
  }

  private gapMicros(gap: unknown): number | null {
    if (gap === null || gap === undefined) return null
    const text = String(gap)
    let micros = this.gapCache.get(text)
    if (micros === undefined) {
      try {
        micros = durationMicros(text, 'session_window gap')
      } catch {
        micros = null
      }
      this.gapCache.set(text, micros)
    }
    return micros
  }

  private result(k: string, s: Session): Row {
    const keys = parseKeyJson(k)
    const row: unknown[] = [...keys]
    row.splice(this.sessionAt, 0, [s[0], s[1]])
    for (let f = 0; f < this.functions.length; f++)
      row.push(this.functions[f]!.evaluate(s, this.offsets[f]!))
    return row
  }

  async close(): Promise<void> {
    await this.provider.close()
  }
}

/**
 * Stream-stream join: Spark's StreamingSymmetricHashJoinExec (spark-semantics §8). Each side's
 * rows are buffered in state by join key with a "matched" flag; per batch:
 *
 * 1. per side, input rows with event time (a window: its end) `<= lateWM` are dropped (counted);
 * 2. left pass: each new left row that passes the left-only conjuncts is joined with the right
 *    state and always buffered; a row failing them is emitted at once with nulls (left outer);
 * 3. right pass: each new right row is joined with the left state (which now holds this batch's
 *    left rows too) and buffered unless the state watermark would evict it in this same batch
 *    (kept anyway when it is an unmatched right-outer row);
 * 4. eviction with evictWM (plan/stream-join-watermark.ts): on the preserved side of an outer
 *    join, evicted rows never matched are emitted with nulls; the other side (both, for inner)
 *    is cleaned up and counted in numRowsRemoved.
 *
 * State layout (one store per operator, `state/<id>`; versioned, so restart-safe): key
 * `L<json key>` / `R<json key>` → a list of `[matched, encodedRow]` entries in arrival order.
 * Null join keys never match: such rows of the preserved side are buffered (and come out as
 * outer rows), of the other side dropped — the `isnotnull` filters Spark's optimizer adds.
 */
import { Decimal, decimalJoinKey } from '../../types/decimal-value.js'
import type { StateOperatorProgress } from '../../monitor/progress.js'
import { rowJson } from '../late-record.js'
import { joinConditionSchema, splitJoinCondition, unbind } from '../../plan/join-condition.js'
import { ColumnRefNode, type Expression } from '../../plan/expr/index.js'
import type { JoinNode } from '../../plan/nodes/index.js'
import {
  eventTimeColumn,
  joinStateCleanup,
  type SideStateCleanup,
} from '../../plan/stream-join-watermark.js'
import type { StateStore, StateStoreProvider } from '../../state/state-store.js'
import { fieldIndex, type Row, type StructType } from '../../types/index.js'
import type { BatchContext } from '../batch-context.js'
import { compileExpression, type CompiledExpression } from '../expr/compile-expression.js'
import type { EvaluationContext } from '../expr/evaluation-context.js'
import { decodeStateRow, encodeStateRow } from './state-row-codec.js'
import { emptyProgress, operatorProgress, type StatefulOperator } from './stateful-operator.js'
import { keyJson } from './state-key-json.js'

type Side = 'L' | 'R'

interface Entry {
  matched: boolean
  readonly row: Row
}

interface SideSpec {
  readonly schema: StructType
  readonly keys: readonly CompiledExpression[]
  /** The conjuncts over this side only (rows failing them are never buffered). */
  readonly pre: (row: Row) => boolean
  /** Index of the event-time column, -1 if none; `struct` = a window (compare its end). */
  readonly eventTime: number
  readonly eventTimeIsWindow: boolean
  readonly cleanup: SideStateCleanup | undefined
  /** Outer rows of this side are emitted (left for left outer, right for right outer). */
  readonly preserved: boolean
}

export class StreamStreamJoinExec implements StatefulOperator {
  readonly operatorName = 'symmetricHashJoin'
  progress: StateOperatorProgress = emptyProgress('symmetricHashJoin')
  private lastEvictWatermarkMs: number | undefined
  private readonly left: SideSpec
  private readonly right: SideSpec
  private readonly both: (l: Row, r: Row) => boolean
  private readonly output: (l: Row | null, r: Row | null) => Row
  private readonly leftNames: readonly string[]
  private readonly rightNames: readonly string[]

  constructor(
    readonly operatorId: number,
    node: JoinNode,
    leftSchema: StructType,
    rightSchema: StructType,
    private readonly provider: StateStoreProvider,
    ctx: () => EvaluationContext,
  ) {
    this.leftNames = leftSchema.fields.map((f) => f.name)
    this.rightNames = rightSchema.fields.map((f) => f.name)
    const bound = node.condition !== undefined
    const split = splitJoinCondition(node.condition)
    const keyPairs = bound
      ? split.keys
      : node.using.map((k) => ({ left: ColumnRefNode.create(k), right: ColumnRefNode.create(k) }))
    const cleanup = joinStateCleanup(keyPairs, split.residual, leftSchema, rightSchema, bound)
    const sideSpec = (
      schema: StructType,
      keys: readonly Expression[],
      only: readonly Expression[],
      sideCleanup: SideStateCleanup | undefined,
      preserved: boolean,
    ): SideSpec => {
      const compile = (e: Expression): CompiledExpression =>
        compileExpression(bound ? unbind(e) : e, schema, ctx)
      const pre = only.map(compile)
      const eventTime = eventTimeColumn(schema)
      return {
        schema,
        keys: keys.map(compile),
        pre: (row) => pre.every((p) => p(row) === true),
        eventTime,
        eventTimeIsWindow: eventTime >= 0 && schema.fields[eventTime]!.dataType.type === 'struct',
        cleanup: sideCleanup,
        preserved,
      }
    }
    this.left = sideSpec(
      leftSchema,
      keyPairs.map((k) => k.left),
      split.leftOnly,
      cleanup.left,
      node.joinType === 'left_outer' || node.joinType === 'full_outer',
    )
    this.right = sideSpec(
      rightSchema,
      keyPairs.map((k) => k.right),
      split.rightOnly,
      cleanup.right,
      node.joinType === 'right_outer' || node.joinType === 'full_outer',
    )
    const joined = joinConditionSchema(leftSchema, rightSchema)
    const post = split.both.map((e) => compileExpression(e, joined, ctx))
    this.both =
      post.length === 0 ? () => true : (l, r) => post.every((p) => p([...l, ...r]) === true)
    const nl = leftSchema.fields.length
    const nr = rightSchema.fields.length
    if (bound) {
      this.output = (l, r) => [
        ...(l ?? new Array<unknown>(nl).fill(null)),
        ...(r ?? new Array<unknown>(nr).fill(null)),
      ]
    } else {
      // USING join: the key columns once (the right side's for right outer, the non-null one
      // for full outer), then the rest.
      const lKeys = node.using.map((k) => fieldIndex(leftSchema, k))
      const rKeys = node.using.map((k) => fieldIndex(rightSchema, k))
      const lRest = leftSchema.fields.map((_, i) => i).filter((i) => !lKeys.includes(i))
      const rRest = rightSchema.fields.map((_, i) => i).filter((i) => !rKeys.includes(i))
      const rightKeys = node.joinType === 'right_outer'
      const full = node.joinType === 'full_outer'
      this.output = (l, r) => [
        ...(full
          ? lKeys.map((i, j) => l?.[i] ?? r?.[rKeys[j]!] ?? null)
          : rightKeys
            ? rKeys.map((i) => r?.[i] ?? null)
            : lKeys.map((i) => l?.[i] ?? null)),
        ...lRest.map((i) => l?.[i] ?? null),
        ...rRest.map((i) => r?.[i] ?? null),
      ]
    }
  }

  recoverLastBatch(evictWatermarkMs: number): void {
    this.lastEvictWatermarkMs = evictWatermarkMs
  }

  shouldRunAnotherBatch(newWatermarkMs: number): boolean {
    return (
      (this.left.cleanup !== undefined || this.right.cleanup !== undefined) &&
      this.lastEvictWatermarkMs !== undefined &&
      newWatermarkMs > this.lastEvictWatermarkMs
    )
  }

  async execute(leftInput: readonly Row[], rightInput: readonly Row[], ctx: BatchContext) {
    const store = await this.provider.open(ctx.batchId)
    const started = performance.now()
    const lists = new Map<string, Entry[]>()
    const listOf = (key: string): Entry[] => {
      let list = lists.get(key)
      if (!list) {
        const stored = store.get(key) as readonly (readonly [boolean, unknown[]])[] | undefined
        list = (stored ?? []).map(([matched, row]) => ({ matched, row: decodeStateRow(row) }))
        lists.set(key, list)
      }
      return list
    }
    let late = 0
    const nonLate = (rows: readonly Row[], spec: SideSpec, names: readonly string[]): Row[] => {
      if (spec.eventTime < 0) return rows as Row[]
      const lateMicros = ctx.lateWatermarkMs * 1000
      return rows.filter((row) => {
        const t = this.timeOf(row, spec)
        if (t === null || t > lateMicros) return true
        late++
        ctx.lateRecords?.push({
          operator: this.operatorName,
          eventTimeMicros: t,
          record: rowJson(
            names,
            spec.schema.fields.map((f) => f.dataType),
            row,
          ),
        })
        return false
      })
    }
    const out: Row[] = []
    let updated = 0
    const evictMicros = (spec: SideSpec): number | undefined => {
      const c = spec.cleanup
      if (!c) return undefined
      return (
        (c.kind === 'key' ? ctx.evictWatermarkMs : c.stateWatermarkMs(ctx.evictWatermarkMs)) * 1000
      )
    }
    const pass = (
      rows: readonly Row[],
      mine: SideSpec,
      side: Side,
      other: Side,
      emit: (me: Row | null, them: Row | null) => void,
      matches: (me: Row, them: Row) => boolean,
    ): void => {
      const threshold = evictMicros(mine)
      for (const row of rows) {
        if (!mine.pre(row)) {
          if (mine.preserved) emit(row, null)
          continue
        }
        // Decimal keys of different scales on the two sides are equal by value (as Spark's cast).
        const key = mine.keys.map((k) => {
          const v = k(row)
          return v instanceof Decimal ? decimalJoinKey(v) : v
        })
        const hasNull = key.some((v) => v === null)
        if (hasNull && !mine.preserved) continue
        const k = keyJson(key)
        let matched = false
        if (!hasNull) {
          for (const e of listOf(other + k)) {
            if (!matches(row, e.row)) continue
            emit(row, e.row)
            e.matched = true
            matched = true
          }
        }
        // Spark buffers every left row; a right row only if it is not evicted in this batch
        // (or it is an unmatched right-outer row, emitted by that eviction).
        const evictedNow =
          side === 'R' && threshold !== undefined && this.stateTimeOf(row, mine) <= threshold
        if (side === 'L' || !evictedNow || (mine.preserved && !matched)) {
          listOf(side + k).push({ matched, row })
          updated++
        }
      }
    }
    pass(
      nonLate(leftInput, this.left, this.leftNames),
      this.left,
      'L',
      'R',
      (l, r) => out.push(this.output(l, r)),
      (l, r) => this.both(l, r),
    )
    pass(
      nonLate(rightInput, this.right, this.rightNames),
      this.right,
      'R',
      'L',
      (r, l) => out.push(this.output(l, r)),
      (r, l) => this.both(l, r),
    )
    for (const [key, list] of lists) {
      if (list.length === 0) store.remove(key)
      else
        store.put(
          key,
          list.map((e) => [e.matched, encodeStateRow(e.row)]),
        )
    }
    const updatesMs = performance.now() - started
    const removalsStarted = performance.now()
    let removed = 0
    for (const [side, spec] of [
      ['L', this.left],
      ['R', this.right],
    ] as const) {
      const threshold = evictMicros(spec)
      if (threshold === undefined) continue
      const evicted = this.evict(store, side, spec, threshold)
      if (spec.preserved) {
        for (const e of evicted)
          if (!e.matched)
            out.push(side === 'L' ? this.output(e.row, null) : this.output(null, e.row))
      } else removed += evicted.length
    }
    this.lastEvictWatermarkMs = ctx.evictWatermarkMs
    let total = 0
    for (const [, v] of store.entries()) total += v.length
    const removalsMs = performance.now() - removalsStarted
    const m = await store.commit()
    this.progress = operatorProgress(this.operatorName, {
      numRowsTotal: total,
      numRowsUpdated: updated,
      numRowsRemoved: removed,
      memoryUsedBytes: m.memoryUsedBytes,
      commitTimeMs: m.commitTimeMs,
      numRowsDroppedByWatermark: late,
      allUpdatesTimeMs: Math.round(updatesMs),
      allRemovalsTimeMs: Math.round(removalsMs),
      customMetrics: { stateOnCurrentVersionSizeBytes: m.stateOnCurrentVersionSizeBytes },
    })
    return out
  }

  /** The row's event time in µs (a window's end), or null. */
  private timeOf(row: Row, spec: SideSpec): number | null {
    const v = row[spec.eventTime] ?? null
    if (v === null) return null
    return spec.eventTimeIsWindow ? ((v as unknown[])[1] as number | null) : (v as number)
  }

  /** The time a buffered row is evicted by: its key's time (window end) or its event time. */
  private stateTimeOf(row: Row, spec: SideSpec): number {
    const c = spec.cleanup!
    const v = c.kind === 'key' ? spec.keys[c.keyIndex]!(row) : (row[c.column] ?? null)
    if (v === null || v === undefined) return Infinity
    if (Array.isArray(v)) return (v[1] as number | null) ?? Infinity
    return v as number
  }

  /** Removes this side's rows at or below `threshold` (µs); returns them. */
  private evict(store: StateStore, side: Side, spec: SideSpec, threshold: number): Entry[] {
    const evicted: Entry[] = []
    const changes: [string, (readonly [boolean, unknown[]])[]][] = []
    for (const [key, value] of store.entries()) {
      if (key[0] !== side) continue
      const entries = value as readonly (readonly [boolean, unknown[]])[]
      const keep: (readonly [boolean, unknown[]])[] = []
      for (const e of entries) {
        const row = decodeStateRow(e[1])
        if (this.stateTimeOf(row, spec) <= threshold) evicted.push({ matched: e[0], row })
        else keep.push(e)
      }
      if (keep.length !== entries.length) changes.push([key, keep])
    }
    for (const [key, keep] of changes) {
      if (keep.length === 0) store.remove(key)
      else store.put(key, keep)
    }
    return evicted
  }

  async close(): Promise<void> {
    await this.provider.close()
  }
}

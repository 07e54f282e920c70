/**
 * The state keys of an aggregation's input rows: the JSON text of the grouping-key tuple
 * (`[[start,end],"click"]` for a window and a value), one per window the row falls in. The text
 * is what the state store persists, so it must stay exactly `JSON.stringify(tuple)`; but building
 * and stringifying a tuple per row (five per row for a 5 min / 1 min sliding window) dominated
 * streaming aggregation. Keys seen before in the batch are found instead through nested maps on
 * the key's values, which allocates nothing. Two tuples share a map path exactly when their JSON
 * texts are equal: NaN and ±Infinity stringify as `null` and are looked up as null, -0 as 0
 * (which Map already treats as 0), and non-primitive values by their JSON text.
 */
import { AnalysisError } from '../../errors/index.js'
import { resolveExpression } from '../../plan/analyzer.js'
import type { Expression, TimeWindowNode } from '../../plan/expr/index.js'
import { windowTimeExpression } from '../../plan/window-time-column.js'
import type { Row, StructType } from '../../types/index.js'
import { compileExpression, type CompiledExpression } from '../expr/compile-expression.js'
import type { EvaluationContext } from '../expr/evaluation-context.js'
import { windowStarts } from './time-windows.js'
import { keyJson } from './state-key-json.js'

/** A map level; the window level also remembers its last row's windows (rows come in time order). */
class Level extends Map<unknown, unknown> {
  lastStart = Number.NaN
  lastCount = 0
  readonly lastKeys: string[] = []
}

export class GroupKeyEncoder {
  private readonly values: CompiledExpression[] = []
  /** Position of each value part in the tuple. */
  private readonly valueAt: number[] = []
  private readonly window: { node: TimeWindowNode; time: CompiledExpression; at: number } | null
  private readonly width: number
  private readonly tuple: unknown[]
  private root = new Level()
  private readonly starts: number[] = []

  constructor(grouping: readonly Expression[], schema: StructType, ctx: () => EvaluationContext) {
    let window: GroupKeyEncoder['window'] = null
    grouping.forEach((g, i) => {
      const inner = g.kind === 'AliasNode' ? g.child : g
      if (inner.kind === 'SessionWindowNode') {
        throw new AnalysisError('SL_PLAN_UNSUPPORTED_OPERATION', {
          operation: 'session_window inside this aggregation',
          hint: 'session_window is handled by the session operator.',
        })
      }
      if (inner.kind === 'TimeWindowNode') {
        if (window) {
          throw new AnalysisError('SL_PLAN_UNSUPPORTED_OPERATION', {
            operation: 'more than one window() in one groupBy',
            hint: 'Group by a single window.',
          })
        }
        // A window over a window column (chained aggregation) buckets by that window's
        // window_time (end - 1 µs), not by the struct itself.
        const timeType = resolveExpression(inner.timeColumn, schema).dataType
        const time = compileExpression(windowTimeExpression(inner, timeType), schema, ctx)
        window = { node: inner, time, at: i }
      } else {
        this.values.push(compileExpression(g, schema, ctx))
        this.valueAt.push(i)
      }
    })
    this.window = window
    this.width = grouping.length
    this.tuple = new Array<unknown>(this.width).fill(null)
  }

  /** Forgets the keys seen so far (call once per batch: the cache is as big as the batch's groups). */
  reset(): void {
    this.root = new Level()
  }

  /**
   * Writes the keys of `row` into `out` (one per window, in window-assignment order: latest
   * start first) and returns how many; 0 for a null window time.
   */
  keysOf(row: Row, out: string[]): number {
    const tuple = this.tuple
    let level = this.root
    const last = this.values.length - (this.window ? 0 : 1)
    for (let i = 0; i < this.values.length; i++) {
      const v = this.values[i]!(row)
      tuple[this.valueAt[i]!] = v
      if (i === last) {
        const c = canonical(v)
        let k = level.get(c) as string | undefined
        if (k === undefined) {
          k = keyJson(tuple)
          level.set(c, k)
        }
        out[0] = k
        return 1
      }
      const c = canonical(v)
      let next = level.get(c) as Level | undefined
      if (next === undefined) level.set(c, (next = new Level()))
      level = next
    }
    const w = this.window
    if (!w) {
      // No grouping columns at all: the one global group.
      let k = level.get(null) as string | undefined
      if (k === undefined) level.set(null, (k = keyJson(tuple)))
      out[0] = k
      return 1
    }
    const t = w.time(row)
    if (t === null) return 0
    const { windowMicros, slideMicros, startMicros } = w.node
    const starts = this.starts
    const count = windowStarts(t as number, windowMicros, slideMicros, startMicros, starts)
    if (count > 0 && starts[0] === level.lastStart && count === level.lastCount) {
      // Same windows as the previous row of this group (the common case for sliding windows).
      const cached = level.lastKeys
      for (let i = 0; i < count; i++) out[i] = cached[i]!
      return count
    }
    for (let i = 0; i < count; i++) {
      const start = starts[i]!
      let k = level.get(start) as string | undefined
      if (k === undefined) {
        tuple[w.at] = [start, start + windowMicros]
        k = keyJson(tuple)
        level.set(start, k)
      }
      out[i] = k
      level.lastKeys[i] = k
    }
    level.lastStart = count > 0 ? starts[0]! : Number.NaN
    level.lastCount = count
    return count
  }
}

/** A value that is a Map key exactly when the JSON text of the value is. */
function canonical(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v
    case 'number':
      return Number.isFinite(v) ? v : null
    case 'bigint':
      // A long past 2^53 (canonical, so never equal to a number): Map compares bigints by value.
      return v
    case 'undefined':
      return null
    default:
      // keyJson's text: also for objects JSON.stringify refuses (a decimal, a struct with a bigint).
      return v === null ? null : keyJson([v])
  }
}

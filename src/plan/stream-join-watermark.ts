/**
 * Which buffered rows a stream-stream join may forget, as Spark decides it
 * (StreamingSymmetricHashJoinHelper.getStateWatermarkPredicates, StreamingJoinHelper;
 * spark-semantics §8). Pure functions over the bound join condition (plan/join-condition.ts):
 *
 * - watermark in the join keys (an event-time column, or a window over one, is an equi-join key):
 *   both sides drop rows whose key time (window: its end) is `<= evictWM`;
 * - otherwise, for a side with a watermark, a time-range conjunct relating its event time to the
 *   other side's watermarked column (`leftTime >= rightTime - 5`) gives a "state value
 *   watermark": rows of that side with event time `<= stateWM` can match no future row.
 *
 * The range solver follows Spark's term collection exactly: `l < r` is rewritten to `l - r < 0`,
 * split into ± terms (columns, and numeric literals meaning seconds), the other side's
 * watermarked column replaced by the watermark; `<=`/`>=` subtract 1 ms; the min over conjuncts
 * wins. Anything it cannot solve yields no watermark (never a wrong one).
 */
import { isNumericType, isTimestampType, type StructType } from '../types/index.js'
import { WATERMARK_DELAY_KEY } from './analyzer.js'
import type { Expression } from './expr/index.js'
import { sideOf, type JoinSide } from './join-condition.js'

/** How one side's buffered rows leave the state. */
export type SideStateCleanup =
  /** By the equi-join key at `keyIndex` (its time, or its `end` for a window struct). */
  | { readonly kind: 'key'; readonly keyIndex: number }
  /** By this side's event-time column against the state value watermark. */
  | {
      readonly kind: 'value'
      readonly column: number
      readonly stateWatermarkMs: (wm: number) => number
    }

export interface JoinStateCleanup {
  readonly left: SideStateCleanup | undefined
  readonly right: SideStateCleanup | undefined
}

/** The index of a side's (first) event-time column, or -1. */
export function eventTimeColumn(schema: StructType): number {
  return schema.fields.findIndex((f) => f.metadata[WATERMARK_DELAY_KEY] !== undefined)
}

function isEventTimeRef(e: Expression, schema: StructType, bound: boolean): boolean {
  if (e.kind !== 'ColumnRefNode') return false
  const name = bound ? sideOf(e.name).name : e.name
  return schema.fields.find((f) => f.name === name)?.metadata[WATERMARK_DELAY_KEY] !== undefined
}

/**
 * Spark's findJoinKeyOrdinalForWatermark: the first key pair whose left (else right) expression
 * is an event-time column.
 */
export function watermarkKeyIndex(
  keys: readonly { left: Expression; right: Expression }[],
  left: StructType,
  right: StructType,
  bound: boolean,
): number {
  const l = keys.findIndex((k) => isEventTimeRef(k.left, left, bound))
  return l >= 0 ? l : keys.findIndex((k) => isEventTimeRef(k.right, right, bound))
}

export function joinStateCleanup(
  keys: readonly { left: Expression; right: Expression }[],
  residual: readonly Expression[],
  left: StructType,
  right: StructType,
  bound: boolean,
): JoinStateCleanup {
  const keyIndex = watermarkKeyIndex(keys, left, right, bound)
  const side = (
    mine: JoinSide,
    schema: StructType,
    other: StructType,
  ): SideStateCleanup | undefined => {
    if (keyIndex >= 0) return { kind: 'key', keyIndex }
    const column = eventTimeColumn(schema)
    if (column < 0) return undefined
    if (stateValueWatermark(mine, other, residual, 0) === undefined) return undefined
    return {
      kind: 'value',
      column,
      stateWatermarkMs: (wm) => stateValueWatermark(mine, other, residual, wm)!,
    }
  }
  return { left: side('left', left, right), right: side('right', right, left) }
}

/**
 * Spark's getStateValueWatermark for side `mine`: the lowest event time (ms) a buffered row of
 * `mine` needs to still match a future row of the other side, given watermark `wm`.
 */
export function stateValueWatermark(
  mine: JoinSide,
  otherSchema: StructType,
  conjuncts: readonly Expression[],
  wm: number,
): number | undefined {
  if (eventTimeColumn(otherSchema) < 0) return undefined
  let best: number | undefined
  for (const c of conjuncts) {
    if (c.kind !== 'BinaryOpNode') continue
    let v: number | undefined
    if (c.op === '<') v = solveLessThan(c.left, c.right, mine, otherSchema, wm)
    else if (c.op === '<=') v = minus1(solveLessThan(c.left, c.right, mine, otherSchema, wm))
    else if (c.op === '>') v = solveLessThan(c.right, c.left, mine, otherSchema, wm)
    else if (c.op === '>=') v = minus1(solveLessThan(c.right, c.left, mine, otherSchema, wm))
    if (v !== undefined) best = best === undefined ? v : Math.min(best, v)
  }
  return best
}

const minus1 = (v: number | undefined): number | undefined => (v === undefined ? v : v - 1)

interface Term {
  readonly negate: boolean
  /** A bound column name, or a constant in µs. */
  readonly column?: string
  readonly micros?: number
}

/** Solves `l < r` for the constraint on side `mine`'s time (Spark: getStateWatermarkFromLessThenPredicate). */
function solveLessThan(
  l: Expression,
  r: Expression,
  mine: JoinSide,
  otherSchema: StructType,
  wm: number,
): number | undefined {
  const columns = [...refs(l), ...refs(r)]
  const distinct = (side: JoinSide) => new Set(columns.filter((n) => sideOf(n).side === side)).size
  if (distinct(mine) > 1 || distinct(mine === 'left' ? 'right' : 'left') > 1) return undefined
  const collected = collectTerms(l, false)
  const more = collectTerms(r, true)
  if (!collected || !more) return undefined
  // Spark keeps the terms in an ExpressionSet: identical terms count once.
  const seen = new Set<string>()
  const terms = [...collected, ...more].filter((t) => {
    const k = JSON.stringify(t)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
  const constraint = terms.filter((t) => t.column !== undefined && sideOf(t.column).side === mine)
  if (constraint.length !== 1 || !constraint[0]!.negate) return undefined
  let sum = 0
  for (const t of terms) {
    if (t === constraint[0]) continue
    let v: number
    if (t.column !== undefined) {
      const name = sideOf(t.column).name
      const f = otherSchema.fields.find((g) => g.name === name)
      // Only the other side's watermarked column can be replaced by the watermark.
      if (f?.metadata[WATERMARK_DELAY_KEY] === undefined) return undefined
      v = wm * 1000
    } else v = t.micros!
    sum += t.negate ? -v : v
  }
  return Math.trunc(sum / 1000)
}

function refs(e: Expression): string[] {
  if (e.kind === 'ColumnRefNode') return [e.name]
  switch (e.kind) {
    case 'BinaryOpNode':
      return [...refs(e.left), ...refs(e.right)]
    case 'UnaryOpNode':
    case 'CastNode':
    case 'AliasNode':
      return refs(e.child)
    default:
      return []
  }
}

/** The ± terms of `e`, or undefined when it is not a sum of columns and constants. */
function collectTerms(e: Expression, negate: boolean): Term[] | undefined {
  switch (e.kind) {
    case 'BinaryOpNode': {
      if (e.op !== '+' && e.op !== '-') return undefined
      const a = collectTerms(e.left, negate)
      const b = collectTerms(e.right, e.op === '-' ? !negate : negate)
      return a && b ? [...a, ...b] : undefined
    }
    case 'UnaryOpNode':
      return e.op === 'negate' ? collectTerms(e.child, !negate) : undefined
    case 'CastNode':
      return isNumericType(e.dataType) || isTimestampType(e.dataType)
        ? collectTerms(e.child, negate)
        : undefined
    case 'ColumnRefNode':
      return [{ negate, column: e.name }]
    case 'LiteralNode':
      // Spark reads numeric (and timestamp) literals as seconds.
      return (isNumericType(e.dataType) || isTimestampType(e.dataType)) &&
        typeof e.value === 'number'
        ? [{ negate, micros: e.value * 1_000_000 }]
        : undefined
    default:
      return undefined
  }
}

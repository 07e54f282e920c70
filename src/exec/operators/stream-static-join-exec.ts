/**
 * Stream-static equi-join (spark-semantics §7): each micro-batch's new stream rows are joined
 * with the static side as it is now — a Delta static side is re-read at its latest version every
 * batch (as Spark does); other static sides are read once. Results are never revised. Null keys
 * never match; an unmatched stream row of an outer join is emitted at once with nulls.
 */
import { Decimal, decimalJoinKey } from '../../types/decimal-value.js'
import type { JoinNode } from '../../plan/nodes/index.js'
import { collectSources } from '../../plan/nodes/index.js'
import { fieldIndex, type Row, type StructType } from '../../types/index.js'
import { keyJson } from './state-key-json.js'

export class StreamStaticJoinExec {
  private cached: Row[] | undefined
  private readonly rereadEachBatch: boolean

  constructor(
    private readonly node: JoinNode,
    private readonly streamIsLeft: boolean,
    private readonly leftSchema: StructType,
    private readonly rightSchema: StructType,
    private readonly readStatic: () => Promise<Row[]>,
  ) {
    const staticPlan = streamIsLeft ? node.right : node.left
    this.rereadEachBatch = collectSources(staticPlan).some((s) => s.format === 'delta')
  }

  async execute(streamRows: readonly Row[]): Promise<Row[]> {
    const staticRows = this.rereadEachBatch || !this.cached ? await this.readStatic() : this.cached
    this.cached = staticRows
    const { using, joinType } = this.node
    const left = this.leftSchema
    const right = this.rightSchema
    const lKeys = using.map((k) => fieldIndex(left, k))
    const rKeys = using.map((k) => fieldIndex(right, k))
    const lRest = left.fields.map((_, i) => i).filter((i) => !lKeys.includes(i))
    const rRest = right.fields.map((_, i) => i).filter((i) => !rKeys.includes(i))
    const staticKeys = this.streamIsLeft ? rKeys : lKeys
    const streamKeys = this.streamIsLeft ? lKeys : rKeys
    const index = new Map<unknown, Row[]>()
    for (const row of staticRows) {
      const k = joinKey(row, staticKeys)
      if (k === NO_KEY) continue
      let list = index.get(k)
      if (!list) index.set(k, (list = []))
      list.push(row)
    }
    const outer =
      (this.streamIsLeft && joinType === 'left_outer') ||
      (!this.streamIsLeft && joinType === 'right_outer')
    const out: Row[] = []
    const outKeys = joinType === 'right_outer' ? rKeys : lKeys
    const keysFromRight = joinType === 'right_outer'
    const width = outKeys.length + lRest.length + rRest.length
    const template: unknown[] = Array.from({ length: width }, () => null)
    // Output: the join keys (from the side that always has a row), the left's other columns, the right's.
    const emit = (l: Row | null, r: Row | null): void => {
      const keySource = keysFromRight ? r : l
      const row = template.slice() // exact size and packed (push would over-allocate)
      let at = 0
      for (let i = 0; i < outKeys.length; i++) row[at++] = keySource?.[outKeys[i]!] ?? null
      for (let i = 0; i < lRest.length; i++) row[at++] = l?.[lRest[i]!] ?? null
      for (let i = 0; i < rRest.length; i++) row[at++] = r?.[rRest[i]!] ?? null
      out.push(row)
    }
    for (const s of streamRows) {
      const k = joinKey(s, streamKeys)
      const matches = k === NO_KEY ? undefined : index.get(k)
      if (matches) {
        for (const m of matches) {
          if (this.streamIsLeft) emit(s, m)
          else emit(m, s)
        }
      } else if (outer) {
        if (this.streamIsLeft) emit(s, null)
        else emit(null, s)
      }
    }
    return out
  }
}

/** A key with a null part: it never matches. */
const NO_KEY: unique symbol = Symbol('no key')

/**
 * The lookup key of a row: two rows match exactly when the JSON texts of their key tuples are
 * equal (the original rule). One primitive key part is used as the Map key itself (NaN and
 * ±Infinity stringify as `null`, -0 as `0`: both handled), saving a JSON.stringify per row.
 */
function joinKey(row: Row, at: readonly number[]): unknown {
  if (at.length === 1) {
    let v = row[at[0]!] ?? null
    if (v === null) return NO_KEY
    if (v instanceof Decimal) v = decimalJoinKey(v)
    switch (typeof v) {
      case 'string':
        return v
      case 'number':
        return Number.isFinite(v) ? v : NON_FINITE
      case 'boolean':
        return v
      default:
        return `\u0000${keyJson([v])}`
    }
  }
  const key: unknown[] = []
  for (let i = 0; i < at.length; i++) {
    const v = row[at[i]!] ?? null
    if (v === null) return NO_KEY
    key.push(v instanceof Decimal ? decimalJoinKey(v) : v)
  }
  return keyJson(key)
}

/** The key of NaN and ±Infinity, which all stringify as `null`. */
const NON_FINITE: unique symbol = Symbol('non-finite')

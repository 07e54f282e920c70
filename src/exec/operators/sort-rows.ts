/**
 * The global sort of `orderBy`/`sort` (Spark's `SortExec` over one partition): rows ordered by
 * each key in turn, stable for equal keys. Values compare as Spark's orderings do: numbers
 * numerically with NaN above every other value and -0.0 equal to 0.0 (SQLOrderingUtil), strings
 * by code point (the order of their UTF-8 bytes), binary unsigned byte by byte, booleans
 * false < true, decimals and longs exactly, and arrays and structs element by element (a null
 * element first, then the shorter array first).
 */
import type { Row } from '../../types/index.js'
import { compare } from '../expr/compile-expression.js'

/** A compiled sort key. @internal */
export interface SortKey {
  readonly value: (row: Row) => unknown
  readonly ascending: boolean
  readonly nullsFirst: boolean
}

/** `rows` sorted by `keys` (a new array; the input is not changed). @internal */
export function sortRows(rows: readonly Row[], keys: readonly SortKey[]): Row[] {
  // Each key is computed once per row (decorate, sort, undecorate).
  const decorated = rows.map((row, i) => ({ row, i, k: keys.map((key) => key.value(row)) }))
  decorated.sort((a, b) => {
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j]!
      const x = a.k[j]
      const y = b.k[j]
      const xNull = x === null || x === undefined
      const yNull = y === null || y === undefined
      if (xNull || yNull) {
        if (xNull && yNull) continue
        return xNull === key.nullsFirst ? -1 : 1
      }
      const c = compareValues(x, y)
      if (c !== 0) return key.ascending ? c : -c
    }
    return a.i - b.i
  })
  return decorated.map((d) => d.row)
}

/** Spark's ordering of two non-null values of the same type. @internal */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b) return 0 // -0.0 == 0.0
    if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1
    if (Number.isNaN(b)) return -1
    return a < b ? -1 : 1
  }
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b)
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    const n = Math.min(a.length, b.length)
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
    return a.length - b.length
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length)
    for (let i = 0; i < n; i++) {
      const x: unknown = a[i]
      const y: unknown = b[i]
      const xNull = x === null || x === undefined
      const yNull = y === null || y === undefined
      if (xNull || yNull) {
        if (xNull && yNull) continue
        return xNull ? -1 : 1
      }
      const c = compareValues(x, y)
      if (c !== 0) return c
    }
    return a.length - b.length
  }
  return compare(a, b)
}

/** Code point order: UTF-16 code units order surrogate pairs below U+E000–U+FFFF, UTF-8 not. */
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    const xs = x >= 0xd800 && x <= 0xdfff
    const ys = y >= 0xd800 && y <= 0xdfff
    if (xs === ys) return x - y
    return xs ? 1 : -1
  }
  return a.length - b.length
}

/**
 * Turns one column of in-memory values (the representation contract of `src/types/data-type.ts`)
 * into Arrow data, computing the Delta file statistics of the column in the same pass. Built on
 * typed arrays directly because encoding must not be the bottleneck of a 500k rows/s pipeline.
 */
import * as arrow from 'apache-arrow'
import { Decimal, fitDecimal } from '../types/decimal-value.js'
import type { DataType } from '../types/index.js'
import { fitsLong } from '../types/long-value.js'
import { arrowTypeFor } from './arrow-type.js'
import { ColumnStats, type StatsValue } from './column-stats.js'

/** Arrow data of one column plus its statistics. */
export interface EncodedColumn {
  data: arrow.Data
  stats: StatsValue
}

/** Thrown for a value that does not fit the column type; the caller adds the table path. */
export class ValueMismatch extends Error {
  constructor(
    readonly column: string,
    readonly row: number,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`column ${column} expects ${expected} but got ${describe(value)}`)
  }
}

/** 2^32: a long's high word is `Math.floor(v / TWO_32)`. */
export const TWO_32 = 4294967296

/** Typed arrays of the fixed-width numeric types. */
export const NUMERIC_ARRAYS = {
  integer: Int32Array,
  short: Int16Array,
  byte: Int8Array,
  float: Float32Array,
  double: Float64Array,
  date: Int32Array,
} as const

/** Encodes `values` (one entry per row, null or undefined for null) as a column of type `t`. */
export function encodeColumn(
  t: DataType,
  values: ArrayLike<unknown>,
  column: string,
  nullable: boolean,
): EncodedColumn {
  const n = values.length
  const type = arrowTypeFor(t)
  const validity = new Uint8Array((n + 7) >> 3)
  let nullCount = 0
  for (let i = 0; i < n; i++) {
    if (values[i] == null) nullCount++
    else validity[i >> 3]! |= 1 << (i & 7)
  }
  if (nullCount > 0 && !nullable) {
    let row = 0
    while (values[row] != null) row++
    throw new ValueMismatch(column, row, null, 'a non-null value (the column is NOT NULL)')
  }
  const nullBitmap = nullCount > 0 ? validity : undefined
  const stats = new ColumnStats(t, nullCount)
  const base = { type, length: n, nullCount, nullBitmap }
  switch (t.type) {
    case 'integer':
    case 'short':
    case 'byte':
    case 'float':
    case 'double':
    case 'date': {
      const Ctor = NUMERIC_ARRAYS[t.type]
      const data = new Ctor(n)
      for (let i = 0; i < n; i++) {
        const v = values[i]
        if (v == null) continue
        if (typeof v !== 'number') throw new ValueMismatch(column, i, v, `a number (${t.type})`)
        data[i] = v
        stats.observeNumber(v)
      }
      return { data: arrow.makeData({ ...base, data } as never), stats: stats.result() }
    }
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz': {
      const data = new Int32Array(2 * n)
      for (let i = 0; i < n; i++) {
        const v = values[i]
        if (v == null) continue
        if (typeof v === 'bigint' && fitsLong(v)) {
          // Past 2^53 (long-value.ts): the two's-complement words of the exact value.
          const u = BigInt.asUintN(64, v)
          data[2 * i] = Number(u & 0xffffffffn) | 0
          data[2 * i + 1] = Number(u >> 32n) | 0
          stats.observeLong(v)
          continue
        }
        if (typeof v !== 'number' || !Number.isInteger(v)) {
          throw new ValueMismatch(
            column,
            i,
            v,
            t.type === 'long' ? 'an integer number' : 'microseconds as an integer number',
          )
        }
        const hi = Math.floor(v / TWO_32)
        data[2 * i] = v - hi * TWO_32
        data[2 * i + 1] = hi
        stats.observeNumber(v)
      }
      return { data: arrow.makeData({ ...base, data } as never), stats: stats.result() }
    }
    case 'boolean': {
      const data = new Uint8Array((n + 7) >> 3)
      for (let i = 0; i < n; i++) {
        const v = values[i]
        if (v == null) continue
        if (typeof v !== 'boolean') throw new ValueMismatch(column, i, v, 'a boolean')
        if (v) data[i >> 3]! |= 1 << (i & 7)
      }
      return { data: arrow.makeData({ ...base, data } as never), stats: stats.result() }
    }
    case 'string':
      return { data: encodeStrings(values, column, base, stats), stats: stats.result() }
    case 'binary': {
      const valueOffsets = new Int32Array(n + 1)
      let total = 0
      for (let i = 0; i < n; i++) {
        const v = values[i]
        if (v != null && !(v instanceof Uint8Array))
          throw new ValueMismatch(column, i, v, 'a Uint8Array')
        total += v == null ? 0 : v.length
        valueOffsets[i + 1] = total
      }
      const data = new Uint8Array(total)
      for (let i = 0; i < n; i++)
        if (values[i] != null) data.set(values[i] as Uint8Array, valueOffsets[i])
      return {
        data: arrow.makeData({ ...base, valueOffsets, data } as never),
        stats: stats.result(),
      }
    }
    case 'decimal': {
      // Decimal128 words (little-endian two's complement) of the exact unscaled value; arrow-rs
      // stores precision ≤ 9 as INT32, ≤ 18 as INT64, else FIXED_LEN_BYTE_ARRAY, as Spark does.
      const data = new Uint32Array(4 * n)
      for (let i = 0; i < n; i++) {
        const v = values[i]
        if (v == null) continue
        const d = v instanceof Decimal ? fitDecimal(v, t.precision, t.scale) : null
        if (d === null)
          throw new ValueMismatch(
            column,
            i,
            v,
            `a Decimal that fits decimal(${t.precision},${t.scale})`,
          )
        let unscaled = d.unscaled
        if (unscaled < 0n) unscaled += 1n << 128n
        for (let w = 0; w < 4; w++)
          data[4 * i + w] = Number((unscaled >> BigInt(32 * w)) & 0xffffffffn)
        stats.observeDecimal(d)
      }
      return { data: arrow.makeData({ ...base, data } as never), stats: stats.result() }
    }
    case 'void':
      return { data: arrow.makeData({ type: new arrow.Null(), length: n }), stats: stats.result() }
    case 'struct': {
      const children: arrow.Data[] = []
      const childStats: Record<string, StatsValue> = {}
      t.fields.forEach((f, k) => {
        const child = new Array<unknown>(n)
        for (let i = 0; i < n; i++) {
          const v = values[i]
          if (v == null) child[i] = null
          else if (Array.isArray(v)) child[i] = v[k]
          else throw new ValueMismatch(column, i, v, 'a struct as an array of field values')
        }
        // A null struct makes its fields null, so nullability of the fields is relaxed there.
        const encoded = encodeColumn(
          f.dataType,
          child,
          `${column}.${f.name}`,
          f.nullable || nullCount > 0,
        )
        children.push(encoded.data)
        childStats[f.name] = encoded.stats
      })
      return {
        data: arrow.makeData({ ...base, children } as never),
        stats: { kind: 'struct', fields: childStats },
      }
    }
    case 'array':
    case 'map': {
      const valueOffsets = new Int32Array(n + 1)
      const keys: unknown[] = []
      const items: unknown[] = []
      for (let i = 0; i < n; i++) {
        const v = values[i]
        if (v != null) {
          if (t.type === 'array') {
            if (!Array.isArray(v)) throw new ValueMismatch(column, i, v, 'an array')
            for (const e of v) items.push(e)
          } else {
            const entries =
              v instanceof Map ? v.entries() : typeof v === 'object' ? Object.entries(v) : undefined
            if (!entries) throw new ValueMismatch(column, i, v, 'a Map')
            for (const [key, value] of entries) {
              keys.push(key)
              items.push(value)
            }
          }
        }
        valueOffsets[i + 1] = items.length
      }
      let child: arrow.Data
      if (t.type === 'array') {
        child = encodeColumn(t.elementType, items, `${column}.element`, t.containsNull).data
      } else {
        const k = encodeColumn(t.keyType, keys, `${column}.key`, false).data
        const val = encodeColumn(t.valueType, items, `${column}.value`, t.valueContainsNull).data
        const entryType = (type as arrow.Map_).children[0]!.type
        child = arrow.makeData({
          type: entryType,
          length: items.length,
          nullCount: 0,
          children: [k, val],
        } as never)
      }
      return {
        data: arrow.makeData({ ...base, valueOffsets, child } as never),
        stats: stats.result(),
      }
    }
  }
}

function encodeStrings(
  values: ArrayLike<unknown>,
  column: string,
  base: {
    type: arrow.DataType
    length: number
    nullCount: number
    nullBitmap: Uint8Array | undefined
  },
  stats: ColumnStats,
): arrow.Data {
  const n = values.length
  const valueOffsets = new Int32Array(n + 1)
  let chars = 0
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (v != null) {
      if (typeof v !== 'string') throw new ValueMismatch(column, i, v, 'a string')
      chars += v.length
      stats.observeString(v)
    }
    valueOffsets[i + 1] = chars
  }
  // One encoder call for the whole column; when the text is pure ASCII (the common case), byte
  // offsets equal character offsets and no per-string work is needed. join() turns null and
  // undefined (and holes) into '', and every other value is a string by now.
  const joined = Array.prototype.join.call(values, '')
  const data = Buffer.from(joined, 'utf8')
  if (data.length !== chars) {
    let bytes = 0
    for (let i = 0; i < n; i++) {
      const v = values[i] as string | null | undefined
      if (v != null) bytes += Buffer.byteLength(v, 'utf8')
      valueOffsets[i + 1] = bytes
    }
  }
  return arrow.makeData({
    ...base,
    valueOffsets,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  } as never)
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (v instanceof Uint8Array) return 'a Uint8Array'
  if (v instanceof Map) return 'a Map'
  const text =
    typeof v === 'string' ? JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v) : String(v)
  return `${typeof v} ${text}`
}

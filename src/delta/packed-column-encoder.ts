/**
 * Encodes one column from records packed by column (`src/types/packed-columns.ts`), one part per
 * input file, into Arrow data with its statistics — without a value per row: a string column is
 * one UTF-8 encode of the parts' joined strings, numbers are copied from their Float64Arrays, and
 * the statistics come from the extremes the packer recorded. Types without a flat layout here
 * (binary, decimal, nested) and any value of an unexpected kind take the per-value path of
 * {@link encodeColumn}, which also produces its errors.
 */
import * as arrow from 'apache-arrow'
import type { DataType } from '../types/index.js'
import {
  TAG_FALSE,
  TAG_NULL,
  TAG_NUMBER,
  TAG_STRING,
  TAG_TRUE,
  TAG_UNDEFINED,
  columnValues,
  type PackedColumn,
} from '../types/packed-columns.js'
import { arrowTypeFor } from './arrow-type.js'
import { NUMERIC_ARRAYS, TWO_32, encodeColumn, type EncodedColumn } from './column-encoder.js'
import { ColumnStats } from './column-stats.js'

/** Encodes column `parts` (the same column of consecutive packed chunks) as type `t`. */
export function encodePackedColumn(
  t: DataType,
  parts: readonly PackedColumn[],
  counts: readonly number[],
  column: string,
  nullable: boolean,
): EncodedColumn {
  const encoded = flat(t, parts, counts, nullable)
  if (encoded) return encoded
  const values: unknown[] = []
  parts.forEach((p, k) => {
    const part = columnValues(p, counts[k]!)
    for (let i = 0; i < part.length; i++) values.push(part[i])
  })
  return encodeColumn(t, values, column, nullable)
}

/** The flat encoding, or undefined when this column needs the per-value path. */
function flat(
  t: DataType,
  parts: readonly PackedColumn[],
  counts: readonly number[],
  nullable: boolean,
): EncodedColumn | undefined {
  const expected = expectedTag(t)
  if (expected === undefined) return undefined
  let n = 0
  let nullCount = 0
  for (let k = 0; k < parts.length; k++) {
    n += counts[k]!
    nullCount += parts[k]!.nullCount
  }
  if (nullCount > 0 && !nullable) return undefined
  const validity = nullCount > 0 ? new Uint8Array((n + 7) >> 3) : undefined
  let row = 0
  for (const p of parts) {
    const { tags } = p
    for (let i = 0; i < tags.length; i++, row++) {
      const tag = tags[i]!
      if (tag === TAG_NULL || tag === TAG_UNDEFINED) continue
      if (tag !== expected && !(expected === TAG_TRUE && tag === TAG_FALSE)) return undefined
      if (validity) validity[row >> 3]! |= 1 << (row & 7)
    }
  }
  const stats = new ColumnStats(t, nullCount)
  const base = { type: arrowTypeFor(t), length: n, nullCount, nullBitmap: validity }
  switch (t.type) {
    case 'string':
      return { data: strings(parts, n, base, stats), stats: stats.result() }
    case 'boolean': {
      const data = new Uint8Array((n + 7) >> 3)
      let r = 0
      for (const p of parts)
        for (let i = 0; i < p.tags.length; i++, r++)
          if (p.tags[i] === TAG_TRUE) data[r >> 3]! |= 1 << (r & 7)
      return { data: arrow.makeData({ ...base, data } as never), stats: stats.result() }
    }
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz': {
      const data = new Int32Array(2 * n)
      let r = 0
      for (const p of parts) {
        const { tags, numbers } = p
        for (let i = 0; i < tags.length; i++, r++) {
          if (tags[i] !== TAG_NUMBER) continue
          const v = numbers[i]!
          if (!Number.isInteger(v)) return undefined // the per-value path names the row
          const hi = Math.floor(v / TWO_32)
          data[2 * r] = v - hi * TWO_32
          data[2 * r + 1] = hi
        }
        observeNumbers(stats, p)
      }
      return { data: arrow.makeData({ ...base, data } as never), stats: stats.result() }
    }
    default: {
      const Ctor = NUMERIC_ARRAYS[t.type as keyof typeof NUMERIC_ARRAYS]
      const data = new Ctor(n)
      let r = 0
      for (const p of parts) {
        // Null slots hold 0 in `numbers`, which is what a null slot of the Arrow column holds.
        if (p.numbers.length > 0) data.set(p.numbers, r)
        r += p.tags.length
        observeNumbers(stats, p)
      }
      return { data: arrow.makeData({ ...base, data } as never), stats: stats.result() }
    }
  }
}

/** The tag every non-null value of a flat column of type `t` has; undefined: not flat. */
function expectedTag(t: DataType): number | undefined {
  switch (t.type) {
    case 'string':
      return TAG_STRING
    case 'boolean':
      return TAG_TRUE // or TAG_FALSE
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
      return TAG_NUMBER
    default:
      return t.type in NUMERIC_ARRAYS ? TAG_NUMBER : undefined
  }
}

function observeNumbers(stats: ColumnStats, p: PackedColumn): void {
  if (p.hasNaN) stats.observeNumber(Number.NaN)
  if (p.minNumber !== undefined) stats.observeNumber(p.minNumber)
  if (p.maxNumber !== undefined) stats.observeNumber(p.maxNumber)
}

function strings(
  parts: readonly PackedColumn[],
  n: number,
  base: object,
  stats: ColumnStats,
): arrow.Data {
  const valueOffsets = new Int32Array(n + 1)
  let joined = ''
  let chars = 0
  let r = 0
  for (const p of parts) {
    const { tags, lengths } = p
    let s = 0
    for (let i = 0; i < tags.length; i++) {
      if (tags[i] === TAG_STRING) chars += lengths[s++]!
      valueOffsets[++r] = chars
    }
    joined += p.joined
    if (p.minString !== undefined) stats.observeString(p.minString)
    if (p.maxString !== undefined) stats.observeString(p.maxString)
  }
  const data = Buffer.from(joined, 'utf8')
  // Pure ASCII (the common case): byte offsets are the character offsets computed above.
  if (data.length !== chars) {
    let bytes = 0
    r = 0
    for (const p of parts) {
      const { tags, lengths } = p
      let s = 0
      let local = 0
      for (let i = 0; i < tags.length; i++) {
        if (tags[i] === TAG_STRING) {
          const end = local + lengths[s++]!
          bytes += Buffer.byteLength(p.joined.slice(local, end), 'utf8')
          local = end
        }
        valueOffsets[++r] = bytes
      }
    }
  }
  return arrow.makeData({
    ...base,
    valueOffsets,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  } as never)
}

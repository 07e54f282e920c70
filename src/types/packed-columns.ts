/**
 * A compact, lossless, column-major form of rows. It has two jobs:
 * - posting parsed rows from a JSON parse worker to the main thread: structured-cloning row
 *   arrays costs as much as parsing them (every value is a separate object to the serializer),
 *   while here numbers travel in transferred Float64Arrays and strings as one joined string per
 *   column (the main thread slices it, which is cheap); only the rare other values (binary,
 *   arrays, maps, nested structs) go through structured clone;
 * - feeding a sink that writes columns (the Delta sink's Parquet files) without building a row
 *   object per record: a string column is already one string, which encodes to UTF-8 in one call.
 *
 * Per column c and row r, `tags[r]` says what the value is: 0 null, 1 string (the next length in
 * `lengths`, the next characters of `joined`), 2 number (`numbers[r]`), 3 true, 4 false, 5 other
 * (the next entry of `others`), 6 undefined. The packer also records the column's extremes (what
 * file statistics need), so a consumer does not have to visit every value again.
 */
import { Decimal } from './decimal-value.js'
import type { Row } from './index.js'

export const TAG_NULL = 0
export const TAG_STRING = 1
export const TAG_NUMBER = 2
export const TAG_TRUE = 3
export const TAG_FALSE = 4
export const TAG_OTHER = 5
export const TAG_UNDEFINED = 6

/** One column of {@link PackedColumns}. */
export interface PackedColumn {
  readonly tags: Uint8Array
  /** Numbers by row (0 where the value is not a number); empty when the column has none. */
  readonly numbers: Float64Array
  /** Lengths (UTF-16 code units) of the column's strings, in row order. */
  readonly lengths: Int32Array
  /** The column's strings, concatenated in row order. */
  readonly joined: string
  readonly others: unknown[]
  /** Values that are null or undefined. */
  readonly nullCount: number
  /** Smallest and largest string (code-unit order, as `<`); undefined without strings. */
  readonly minString: string | undefined
  readonly maxString: string | undefined
  /** Smallest and largest number, ignoring NaN; undefined without numbers. */
  readonly minNumber: number | undefined
  readonly maxNumber: number | undefined
  /** Whether some number is NaN (file statistics then leave the bounds out). */
  readonly hasNaN: boolean
}

/** `count` rows of `columns.length` values, column by column. */
export interface PackedColumns {
  readonly count: number
  readonly columns: readonly PackedColumn[]
}

/** Packs rows that all have `width` values. */
export function packColumns(rows: readonly Row[], width: number): PackedColumns {
  const n = rows.length
  for (let i = 0; i < n; i++) {
    const length = rows[i]!.length
    if (length !== width) throw new Error(`row ${i} has ${length} values, not ${width}`)
  }
  const columns: PackedColumn[] = []
  for (let j = 0; j < width; j++) columns.push(packColumn(rows, j))
  return { count: n, columns }
}

function packColumn(rows: readonly Row[], j: number): PackedColumn {
  const n = rows.length
  const tags = new Uint8Array(n)
  let numbers: Float64Array | undefined
  // Built with += (a rope, flattened once when posted or encoded): about twice as fast as
  // join() over the strings, which are slices of the file text.
  let joined = ''
  let lengths = new Int32Array(16)
  let strings = 0
  const others: unknown[] = []
  const summary = new ColumnSummary()
  for (let i = 0; i < n; i++) {
    const v = rows[i]![j]
    if (v === null) {
      summary.nullCount++
      continue
    }
    switch (typeof v) {
      case 'string':
        tags[i] = TAG_STRING
        if (strings === lengths.length) {
          const grown = new Int32Array(lengths.length * 2)
          grown.set(lengths)
          lengths = grown
        }
        lengths[strings++] = v.length
        joined += v
        summary.string(v)
        break
      case 'number':
        tags[i] = TAG_NUMBER
        numbers ??= new Float64Array(n)
        numbers[i] = v
        summary.number(v)
        break
      case 'boolean':
        tags[i] = v ? TAG_TRUE : TAG_FALSE
        break
      case 'undefined':
        tags[i] = TAG_UNDEFINED
        summary.nullCount++
        break
      default:
        tags[i] = TAG_OTHER
        others.push(v)
    }
  }
  return summary.column(
    tags,
    numbers ?? new Float64Array(0),
    lengths.slice(0, strings),
    joined,
    others,
  )
}

/** The null count and extremes of a column while it is packed. */
class ColumnSummary {
  nullCount = 0
  private minString: string | undefined = undefined
  private maxString: string | undefined = undefined
  private minNumber = Infinity
  private maxNumber = -Infinity
  private hasNaN = false

  string(v: string): void {
    if (this.minString === undefined) this.minString = this.maxString = v
    else if (v < this.minString) this.minString = v
    else if (v > this.maxString!) this.maxString = v
  }

  number(v: number): void {
    if (v !== v) this.hasNaN = true
    else {
      if (v < this.minNumber) this.minNumber = v
      if (v > this.maxNumber) this.maxNumber = v
    }
  }

  /** The packed column with this summary. */
  column(
    tags: Uint8Array,
    numbers: Float64Array,
    lengths: Int32Array,
    joined: string,
    others: unknown[],
  ): PackedColumn {
    // No bounds unless some number other than NaN was seen.
    const numeric = this.minNumber <= this.maxNumber
    return {
      tags,
      numbers,
      lengths,
      joined,
      others,
      nullCount: this.nullCount,
      minString: this.minString,
      maxString: this.maxString,
      minNumber: numeric ? this.minNumber : undefined,
      maxNumber: numeric ? this.maxNumber : undefined,
      hasNaN: this.hasNaN,
    }
  }
}

/** The buffers of `packed` that can be moved to another thread instead of copied. */
export function transferables(packed: PackedColumns): ArrayBuffer[] {
  const out: ArrayBuffer[] = []
  for (const c of packed.columns)
    out.push(c.tags.buffer as ArrayBuffer, c.numbers.buffer as ArrayBuffer)
  for (const c of packed.columns) out.push(c.lengths.buffer as ArrayBuffer)
  return out
}

/** Rebuilds the rows of {@link packColumns}. */
export function unpackRows(packed: PackedColumns): Row[] {
  const { count, columns } = packed
  const width = columns.length
  const rows = new Array<Row>(count)
  // Copies of a packed template: exact-size, packed arrays (push would over-allocate 2.5×).
  const template: unknown[] = Array.from({ length: width }, () => null)
  for (let i = 0; i < count; i++) rows[i] = template.slice()
  for (let j = 0; j < width; j++) unpackColumnInto(columns[j]!, rows, j)
  return rows
}

/** The values of one column, one per row. */
export function columnValues(column: PackedColumn, count: number): unknown[] {
  const values = new Array<unknown>(count).fill(null)
  const { tags, numbers, lengths, joined, others } = column
  let at = 0
  let nextString = 0
  let nextOther = 0
  for (let i = 0; i < count; i++) {
    switch (tags[i]) {
      case TAG_NULL:
        break
      case TAG_STRING: {
        const end = at + lengths[nextString++]!
        values[i] = joined.slice(at, end)
        at = end
        break
      }
      case TAG_NUMBER:
        values[i] = numbers[i]
        break
      case TAG_TRUE:
        values[i] = true
        break
      case TAG_FALSE:
        values[i] = false
        break
      case TAG_UNDEFINED:
        values[i] = undefined
        break
      default:
        values[i] = others[nextOther++]
    }
  }
  return values
}

/**
 * {@link columnValues} written straight into the rows: this runs for every record of a row-based
 * query, and an intermediate array per column measured slower there.
 */
function unpackColumnInto(column: PackedColumn, rows: Row[], j: number): void {
  const { tags, numbers, lengths, joined, others } = column
  let at = 0
  let nextString = 0
  let nextOther = 0
  for (let i = 0; i < rows.length; i++) {
    switch (tags[i]) {
      case TAG_NULL:
        break
      case TAG_STRING: {
        const end = at + lengths[nextString++]!
        rows[i]![j] = joined.slice(at, end)
        at = end
        break
      }
      case TAG_NUMBER:
        rows[i]![j] = numbers[i]
        break
      case TAG_TRUE:
        rows[i]![j] = true
        break
      case TAG_FALSE:
        rows[i]![j] = false
        break
      case TAG_UNDEFINED:
        rows[i]![j] = undefined
        break
      default:
        rows[i]![j] = others[nextOther++]
    }
  }
}

/**
 * The rows of `packed` at `selection` (ascending row indexes), packed: what an operator that
 * keeps some records (deduplication) hands on without building the rows. Extremes and null
 * counts are those of the kept values.
 */
export function selectRows(packed: PackedColumns, selection: Int32Array): PackedColumns {
  const rows = selection.length
  const columns = packed.columns.map((c) => selectColumn(c, packed.count, selection))
  return { count: rows, columns }
}

function selectColumn(c: PackedColumn, count: number, selection: Int32Array): PackedColumn {
  const n = selection.length
  const tags = new Uint8Array(n)
  const numbers = c.numbers.length > 0 ? new Float64Array(n) : new Float64Array(0)
  // For rows holding a string: where it starts in `joined` and its index in `lengths`; for rows
  // holding an other value: its index in `others`.
  const hasStrings = c.lengths.length > 0
  const starts = hasStrings ? new Int32Array(count) : undefined
  const ordinals = hasStrings ? new Int32Array(count) : undefined
  const otherAt = c.others.length > 0 ? new Int32Array(count) : undefined
  if (starts || otherAt) {
    let at = 0
    let s = 0
    let o = 0
    for (let i = 0; i < count; i++) {
      const tag = c.tags[i]
      if (tag === TAG_STRING) {
        starts![i] = at
        ordinals![i] = s
        at += c.lengths[s++]!
      } else if (tag === TAG_OTHER) otherAt![i] = o++
    }
  }
  let joined = ''
  let runStart = 0
  let runEnd = 0
  let lengths = new Int32Array(hasStrings ? n : 0)
  let strings = 0
  const others: unknown[] = []
  const summary = new ColumnSummary()
  for (let k = 0; k < n; k++) {
    const i = selection[k]!
    const tag = c.tags[i]!
    tags[k] = tag
    switch (tag) {
      case TAG_NULL:
      case TAG_UNDEFINED:
        summary.nullCount++
        break
      case TAG_STRING: {
        const length = c.lengths[ordinals![i]!]!
        const start = starts![i]!
        const v = c.joined.slice(start, start + length)
        lengths[strings++] = length
        // Kept strings that are adjacent in the source are appended as one run: a rope of a few
        // runs flattens fast, one of a piece per value (thousands) does not.
        if (start !== runEnd) {
          if (runEnd > runStart) joined += c.joined.slice(runStart, runEnd)
          runStart = start
        }
        runEnd = start + length
        summary.string(v)
        break
      }
      case TAG_NUMBER: {
        const v = c.numbers[i]!
        numbers[k] = v
        summary.number(v)
        break
      }
      case TAG_OTHER:
        others.push(c.others[otherAt![i]!])
        break
    }
  }
  if (runEnd > runStart) joined += c.joined.slice(runStart, runEnd)
  if (strings < lengths.length) lengths = lengths.slice(0, strings)
  return summary.column(tags, numbers, lengths, joined, others)
}

/**
 * Gives decimals that crossed a worker boundary their class back: structured clone keeps a
 * {@link Decimal}'s fields (a bigint and a number) but not its prototype. Mutates and returns
 * `packed`; only the "other" values can hold decimals.
 */
export function reviveDecimals(packed: PackedColumns): PackedColumns {
  for (const c of packed.columns) {
    const others = c.others
    for (let i = 0; i < others.length; i++) others[i] = reviveDecimal(others[i])
  }
  return packed
}

function reviveDecimal(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || v instanceof Decimal || v instanceof Uint8Array)
    return v
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = reviveDecimal(v[i])
    return v
  }
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [reviveDecimal(k), reviveDecimal(x)]))
  const o = v as { unscaled?: unknown; scale?: unknown }
  if (typeof o.unscaled === 'bigint' && typeof o.scale === 'number')
    return Decimal.of(o.unscaled, o.scale)
  return v
}

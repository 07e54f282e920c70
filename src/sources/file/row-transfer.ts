/**
 * A compact, lossless form of parsed rows for posting from a parse worker to the main thread.
 * Structured-cloning row arrays costs as much as parsing them (every value is a separate object
 * to the serializer); here numbers travel in one transferred Float64Array, strings as one joined
 * string plus lengths (the main thread slices it, which is cheap), and only the rare other values
 * (binary, arrays, maps, nested structs) go through structured clone.
 *
 * Layout for n rows of `width` values, slot s = row · width + column:
 * `tags[s]` 0 null, 1 string (next length in `lengths`, next chars of `joined`), 2 number
 * (`numbers[s]`), 3 true, 4 false, 5 other (next entry of `others`), 6 undefined.
 */
import type { Row } from '../../types/index.js'

/** Rows in transfer form; `tags`, `numbers` and `lengths` buffers can be transferred. */
export interface TransferRows {
  readonly count: number
  readonly width: number
  readonly tags: Uint8Array
  readonly numbers: Float64Array
  readonly lengths: Int32Array
  readonly joined: string
  readonly others: unknown[]
}

const NULL = 0
const STRING = 1
const NUMBER = 2
const TRUE = 3
const FALSE = 4
const OTHER = 5
const UNDEFINED = 6

/** Packs rows that all have `width` values. */
export function packRows(rows: readonly Row[], width: number): TransferRows {
  const n = rows.length
  const tags = new Uint8Array(n * width)
  const numbers = new Float64Array(n * width)
  const parts: string[] = []
  let lengths = new Int32Array(Math.max(16, n * 4))
  let strings = 0
  const others: unknown[] = []
  for (let i = 0; i < n; i++) {
    const row = rows[i]!
    if (row.length !== width) throw new Error(`row ${i} has ${row.length} values, not ${width}`)
    const base = i * width
    for (let j = 0; j < width; j++) {
      const v = row[j]
      const s = base + j
      if (v === null) continue
      switch (typeof v) {
        case 'string':
          tags[s] = STRING
          if (strings === lengths.length) {
            const grown = new Int32Array(lengths.length * 2)
            grown.set(lengths)
            lengths = grown
          }
          lengths[strings++] = v.length
          parts.push(v)
          break
        case 'number':
          tags[s] = NUMBER
          numbers[s] = v
          break
        case 'boolean':
          tags[s] = v ? TRUE : FALSE
          break
        case 'undefined':
          tags[s] = UNDEFINED
          break
        default:
          tags[s] = OTHER
          others.push(v)
      }
    }
  }
  return {
    count: n,
    width,
    tags,
    numbers,
    lengths: lengths.subarray(0, strings),
    joined: parts.join(''),
    others,
  }
}

/** The buffers of `packed` that can be moved instead of copied. */
export function transferables(packed: TransferRows): ArrayBuffer[] {
  return [packed.tags.buffer, packed.numbers.buffer, packed.lengths.buffer] as ArrayBuffer[]
}

/** Rebuilds the rows of {@link packRows}. */
export function unpackRows(packed: TransferRows): Row[] {
  const { count, width, tags, numbers, lengths, joined, others } = packed
  const rows = new Array<Row>(count)
  const template: unknown[] = Array.from({ length: width }, () => null)
  let at = 0
  let nextString = 0
  let nextOther = 0
  for (let i = 0; i < count; i++) {
    // A copy of a packed template: an exact-size, packed array (push would over-allocate 2.5×).
    const row = template.slice()
    const base = i * width
    for (let j = 0; j < width; j++) {
      switch (tags[base + j]) {
        case NULL:
          break
        case STRING: {
          const end = at + lengths[nextString++]!
          row[j] = joined.slice(at, end)
          at = end
          break
        }
        case NUMBER:
          row[j] = numbers[base + j]
          break
        case TRUE:
          row[j] = true
          break
        case FALSE:
          row[j] = false
          break
        case UNDEFINED:
          row[j] = undefined
          break
        default:
          row[j] = others[nextOther++]
      }
    }
    rows[i] = row
  }
  return rows
}

/**
 * Decodes the bytes of a JSON Lines file as Spark's JSON reader sees them and says where they
 * cannot be read.
 *
 * Spark parses each record's bytes with Jackson's UTF-8 parser (`CreateJacksonParser.text`, no
 * `encoding` option). Valid UTF-8 reads as such (the fast path). Beyond it Jackson is lenient in
 * one way and strict in another:
 * - it decodes a lead byte `110xxxxx`/`1110xxxx`/`11110xxx` followed by the right number of
 *   `10xxxxxx` bytes without checking for overlong forms (`C1 81` is `A`, `C0 80` NUL) or
 *   values past U+10FFFF (the 16-bit units its arithmetic gives, which Spark stores as `?` when
 *   unpaired: `String.getBytes(UTF_8)`). Those are decoded the same way here;
 * - any other byte at or above 0x80 — a stray continuation byte, `F8`–`FF`, a sequence cut
 *   short — and an encoded surrogate (CESU-8 too) fail the record ("Invalid UTF-8 start byte
 *   0x..", "Illegal surrogate character"): a bad record of the parse mode. Each becomes one
 *   U+FFFD here and its offset is reported, so the record parser makes the line a bad record
 *   instead of passing the U+FFFD on silently.
 */
import { isUtf8 } from 'node:buffer'

/** The text of a file and the offsets (UTF-16 code units) of its replaced byte sequences. */
export interface DecodedText {
  readonly text: string
  /** Ascending; empty when the bytes were valid UTF-8. */
  readonly invalidUtf8: readonly number[]
}

const NONE: readonly number[] = Object.freeze([])

/**
 * Decodes `bytes` as Jackson's UTF-8 parser does, replacing every sequence it fails on by U+FFFD.
 *
 * @example
 * ```ts
 * decodeJsonText(Buffer.from([0x7b, 0xff, 0x7d])) // { text: '{\uFFFD}', invalidUtf8: [1] }
 * ```
 */
export function decodeJsonText(bytes: Uint8Array): DecodedText {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (isUtf8(buf)) return { text: buf.toString('utf8'), invalidUtf8: NONE }
  const pieces: string[] = []
  const invalid: number[] = []
  let length = 0
  let runStart = 0
  let i = 0
  const flush = (): void => {
    if (i > runStart) {
      const run = buf.toString('utf8', runStart, i)
      pieces.push(run)
      length += run.length
    }
  }
  while (i < buf.length) {
    if (buf[i]! < 0x80) {
      i++
      continue
    }
    const size = jacksonSequenceLength(buf, i)
    if (size > 0 && isWellFormed(buf, i, size)) {
      i += size
      continue
    }
    flush()
    const chars = size > 0 ? jacksonDecode(buf, i, size) : null
    if (chars !== null) {
      pieces.push(chars)
      length += chars.length
    } else {
      invalid.push(length)
      pieces.push('\uFFFD')
      length++
    }
    i += Math.abs(size)
    runStart = i
  }
  flush()
  // Jackson's lone surrogates become '?' when Spark stores the string; pairs (CESU-8) stay.
  const text = pieces.join('').replace(LONE_SURROGATE, '?')
  return { text, invalidUtf8: invalid }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * The length of the sequence at `i` (lead byte ≥ 0x80) as Jackson's UTF-8 parser reads it, or
 * minus the length of the maximal subpart it fails on (at least 1): the lead byte says the length
 * (`110xxxxx` 2, `1110xxxx` 3, `11110xxx` 4) and every following byte must be `10xxxxxx`.
 */
function jacksonSequenceLength(b: Uint8Array, i: number): number {
  const lead = b[i]!
  const count =
    (lead & 0xe0) === 0xc0 ? 1 : (lead & 0xf0) === 0xe0 ? 2 : (lead & 0xf8) === 0xf0 ? 3 : 0
  if (count === 0) return -1
  for (let k = 1; k <= count; k++) {
    const c = b[i + k]
    if (c === undefined || (c & 0xc0) !== 0x80) return -k
  }
  return count + 1
}

/** Whether the `size`-byte sequence at `i` is well-formed UTF-8 (Unicode Table 3-7). */
function isWellFormed(b: Uint8Array, i: number, size: number): boolean {
  const lead = b[i]!
  const second = b[i + 1]!
  if (size === 2) return lead >= 0xc2
  if (size === 3) {
    if (lead === 0xe0) return second >= 0xa0
    if (lead === 0xed) return second <= 0x9f
    return true
  }
  if (lead === 0xf0) return second >= 0x90
  if (lead === 0xf4) return second <= 0x8f
  return lead < 0xf4
}

/**
 * What Jackson's `_decodeUtf8_2/3/4` make of a sequence (UTF-16 code units), or null for an
 * encoded surrogate, which it rejects ("Invalid UTF-8: Illegal surrogate character", jackson-core
 * #363; CESU-8 included).
 */
function jacksonDecode(b: Uint8Array, i: number, size: number): string | null {
  const lead = b[i]!
  const c1 = b[i + 1]! & 0x3f
  if (size === 2) return String.fromCharCode(((lead & 0x1f) << 6) | c1)
  const c2 = b[i + 2]! & 0x3f
  if (size === 3) {
    const unit = ((lead & 0x0f) << 12) | (c1 << 6) | c2
    return unit >= 0xd800 && unit <= 0xdfff ? null : String.fromCharCode(unit)
  }
  const v = (((lead & 0x07) << 18) | (c1 << 12) | (c2 << 6) | (b[i + 3]! & 0x3f)) - 0x10000
  // Java's (char) casts keep the low 16 bits, as fromCharCode does.
  return String.fromCharCode(0xd800 | (v >> 10), 0xdc00 | (v & 0x3ff))
}

/**
 * Decoder for the bitmaps inside Delta deletion vectors (PROTOCOL.md §Deletion Vector Format): a
 * little-endian magic number 1681511377, then a 64-bit Roaring bitmap in the "portable"
 * serialization of the RoaringFormatSpec (8-byte bucket count, then per bucket a 4-byte high key
 * and a standard 32-bit Roaring bitmap). Read-only: streamlake never writes deletion vectors.
 *
 * 32-bit layout (RoaringFormatSpec): cookie 12346 + container count, or cookie 12347 with
 * (count - 1) in the high 16 bits followed by a bitset telling which containers are runs; then
 * per container a 16-bit key and (cardinality - 1); then 4-byte offsets (absent only for run
 * cookies with fewer than 4 containers); then the containers: runs (count, then start/length-1
 * pairs), arrays (cardinality ≤ 4096 sorted 16-bit values) or 8 KiB bitsets.
 */

/** The magic number Delta puts before the portable 64-bit bitmap. */
export const DELTA_BITMAP_MAGIC = 1681511377

const SERIAL_COOKIE_NO_RUNCONTAINER = 12346
const SERIAL_COOKIE = 12347
const NO_OFFSET_THRESHOLD = 4
const ARRAY_MAX = 4096

/**
 * The positions stored in a Delta bitmap (magic number + portable 64-bit Roaring), ascending.
 * Throws with a description when the bytes are not in that format.
 */
export function decodeDeltaBitmap(bytes: Uint8Array): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.byteLength < 12) throw new Error(`bitmap of ${bytes.byteLength} bytes is too short`)
  const magic = view.getUint32(0, true)
  if (magic !== DELTA_BITMAP_MAGIC)
    throw new Error(`bitmap magic number is ${magic}, expected ${DELTA_BITMAP_MAGIC}`)
  const buckets = view.getBigUint64(4, true)
  if (buckets > 0x7fffffffn) throw new Error(`bitmap claims ${buckets} buckets`)
  const values: number[] = []
  let pos = 12
  let previousKey = -1
  for (let b = 0; b < Number(buckets); b++) {
    const high = view.getUint32(pos, true)
    pos += 4
    if (high <= previousKey) throw new Error('bitmap bucket keys are not ascending')
    previousKey = high
    // Keys keep their most significant bit 0 (PROTOCOL.md), so high * 2^32 stays an exact double.
    pos = decode32(view, pos, high * 0x1_0000_0000, values)
  }
  return Float64Array.from(values)
}

/** Decodes one 32-bit Roaring bitmap at `start`, appending base + value; returns its end. */
function decode32(view: DataView, start: number, base: number, out: number[]): number {
  let pos = start
  const cookie = view.getUint32(pos, true)
  pos += 4
  let count: number
  let runFlags: Uint8Array | undefined
  if ((cookie & 0xffff) === SERIAL_COOKIE) {
    count = (cookie >>> 16) + 1
    const flagBytes = Math.ceil(count / 8)
    runFlags = new Uint8Array(view.buffer, view.byteOffset + pos, flagBytes)
    pos += flagBytes
  } else if (cookie === SERIAL_COOKIE_NO_RUNCONTAINER) {
    count = view.getUint32(pos, true)
    pos += 4
  } else {
    throw new Error(`32-bit bitmap cookie ${cookie} is not a Roaring cookie`)
  }
  const keys = new Array<number>(count)
  const cardinalities = new Array<number>(count)
  for (let i = 0; i < count; i++) {
    keys[i] = view.getUint16(pos, true)
    cardinalities[i] = view.getUint16(pos + 2, true) + 1
    pos += 4
  }
  if (!runFlags || count >= NO_OFFSET_THRESHOLD) pos += 4 * count
  for (let i = 0; i < count; i++) {
    const containerBase = base + keys[i]! * 0x1_0000
    const isRun = runFlags ? (runFlags[i >>> 3]! & (1 << (i & 7))) !== 0 : false
    if (isRun) {
      const runs = view.getUint16(pos, true)
      pos += 2
      for (let r = 0; r < runs; r++) {
        const first = view.getUint16(pos, true)
        const length = view.getUint16(pos + 2, true)
        pos += 4
        for (let v = first; v <= first + length; v++) out.push(containerBase + v)
      }
    } else if (cardinalities[i]! <= ARRAY_MAX) {
      for (let j = 0; j < cardinalities[i]!; j++) {
        out.push(containerBase + view.getUint16(pos, true))
        pos += 2
      }
    } else {
      for (let w = 0; w < 2048; w++) {
        let word = view.getUint32(pos, true)
        pos += 4
        while (word !== 0) {
          const bit = 31 - Math.clz32(word & -word)
          out.push(containerBase + w * 32 + bit)
          word &= word - 1
        }
      }
    }
  }
  return pos
}

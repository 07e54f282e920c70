/**
 * Bitmaps built byte by byte from the RoaringFormatSpec and PROTOCOL.md §Deletion Vector Format;
 * the expected positions are the ones written into the bytes.
 */
import { describe, expect, test } from 'vitest'
import { DELTA_BITMAP_MAGIC, decodeDeltaBitmap } from '../../src/delta/roaring-bitmap.js'

class Bytes {
  private readonly parts: number[] = []
  u8(v: number): this {
    this.parts.push(v & 0xff)
    return this
  }
  u16(v: number): this {
    return this.u8(v).u8(v >>> 8)
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16(v >>> 16)
  }
  u64(v: number): this {
    return this.u32(v).u32(0)
  }
  get(): Uint8Array {
    return Uint8Array.from(this.parts)
  }
}

const header = (buckets: number) => new Bytes().u32(DELTA_BITMAP_MAGIC).u64(buckets)

describe('Delta bitmap (magic + portable 64-bit Roaring)', () => {
  test('empty bitmap', () => {
    expect([...decodeDeltaBitmap(header(0).get())]).toEqual([])
  })

  test('array containers without runs (cookie 12346), two 16-bit keys', () => {
    const b = header(1)
      .u32(0) // high 32 bits
      .u32(12346)
      .u32(2) // containers
      .u16(0)
      .u16(2) // key 0, cardinality 3
      .u16(1)
      .u16(0) // key 1, cardinality 1
      .u32(0)
      .u32(0) // offsets (ignored)
      .u16(0)
      .u16(3)
      .u16(7)
      .u16(5)
    expect([...decodeDeltaBitmap(b.get())]).toEqual([0, 3, 7, 65536 + 5])
  })

  test('run container (cookie 12347) and a second bucket with a high key', () => {
    const b = header(2)
      .u32(0)
      .u32(12347) // 1 container, (1 - 1) << 16
      .u8(0b1) // container 0 is a run container
      .u16(0)
      .u16(4) // key 0, cardinality 5
      .u16(1) // one run
      .u16(10)
      .u16(4) // 10..14
      .u32(2) // second bucket: high key 2
      .u32(12346)
      .u32(1)
      .u16(0)
      .u16(0)
      .u32(0)
      .u16(9)
    expect([...decodeDeltaBitmap(b.get())]).toEqual([10, 11, 12, 13, 14, 2 * 2 ** 32 + 9])
  })

  test('bitset container (cardinality above 4096)', () => {
    const b = header(1).u32(0).u32(12346).u32(1).u16(0).u16(4096).u32(0)
    // Bits 0..4096 set: words 0..127 all ones, then bit 0 of word 128.
    for (let w = 0; w < 2048; w++) b.u32(w < 128 ? 0xffffffff : w === 128 ? 1 : 0)
    const positions = decodeDeltaBitmap(b.get())
    expect(positions.length).toBe(4097)
    expect(positions[0]).toBe(0)
    expect(positions[4096]).toBe(4096)
  })

  test('wrong magic number or cookie is refused', () => {
    expect(() => decodeDeltaBitmap(new Bytes().u32(1).u64(0).get())).toThrow(/magic number/)
    expect(() => decodeDeltaBitmap(header(1).u32(0).u32(999).get())).toThrow(/cookie/)
  })
})

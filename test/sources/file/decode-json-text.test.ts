import { describe, expect, it } from 'vitest'
import { decodeJsonText } from '../../../src/sources/file/decode-json-text.js'

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))))

describe('decodeJsonText', () => {
  it('decodes valid UTF-8 (a BOM included) as is and reports no invalid offsets', () => {
    const d = decodeJsonText(bytes([0xef, 0xbb, 0xbf], '{"k":"ünï ✓ 😀"}\n'))
    expect(d.text).toBe('\uFEFF{"k":"ünï ✓ 😀"}\n')
    expect(d.invalidUtf8).toEqual([])
  })

  it('replaces each sequence Jackson fails on by one U+FFFD at the offsets it reports', () => {
    // 0xff never occurs; 0x80 alone is a stray continuation byte; E2 82 is a truncated 3-byte
    // sequence followed by ASCII; the 😀 after it is intact (2 code units).
    const d = decodeJsonText(bytes('a', [0xff], 'b', [0x80], '😀', [0xe2, 0x82], 'c\n'))
    expect(d.text).toBe('a\uFFFDb\uFFFD😀\uFFFDc\n')
    expect(d.invalidUtf8).toEqual([1, 3, 6])
  })

  it('decodes what Jackson decodes although Unicode calls it ill-formed, as Spark stores it', () => {
    const d = decodeJsonText(
      bytes(
        [0xc1, 0x81], // an overlong 'A'
        [0xf5, 0x80, 0x80, 0x80], // past U+10FFFF: two unpaired surrogates, '??'
        [0xc0, 0x80], // Modified UTF-8's NUL
      ),
    )
    expect(d.text).toBe('A??\u0000')
    expect(d.invalidUtf8).toEqual([])
  })

  it('reports what Jackson fails on: stray continuation bytes, F8-FF, sequences cut short, surrogates', () => {
    for (const seq of [
      [0x80],
      [0xbf],
      [0xf8, 0x80],
      [0xff],
      [0xe2, 0x82],
      [0xf0, 0x9f, 0x98],
      [0xed, 0xa0, 0x80],
    ]) {
      const d = decodeJsonText(bytes('x', seq, 'y'))
      expect(d.invalidUtf8[0], String(seq)).toBe(1)
      expect(d.text.startsWith('x\uFFFD')).toBe(true)
      expect(d.text.endsWith('y')).toBe(true)
    }
    // CESU-8's pair for 😀 is two encoded surrogates: two replaced sequences.
    expect(decodeJsonText(bytes([0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]))).toEqual({
      text: '\uFFFD\uFFFD',
      invalidUtf8: [0, 1],
    })
  })

  it('keeps line breaks after a truncated sequence, so lines stay where the bytes put them', () => {
    const d = decodeJsonText(bytes('{"a":"', [0xe2], '"}\n{"a":1}\n'))
    expect(d.text.split('\n')).toEqual(['{"a":"\uFFFD"}', '{"a":1}', ''])
  })
})

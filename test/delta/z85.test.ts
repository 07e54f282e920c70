import { describe, expect, test } from 'vitest'
import { decodeZ85, z85Uuid } from '../../src/delta/z85.js'

describe('Z85 (ZeroMQ RFC 32)', () => {
  test('decodes the RFC test vector', () => {
    // RFC 32: 86 4F D2 6F B5 59 F7 5B encodes as "HelloWorld".
    expect([...decodeZ85('HelloWorld')]).toEqual([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b])
  })

  test('a 20-character UUID of a Delta DV path becomes its canonical text', () => {
    // All-zero bytes are "00000" per group; the UUID text keeps the 8-4-4-4-12 layout.
    expect(z85Uuid('00000000000000000000')).toBe('00000000-0000-0000-0000-000000000000')
    expect(z85Uuid('HelloWorldHelloWorld')).toBe('864fd26f-b559-f75b-864f-d26fb559f75b')
  })

  test('rejects text that is not Z85', () => {
    expect(() => decodeZ85('Hello')).not.toThrow()
    expect(() => decodeZ85('Hell')).toThrow(/multiple of 5/)
    expect(() => decodeZ85('Hell~')).toThrow(/invalid Z85 character/)
  })
})

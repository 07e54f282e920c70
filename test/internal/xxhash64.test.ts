import { describe, expect, it } from 'vitest'
import { xxhash64Bytes } from '../../src/internal/xxhash64.js'

const hex = (b: bigint): string => b.toString(16).padStart(16, '0')

describe('xxhash64', () => {
  it('matches the reference XXH64 vectors (seed 0)', () => {
    expect(hex(xxhash64Bytes(new Uint8Array(), 0n))).toBe('ef46db3751d8e999')
    expect(hex(xxhash64Bytes(Buffer.from('a'), 0n))).toBe('d24ec4f1a98c6e5b')
    expect(hex(xxhash64Bytes(Buffer.from('abc'), 0n))).toBe('44bc2cf5ad770999')
  })
})

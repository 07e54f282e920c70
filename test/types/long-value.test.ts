/**
 * The exact long representation (types/long-value.ts). Expected values are Java's: Long.MAX_VALUE
 * = 9223372036854775807, Math.addExact overflowing past it, Math.floorDiv for negative micros.
 */
import { describe, expect, it } from 'vitest'
import {
  canonicalLong,
  compareLongs,
  joinMicros,
  longArithmetic,
  parseLong,
  splitMicros,
} from '../../src/types/long-value.js'

describe('canonical longs', () => {
  it('are numbers up to 2^53 - 1 and bigints beyond, so equal longs are ===', () => {
    expect(canonicalLong(9007199254740991n)).toBe(9007199254740991)
    expect(canonicalLong(9007199254740992n)).toBe(9007199254740992n)
    expect(canonicalLong(-9007199254740993n)).toBe(-9007199254740993n)
    expect(parseLong('9007199254740993')).toBe(9007199254740993n)
    expect(parseLong('9223372036854775807')).toBe(9223372036854775807n)
    expect(parseLong('-9223372036854775808')).toBe(-9223372036854775808n)
    expect(parseLong('9223372036854775808')).toBeUndefined()
    expect(parseLong('12')).toBe(12)
    expect(parseLong('1.5')).toBeUndefined()
  })

  it('add, subtract and multiply exactly, and report a 64-bit overflow', () => {
    expect(longArithmetic('+', 9007199254740992, 1)).toBe(9007199254740993n)
    expect(longArithmetic('-', 9007199254740993n, 2)).toBe(9007199254740991)
    expect(longArithmetic('+', 9223372036854775806n, 1)).toBe(9223372036854775807n)
    expect(longArithmetic('+', 9223372036854775807n, 1)).toBeUndefined()
    expect(longArithmetic('-', -9223372036854775808n, 1)).toBeUndefined()
    expect(longArithmetic('*', 4294967296, 4294967296)).toBeUndefined()
    expect(longArithmetic('*', 3037000499, 3037000499)).toBe(9223372030926249001n)
  })

  it('compare a number with a bigint by exact value', () => {
    expect(compareLongs(9007199254740992, 9007199254740993n)).toBe(-1)
    expect(compareLongs(9007199254740993n, 9007199254740992)).toBe(1)
    expect(compareLongs(5, 5)).toBe(0)
  })

  it('split microseconds as floor seconds and a positive fraction, over 0001..9999', () => {
    // 9999-12-31 23:59:59.999999 UTC and 0001-01-01 00:00:00 UTC (proleptic Gregorian).
    expect(splitMicros(253402300799999999n)).toEqual({ seconds: 253402300799, micros: 999999 })
    expect(splitMicros(-62135596800000000n)).toEqual({ seconds: -62135596800, micros: 0 })
    expect(splitMicros(-62135596799999999n)).toEqual({ seconds: -62135596800, micros: 1 })
    expect(splitMicros(-1)).toEqual({ seconds: -1, micros: 999999 })
    expect(joinMicros(253402300799, 999999)).toBe(253402300799999999n)
    expect(joinMicros(1, 5)).toBe(1000005)
  })
})

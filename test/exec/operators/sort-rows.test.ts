import { describe, expect, it } from 'vitest'
import { compareValues, sortRows } from '../../../src/exec/operators/sort-rows.js'
import type { Row } from '../../../src/types/index.js'

const by = (i: number, ascending = true, nullsFirst = ascending) => ({
  value: (r: Row) => r[i],
  ascending,
  nullsFirst,
})

describe('sortRows (Spark SortExec ordering)', () => {
  it('ascending puts nulls first, descending last, unless told; equal keys keep their order', () => {
    const rows: Row[] = [
      [2, 'a'],
      [null, 'b'],
      [1, 'c'],
      [2, 'd'],
      [null, 'e'],
    ]
    expect(sortRows(rows, [by(0)]).map((r) => r[1])).toEqual(['b', 'e', 'c', 'a', 'd'])
    expect(sortRows(rows, [by(0, false)]).map((r) => r[1])).toEqual(['a', 'd', 'c', 'b', 'e'])
    expect(sortRows(rows, [by(0, true, false)]).map((r) => r[1])).toEqual(['c', 'a', 'd', 'b', 'e'])
    expect(sortRows(rows, [by(0, false), by(1, false)]).map((r) => r[1])).toEqual([
      'd',
      'a',
      'c',
      'e',
      'b',
    ])
  })

  it('doubles: NaN above +Infinity, -0.0 equal to 0.0 (SQLOrderingUtil.compareDoubles)', () => {
    const rows: Row[] = [[NaN], [Infinity], [0], [-0], [-Infinity], [1.5]]
    expect(sortRows(rows, [by(0)]).map((r) => r[0])).toEqual([-Infinity, 0, -0, 1.5, Infinity, NaN])
    expect(compareValues(-0, 0)).toBe(0)
    expect(compareValues(NaN, NaN)).toBe(0)
  })

  it('strings by code point (UTF-8 byte order), binary unsigned, booleans, longs past 2^53', () => {
    // U+1F600 is a surrogate pair in UTF-16, below U+FF5E by code unit but above it by code point.
    expect(sortRows([['\u{1F600}'], ['\uFF5E'], ['a'], ['B']], [by(0)]).map((r) => r[0])).toEqual([
      'B',
      'a',
      '\uFF5E',
      '\u{1F600}',
    ])
    expect(compareValues(new Uint8Array([0xff]), new Uint8Array([0x01, 0x00]))).toBeGreaterThan(0)
    expect(compareValues(false, true)).toBeLessThan(0)
    expect(compareValues(9007199254740993n, 9007199254740992)).toBeGreaterThan(0)
  })

  it('arrays and structs element by element, a null element first, a shorter array first', () => {
    expect(compareValues([1, 2], [1, 3])).toBeLessThan(0)
    expect(compareValues([1, null], [1, 0])).toBeLessThan(0)
    expect(compareValues([1], [1, 0])).toBeLessThan(0)
    expect(compareValues(['b', 1], ['a', 9])).toBeGreaterThan(0)
  })
})

import { describe, expect, it } from 'vitest'
import { packRows, transferables, unpackRows } from '../../../src/sources/file/row-transfer.js'

describe('row transfer form', () => {
  it('round-trips every value kind, keeping -0, NaN, undefined and nested values', () => {
    const rows = [
      ['a', 1, true, null, new Uint8Array([1, 2]), ['x', null], new Map([['k', 1]])],
      ['', -0, false, undefined, null, [], new Map()],
      ['ünï 😀', Number.NaN, null, Infinity, null, [[1], [2]], null],
    ]
    const packed = packRows(rows, 7)
    const copy = structuredClone(packed, { transfer: transferables(packed) })
    const back = unpackRows(copy)
    expect(back).toEqual(rows)
    expect(Object.is(back[1]![1], -0)).toBe(true)
    expect(back[1]).toHaveLength(7)
    expect(3 in back[1]!).toBe(true)
  })

  it('refuses rows of another width', () => {
    expect(() => packRows([[1, 2]], 3)).toThrow(/2 values, not 3/)
  })
})

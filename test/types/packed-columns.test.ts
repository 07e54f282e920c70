import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/types/decimal-value.js'
import {
  columnValues,
  packColumns,
  reviveDecimals,
  selectRows,
  transferables,
  unpackRows,
} from '../../src/types/packed-columns.js'

describe('rows packed by column', () => {
  const rows = [
    ['a', 1, true, null, new Uint8Array([1, 2]), ['x', null], new Map([['k', 1]])],
    ['', -0, false, undefined, null, [], new Map()],
    ['ünï 😀', Number.NaN, null, Infinity, null, [[1], [2]], null],
  ]

  it('round-trips every value kind through a transfer, keeping -0, NaN, undefined and nested values', () => {
    const packed = packColumns(rows, 7)
    const copy = structuredClone(packed, { transfer: transferables(packed) })
    const back = unpackRows(copy)
    expect(back).toEqual(rows)
    expect(Object.is(back[1]![1], -0)).toBe(true)
    expect(back[1]).toHaveLength(7)
    expect(3 in back[1]!).toBe(true)
    expect(columnValues(copy.columns[0]!, 3)).toEqual(['a', '', 'ünï 😀'])
    expect(columnValues(copy.columns[3]!, 3)).toEqual([null, undefined, Infinity])
  })

  it('records each column’s null count and extremes (NaN flagged, not a bound)', () => {
    const packed = packColumns(
      [
        ['m', 5, null],
        ['b', Number.NaN, null],
        [null, -2, 'z'],
        ['y', 7, undefined],
      ],
      3,
    )
    const [s, n, z] = packed.columns
    expect([s!.nullCount, s!.minString, s!.maxString]).toEqual([1, 'b', 'y'])
    expect([n!.minNumber, n!.maxNumber, n!.hasNaN, n!.nullCount]).toEqual([-2, 7, true, 0])
    expect([z!.nullCount, z!.minString, z!.maxString, z!.minNumber]).toEqual([
      3,
      'z',
      'z',
      undefined,
    ])
    // Only NaN: no numeric bounds at all.
    const onlyNaN = packColumns([[Number.NaN]], 1).columns[0]!
    expect([onlyNaN.minNumber, onlyNaN.maxNumber, onlyNaN.hasNaN]).toEqual([
      undefined,
      undefined,
      true,
    ])
  })

  it('selects rows by index: values, null counts and extremes of the kept rows only', () => {
    const source = [
      ['zz', 9, new Uint8Array([1])],
      ['b', null, null],
      ['ü😀', 3, new Uint8Array([2])],
      [null, Number.NaN, undefined],
      ['a', -4, new Uint8Array([3])],
    ]
    const picked = selectRows(packColumns(source, 3), Int32Array.from([1, 2, 4]))
    expect(unpackRows(picked)).toEqual([source[1], source[2], source[4]])
    const [s, n] = picked.columns
    expect([s!.minString, s!.maxString, s!.nullCount]).toEqual(['a', 'ü😀', 0])
    expect([n!.minNumber, n!.maxNumber, n!.hasNaN, n!.nullCount]).toEqual([-4, 3, false, 1])
    expect(selectRows(packColumns(source, 3), new Int32Array(0)).count).toBe(0)
    // Kept strings that are not adjacent in the source.
    const apart = selectRows(packColumns(source, 3), Int32Array.from([0, 2, 4]))
    expect(unpackRows(apart)).toEqual([source[0], source[2], source[4]])
    expect(apart.columns[0]!.joined).toBe('zzü😀a')
  })

  it('refuses rows of another width', () => {
    expect(() => packColumns([[1, 2]], 3)).toThrow(/2 values, not 3/)
  })
})

describe('decimals across a worker boundary', () => {
  it('reviveDecimals gives structured-cloned decimals their class back, nested too', () => {
    const d = (s: string): Decimal => Decimal.parse(s)!
    const rows = [
      [d('12345.678900000000794535'), [d('1.50'), null], new Map([['k', d('-0.01')]])],
      [null, [], new Map()],
    ]
    // What postMessage does to the packed rows of a JSON parse worker.
    const cloned = structuredClone(packColumns(rows, 3))
    expect(unpackRows(cloned)[0]![0]).not.toBeInstanceOf(Decimal)
    const back = unpackRows(reviveDecimals(cloned))
    const first = back[0]!
    expect(first[0]).toBeInstanceOf(Decimal)
    expect(String(first[0])).toBe('12345.678900000000794535')
    expect(String((first[1] as unknown[])[0])).toBe('1.50')
    expect(String((first[2] as Map<string, unknown>).get('k'))).toBe('-0.01')
    expect(back[1]).toEqual([null, [], new Map()])
  })
})

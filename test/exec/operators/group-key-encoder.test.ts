import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { GroupKeyEncoder } from '../../../src/exec/operators/group-key-encoder.js'
import { assignWindows } from '../../../src/exec/operators/time-windows.js'
import { ColumnRefNode, TimeWindowNode } from '../../../src/plan/expr/index.js'
import { DataTypes as T, structField, structType } from '../../../src/types/index.js'

const schema = structType([
  structField('t', T.TimestampType),
  structField('s', T.StringType),
  structField('d', T.DoubleType),
  structField('a', T.array(T.IntegerType)),
])
const ctx = () => ({ batchTimestampMs: 0, timeZone: 'UTC' })
const MIN = 60_000_000

/** The key texts the state store persists: JSON.stringify of each grouping tuple. */
function expected(row: unknown[], window: boolean, valueCols: number[]): string[] {
  const values = valueCols.map((c) => row[c] ?? null)
  if (!window) return [JSON.stringify(values)]
  if (row[0] === null) return []
  return assignWindows(row[0] as number, 5 * MIN, MIN, 0).map((w) => JSON.stringify([w, ...values]))
}

describe('GroupKeyEncoder', () => {
  const value = fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0, 1.5),
    fc.double(),
    fc.string({ maxLength: 3 }),
  )
  const row = fc.tuple(
    fc.oneof(fc.constant(null), fc.integer({ min: -20 * MIN, max: 20 * MIN })),
    fc.oneof(fc.constant(null), fc.constantFrom('null', 'a', '"', '')),
    value,
    fc.oneof(fc.constant(null), fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 2 })),
  )

  it('gives exactly the JSON text of every grouping tuple, windows in assignment order', () => {
    const grouping = [
      TimeWindowNode.create(ColumnRefNode.create('t'), 5 * MIN, MIN, 0, '5 minutes, 1 minute'),
      ColumnRefNode.create('s'),
      ColumnRefNode.create('d'),
      ColumnRefNode.create('a'),
    ]
    const plain = [ColumnRefNode.create('s'), ColumnRefNode.create('d')]
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        const windowed = new GroupKeyEncoder(grouping, schema, ctx)
        const flat = new GroupKeyEncoder(plain, schema, ctx)
        const out: string[] = []
        for (const r of rows) {
          const n = windowed.keysOf(r, out)
          expect(out.slice(0, n)).toEqual(expected(r, true, [1, 2, 3]))
          const m = flat.keysOf(r, out)
          expect(out.slice(0, m)).toEqual(expected(r, false, [1, 2]))
        }
      }),
    )
  })

  it('has one global key without grouping columns', () => {
    const out: string[] = []
    expect(new GroupKeyEncoder([], schema, ctx).keysOf([1, 'a', 2, null], out)).toBe(1)
    expect(out[0]).toBe('[]')
  })
})

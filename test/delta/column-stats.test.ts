import { expect, test } from 'vitest'
import { encodeColumn } from '../../src/delta/column-encoder.js'
import { isoMillis, statsJson } from '../../src/delta/column-stats.js'
import { DataTypes, parseDdlSchema } from '../../src/types/index.js'

const stats = (ddl: string, values: unknown[]) => {
  const schema = parseDdlSchema(ddl)
  const f = schema.fields[0]!
  return JSON.parse(
    statsJson(values.length, schema, [encodeColumn(f.dataType, values, f.name, true).stats]),
  ) as Record<string, unknown>
}

test('timestamps are truncated down to milliseconds, also before 1970', () => {
  expect(isoMillis(1999)).toBe('1970-01-01T00:00:00.001Z')
  expect(isoMillis(-1)).toBe('1969-12-31T23:59:59.999Z')
  expect(isoMillis(1714564800123999, true)).toBe('2024-05-01T12:00:00.123')
})

test('bounds that could be wrong are left out', () => {
  expect(stats('s STRING', ['a', 'x'.repeat(33)])).toEqual({
    numRecords: 2,
    minValues: {},
    maxValues: {},
    nullCount: { s: 0 },
  })
  expect(stats('s STRING', ['b', 'a', null])).toMatchObject({
    minValues: { s: 'a' },
    maxValues: { s: 'b' },
    nullCount: { s: 1 },
  })
  expect(stats('d DOUBLE', [1, NaN])).toMatchObject({ minValues: {}, maxValues: {} })
  expect(stats('b BOOLEAN', [true, false])).toMatchObject({ minValues: {}, nullCount: { b: 0 } })
  expect(stats('a ARRAY<INT>', [[1], null])).toMatchObject({ minValues: {}, nullCount: { a: 1 } })
})

test('dates as YYYY-MM-DD, all-null columns only have a null count', () => {
  expect(stats('d DATE', [19723, 0])).toMatchObject({
    minValues: { d: '1970-01-01' },
    maxValues: { d: '2024-01-01' },
  })
  expect(stats('n BIGINT', [null, null])).toEqual({
    numRecords: 2,
    minValues: {},
    maxValues: {},
    nullCount: { n: 2 },
  })
  expect(encodeColumn(DataTypes.LongType, [2 ** 53 - 1, -(2 ** 53) + 1], 'n', true).stats).toEqual({
    kind: 'leaf',
    nullCount: 0,
    min: -(2 ** 53) + 1,
    max: 2 ** 53 - 1,
  })
})

import { expect, test } from 'vitest'
import { newTableMetadata } from '../../src/delta/new-table-metadata.js'
import { parseDdlSchema, schemaFromJson } from '../../src/types/index.js'

test('every required field, even when empty', () => {
  const schema = parseDdlSchema('a INT, w STRUCT<start: TIMESTAMP, end: TIMESTAMP>')
  const md = newTableMetadata(schema, { configuration: { 'delta.appendOnly': 'true' } })
  expect(md).toMatchObject({
    format: { provider: 'parquet', options: {} },
    partitionColumns: [],
    configuration: { 'delta.appendOnly': 'true' },
  })
  expect(md.id).toMatch(/^[0-9a-f-]{36}$/)
  expect(schemaFromJson(md.schemaString)).toEqual(schema)
})

test('column names and partition columns are validated like Spark', () => {
  expect(() => newTableMetadata(parseDdlSchema('`a b` INT'))).toThrow(
    expect.objectContaining({ code: 'SL_DELTA_INVALID_SCHEMA' }),
  )
  expect(() => newTableMetadata(parseDdlSchema('a INT, `A` INT'))).toThrow(/case-insensitive/)
  expect(() =>
    newTableMetadata(parseDdlSchema('a INT, b INT'), { partitionColumns: ['c'] }),
  ).toThrow(/partition column c/)
  expect(() => newTableMetadata(parseDdlSchema('a INT'), { partitionColumns: ['a'] })).toThrow(
    /every column/,
  )
  expect(
    newTableMetadata(parseDdlSchema('a INT, b INT'), { partitionColumns: ['b'] }).partitionColumns,
  ).toEqual(['b'])
})

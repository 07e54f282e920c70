import { expect, test } from 'vitest'
import type { MetadataAction } from '../../src/delta/actions.js'
import {
  assertReadable,
  assertWritable,
  protocolForSchema,
} from '../../src/delta/protocol-support.js'
import { parseDdlSchema, structField, structType, DataTypes } from '../../src/types/index.js'

const meta = (configuration: Record<string, string> = {}): MetadataAction => ({
  id: 'x',
  format: { provider: 'parquet', options: {} },
  schemaString: '{}',
  partitionColumns: [],
  configuration,
})
const schema = parseDdlSchema('a INT')

test('new tables are (1,2) without feature keys, or (3,7)+timestampNtz', () => {
  expect(protocolForSchema(schema)).toEqual({ minReaderVersion: 1, minWriterVersion: 2 })
  expect(protocolForSchema(parseDdlSchema('t TIMESTAMP_NTZ'))).toEqual({
    minReaderVersion: 3,
    minWriterVersion: 7,
    readerFeatures: ['timestampNtz'],
    writerFeatures: ['timestampNtz'],
  })
})

test('reader checks', () => {
  expect(() =>
    assertReadable(
      '/t',
      { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['deletionVectors'] },
      meta(),
    ),
  ).toThrow(/deletionVectors/)
  expect(() =>
    assertReadable(
      '/t',
      { minReaderVersion: 2, minWriterVersion: 5 },
      meta({ 'delta.columnMapping.mode': 'name' }),
    ),
  ).toThrow(/column mapping/)
  expect(() =>
    assertReadable('/t', { minReaderVersion: 2, minWriterVersion: 5 }, meta()),
  ).not.toThrow()
  expect(() =>
    assertReadable(
      '/t',
      { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['timestampNtz'] },
      meta(),
    ),
  ).not.toThrow()
})

test('writer checks', () => {
  expect(() =>
    assertWritable('/t', { minReaderVersion: 1, minWriterVersion: 2 }, meta(), schema),
  ).not.toThrow()
  expect(() =>
    assertWritable(
      '/t',
      { minReaderVersion: 1, minWriterVersion: 7, writerFeatures: ['rowTracking'] },
      meta(),
      schema,
    ),
  ).toThrow(/rowTracking/)
  expect(() =>
    assertWritable(
      '/t',
      { minReaderVersion: 1, minWriterVersion: 3 },
      meta({ 'delta.constraints.c': 'a > 0' }),
      schema,
    ),
  ).toThrow(/CHECK constraints/)
  const invariant = structType([
    structField('a', DataTypes.IntegerType, true, {
      'delta.invariants': '{"expression":{"expression":"a > 0"}}',
    }),
  ])
  expect(() =>
    assertWritable('/t', { minReaderVersion: 1, minWriterVersion: 2 }, meta(), invariant),
  ).toThrow(/delta.invariants/)
})

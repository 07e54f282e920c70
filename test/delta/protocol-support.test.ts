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

test('reader checks: the features streamlake reads pass, any other is named', () => {
  const v3 = (readerFeatures: string[]) => ({
    minReaderVersion: 3,
    minWriterVersion: 7,
    readerFeatures,
  })
  for (const f of [
    'deletionVectors',
    'columnMapping',
    'v2Checkpoint',
    'timestampNtz',
    'typeWidening',
    'typeWidening-preview',
    'vacuumProtocolCheck',
  ]) {
    expect(() => assertReadable('/t', v3([f]), meta())).not.toThrow()
  }
  expect(() =>
    assertReadable(
      '/t',
      v3(['columnMapping', 'deletionVectors']),
      meta({ 'delta.columnMapping.mode': 'id' }),
    ),
  ).not.toThrow()
  for (const mode of ['name', 'id', 'none']) {
    expect(() =>
      assertReadable(
        '/t',
        { minReaderVersion: 2, minWriterVersion: 5 },
        meta({ 'delta.columnMapping.mode': mode }),
      ),
    ).not.toThrow()
  }
  expect(() => assertReadable('/t', v3(['deletionVectors', 'variantType']), meta())).toThrow(
    /uses table feature variantType, .*streamlake reads columnMapping, deletionVectors/,
  )
  expect(() => assertReadable('/t', v3(['variantType-preview']), meta())).toThrow(
    /variantType-preview/,
  )
  expect(() =>
    assertReadable(
      '/t',
      { minReaderVersion: 2, minWriterVersion: 5 },
      meta({ 'delta.columnMapping.mode': 'other' }),
    ),
  ).toThrow(/column mapping mode other/)
  expect(() => assertReadable('/t', { minReaderVersion: 4, minWriterVersion: 7 }, meta())).toThrow(
    /reader protocol version 4/,
  )
})

test('writer checks: features read but not written are refused by name', () => {
  for (const f of ['deletionVectors', 'columnMapping', 'typeWidening', 'v2Checkpoint']) {
    expect(() =>
      assertWritable(
        '/t',
        { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: [f], writerFeatures: [f] },
        meta(),
        schema,
      ),
    ).toThrow(new RegExp(`table feature ${f}, which streamlake cannot write`))
  }
  expect(() =>
    assertWritable(
      '/t',
      { minReaderVersion: 2, minWriterVersion: 5 },
      meta({ 'delta.columnMapping.mode': 'name' }),
      schema,
    ),
  ).toThrow(/column mapping, which streamlake cannot write/)
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

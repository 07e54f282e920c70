/**
 * Delta 4.4's rules for a stream reading across a schema change, one by one. Expected values are
 * Delta's: SchemaUtils.isReadCompatible, TypeWidening.isTypeChangeSupported,
 * DeltaStreamUtils.checkSchemaChangesWhenNoSchemaTracking and
 * DeltaColumnMapping.hasNoColumnMappingSchemaChanges (delta-io/delta v4.4.0).
 */
import { describe, expect, it } from 'vitest'
import type { MetadataAction } from '../../../src/delta/actions.js'
import {
  checkSchemaChange,
  hasColumnMappingSchemaChange,
  isReadCompatible,
  isTypeChangeSupported,
  schemaText,
} from '../../../src/sources/delta/schema-compatibility.js'
import {
  DataTypes as T,
  parseDdlSchema,
  structField,
  structType,
  type DataType,
  type StructType,
} from '../../../src/types/index.js'

const ddl = parseDdlSchema

function check(
  dataSchema: StructType,
  readSchema: StructType,
  backfilling: boolean,
  typeWidening = false,
  partitions: [string[], string[]] = [[], []],
) {
  return checkSchemaChange({
    dataSchema,
    readSchema,
    newPartitionColumns: partitions[0],
    oldPartitionColumns: partitions[1],
    backfilling,
    typeWidening,
  })
}

describe('isTypeChangeSupported (TypeWidening)', () => {
  const cases: [DataType, DataType, boolean][] = [
    [T.ByteType, T.ShortType, true],
    [T.ShortType, T.IntegerType, true],
    [T.IntegerType, T.LongType, true],
    [T.ByteType, T.LongType, true],
    [T.LongType, T.IntegerType, false],
    [T.FloatType, T.DoubleType, true],
    [T.DateType, T.TimestampNTZType, true],
    [T.DateType, T.TimestampType, false],
    [T.IntegerType, T.DoubleType, true],
    [T.LongType, T.DoubleType, false],
    [T.IntegerType, T.FloatType, false],
    [T.decimal(5, 2), T.decimal(10, 4), true],
    [T.decimal(5, 2), T.decimal(10, 1), false],
    [T.decimal(10, 4), T.decimal(10, 2), false],
    [T.IntegerType, T.decimal(10, 0), true],
    [T.IntegerType, T.decimal(12, 2), true],
    [T.IntegerType, T.decimal(11, 2), false],
    [T.ShortType, T.decimal(9, 0), false],
    [T.LongType, T.decimal(20, 0), true],
    [T.LongType, T.decimal(22, 1), true],
    [T.LongType, T.decimal(19, 0), false],
    [T.StringType, T.StringType, true],
    [T.IntegerType, T.StringType, false],
    [T.DoubleType, T.FloatType, false],
  ]
  it.each(cases)('%o → %o: %s', (from, to, expected) => {
    expect(isTypeChangeSupported(from, to)).toBe(expected)
  })
})

describe('isReadCompatible (SchemaUtils)', () => {
  const strict = { forbidTightenNullability: true, allowWidening: false }
  it('a column of the data missing from the read schema is incompatible; a new one is not', () => {
    expect(isReadCompatible(ddl('id INT, name STRING'), ddl('id INT'), strict)).toBe(false)
    expect(isReadCompatible(ddl('id INT'), ddl('id INT, name STRING'), strict)).toBe(true)
  })
  it('names match case-insensitively but must be spelled the same', () => {
    expect(isReadCompatible(ddl('Id INT'), ddl('id INT'), strict)).toBe(false)
  })
  it('forbidTightenNullability: nullable data is not read as NOT NULL; the reverse passes', () => {
    const nullable = ddl('id INT')
    const notNull = structType([structField('id', T.IntegerType, false)])
    expect(isReadCompatible(nullable, notNull, strict)).toBe(false)
    expect(isReadCompatible(notNull, nullable, strict)).toBe(true)
    const relaxed = { forbidTightenNullability: false, allowWidening: false }
    expect(isReadCompatible(nullable, notNull, relaxed)).toBe(true)
    expect(isReadCompatible(notNull, nullable, relaxed)).toBe(false)
  })
  it('array elements and map values follow the nullability rule; structs recurse', () => {
    const arr = (containsNull: boolean) =>
      structType([structField('a', T.array(T.IntegerType, containsNull))])
    expect(isReadCompatible(arr(true), arr(false), strict)).toBe(false)
    expect(isReadCompatible(arr(false), arr(true), strict)).toBe(true)
    const map = (valueContainsNull: boolean) =>
      structType([structField('m', T.map(T.StringType, T.IntegerType, valueContainsNull))])
    expect(isReadCompatible(map(true), map(false), strict)).toBe(false)
    expect(isReadCompatible(ddl('s STRUCT<x: INT, y: INT>'), ddl('s STRUCT<x: INT>'), strict)).toBe(
      false,
    )
    expect(isReadCompatible(ddl('s STRUCT<x: INT>'), ddl('s STRUCT<x: INT, y: INT>'), strict)).toBe(
      true,
    )
  })
  it('a type change passes only with widening allowed and only when widening', () => {
    const wide = { forbidTightenNullability: true, allowWidening: true }
    expect(isReadCompatible(ddl('id INT'), ddl('id BIGINT'), strict)).toBe(false)
    expect(isReadCompatible(ddl('id INT'), ddl('id BIGINT'), wide)).toBe(true)
    expect(isReadCompatible(ddl('id BIGINT'), ddl('id INT'), wide)).toBe(false)
    expect(isReadCompatible(ddl('a ARRAY<INT>'), ddl('a ARRAY<BIGINT>'), wide)).toBe(true)
    expect(isReadCompatible(ddl('m MAP<INT, FLOAT>'), ddl('m MAP<BIGINT, DOUBLE>'), wide)).toBe(
      true,
    )
  })
  it('a void (NullType) column of the data reads as any type', () => {
    const v = structType([structField('x', T.NullType)])
    expect(isReadCompatible(v, ddl('x STRING'), strict)).toBe(true)
  })
  it('other partition columns are incompatible', () => {
    const s = ddl('id INT, p STRING')
    expect(
      isReadCompatible(s, s, { ...strict, newPartitionColumns: ['p'], oldPartitionColumns: [] }),
    ).toBe(false)
  })
})

describe('checkSchemaChange (checkSchemaChangesWhenNoSchemaTracking)', () => {
  const before = ddl('id INT, name STRING')
  const added = ddl('id INT, name STRING, score DOUBLE')
  it('backfilling: an older schema with fewer columns is compatible', () => {
    expect(check(before, added, true)).toBe('compatible')
  })
  it('a newer schema with an added column: retryable (a restart reads with it)', () => {
    expect(check(added, before, false)).toBe('retryable')
  })
  it('backfilling past a dropped column: incompatible (no restart helps)', () => {
    expect(check(added, before, true)).toBe('incompatible')
  })
  it('type widening: compatible when backfilling on a typeWidening table, else retryable', () => {
    expect(check(ddl('id INT'), ddl('id BIGINT'), true, true)).toBe('compatible')
    expect(check(ddl('id INT'), ddl('id BIGINT'), true, false)).toBe('incompatible')
    expect(check(ddl('id BIGINT'), ddl('id INT'), false, true)).toBe('retryable')
    expect(check(ddl('id BIGINT'), ddl('id INT'), false, false)).toBe('incompatible')
  })
  it('nullability: a relaxed column is retryable; backfilling into NOT NULL is incompatible', () => {
    const notNull = structType([structField('id', T.IntegerType, false)])
    const nullable = ddl('id INT')
    expect(check(nullable, notNull, false)).toBe('retryable')
    expect(check(nullable, notNull, true)).toBe('incompatible')
    expect(check(notNull, nullable, true)).toBe('compatible')
  })
  it('a partition change is incompatible when backfilling', () => {
    expect(check(before, before, true, false, [['name'], []])).toBe('incompatible')
  })
})

function meta(schema: StructType, mode?: 'name' | 'id', partitionColumns: string[] = []) {
  const m: MetadataAction = {
    id: 't',
    format: { provider: 'parquet', options: {} },
    schemaString: JSON.stringify(schema),
    partitionColumns,
    configuration: mode ? { 'delta.columnMapping.mode': mode } : {},
  }
  return m
}

const mapped = (fields: [string, string, DataType][]): StructType =>
  structType(
    fields.map(([name, physical, t]) =>
      structField(name, t, true, { 'delta.columnMapping.physicalName': physical }),
    ),
  )

describe('hasColumnMappingSchemaChange (DeltaColumnMapping)', () => {
  const v0 = mapped([
    ['id', 'col-1', T.IntegerType],
    ['name', 'col-2', T.StringType],
  ])
  const renamed = mapped([
    ['id', 'col-1', T.IntegerType],
    ['label', 'col-2', T.StringType],
  ])
  const dropped = mapped([['id', 'col-1', T.IntegerType]])
  const added = mapped([
    ['id', 'col-1', T.IntegerType],
    ['name', 'col-2', T.StringType],
    ['z', 'col-3', T.IntegerType],
  ])
  const change = (newer: StructType, older: StructType, n = meta(newer, 'name')) =>
    hasColumnMappingSchemaChange(n, newer, meta(older, 'name'), older)
  it('a rename or a drop is a change; an added column is not', () => {
    expect(change(renamed, v0)).toBe(true)
    expect(change(dropped, v0)).toBe(true)
    expect(change(added, v0)).toBe(false)
    expect(change(v0, v0)).toBe(false)
  })
  it('a nested field renamed inside an array of structs is a change', () => {
    const inner = (name: string) =>
      structType([
        structField(
          'a',
          T.array(
            structType([
              structField(name, T.IntegerType, true, {
                'delta.columnMapping.physicalName': 'col-9',
              }),
            ]),
          ),
          true,
          {
            'delta.columnMapping.physicalName': 'col-8',
          },
        ),
      ])
    expect(change(inner('y'), inner('x'))).toBe(true)
  })
  it('other partition columns are a change', () => {
    expect(hasColumnMappingSchemaChange(meta(v0, 'name', ['name']), v0, meta(v0, 'name'), v0)).toBe(
      true,
    )
  })
  it('turning mapping on keeps names; a rename at the upgrade is a change; turning it off is one', () => {
    const plain = ddl('id INT, name STRING')
    const upgraded = mapped([
      ['id', 'id', T.IntegerType],
      ['name', 'name', T.StringType],
    ])
    const upgradedRenamed = mapped([
      ['id', 'id', T.IntegerType],
      ['label', 'name', T.StringType],
    ])
    expect(hasColumnMappingSchemaChange(meta(upgraded, 'name'), upgraded, meta(plain), plain)).toBe(
      false,
    )
    expect(
      hasColumnMappingSchemaChange(
        meta(upgradedRenamed, 'name'),
        upgradedRenamed,
        meta(plain),
        plain,
      ),
    ).toBe(true)
    expect(hasColumnMappingSchemaChange(meta(plain), plain, meta(upgraded, 'name'), upgraded)).toBe(
      true,
    )
  })
  it('without column mapping on either side nothing is a change here', () => {
    const plain = ddl('id INT, name STRING')
    expect(
      hasColumnMappingSchemaChange(meta(ddl('id INT')), ddl('id INT'), meta(plain), plain),
    ).toBe(false)
  })
})

describe('schemaText', () => {
  it('prints types as Spark SQL names with NOT NULL', () => {
    const s = structType([
      structField('id', T.LongType, false),
      structField('s', structType([structField('x', T.ShortType, false)])),
      structField('a', T.array(T.decimal(5, 2), false)),
    ])
    expect(schemaText(s)).toBe(
      'id bigint not null, s struct<x:smallint not null>, a array<decimal(5,2) not null>',
    )
  })
})

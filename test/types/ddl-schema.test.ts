import { describe, expect, it } from 'vitest'
import {
  DataTypes,
  parseDdlSchema,
  schemaFromJson,
  schemaToJson,
  simpleString,
} from '../../src/types/index.js'

describe('parseDdlSchema', () => {
  it('parses the seed event schema with Spark type names and NOT NULL', () => {
    const s = parseDdlSchema(
      'event_id STRING NOT NULL, timestamp TIMESTAMP, user_id INT, event_type STRING, value DOUBLE, session_id STRING',
    )
    expect(s.fields.map((f) => [f.name, f.dataType.type, f.nullable])).toEqual([
      ['event_id', 'string', false],
      ['timestamp', 'timestamp', true],
      ['user_id', 'integer', true],
      ['event_type', 'string', true],
      ['value', 'double', true],
      ['session_id', 'string', true],
    ])
  })
  it('parses nested and parameterised types and back-quoted names', () => {
    const s = parseDdlSchema(
      '`my col` BIGINT, w STRUCT<start: TIMESTAMP, end: TIMESTAMP>, d DECIMAL(10,2), tags ARRAY<STRING>, m MAP<STRING, INT>',
    )
    expect(simpleString(s)).toBe(
      'struct<my col:bigint,w:struct<start:timestamp,end:timestamp>,d:decimal(10,2),tags:array<string>,m:map<string,int>>',
    )
  })
  it('names the position of a syntax error and suggests the format', () => {
    expect(() => parseDdlSchema('a INT, b')).toThrow(/expected a type name/)
    expect(() => parseDdlSchema('a FOO')).toThrow(/unknown type FOO/)
    expect(() => parseDdlSchema('a INT, a STRING')).toThrow(/duplicate field name a/)
  })
})

describe('schema JSON (Delta schemaString)', () => {
  it('serializes as Spark does, with the window struct nested', () => {
    const s = parseDdlSchema(
      'window STRUCT<start: TIMESTAMP, end: TIMESTAMP>, count BIGINT NOT NULL',
    )
    expect(schemaToJson(s)).toBe(
      '{"type":"struct","fields":[{"name":"window","type":{"type":"struct","fields":[{"name":"start","type":"timestamp","nullable":true,"metadata":{}},{"name":"end","type":"timestamp","nullable":true,"metadata":{}}]},"nullable":true,"metadata":{}},{"name":"count","type":"long","nullable":false,"metadata":{}}]}',
    )
    expect(schemaFromJson(schemaToJson(s))).toEqual(s)
  })
  it('parses decimal, array and map types', () => {
    const s = schemaFromJson(
      '{"type":"struct","fields":[{"name":"d","type":"decimal(5,1)","nullable":true,"metadata":{}},{"name":"a","type":{"type":"array","elementType":"integer","containsNull":false},"nullable":true,"metadata":{}}]}',
    )
    expect(s.fields[0]!.dataType).toEqual(DataTypes.decimal(5, 1))
    expect(s.fields[1]!.dataType).toEqual(DataTypes.array(DataTypes.IntegerType, false))
  })
  it('rejects unknown types with a clear error', () => {
    expect(() =>
      schemaFromJson(
        '{"type":"struct","fields":[{"name":"x","type":"foo","nullable":true,"metadata":{}}]}',
      ),
    ).toThrow(/unknown type "foo"/)
  })
})

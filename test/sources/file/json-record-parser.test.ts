import { describe, expect, it } from 'vitest'
import { SourceError } from '../../../src/errors/index.js'
import { decodeJsonText } from '../../../src/sources/file/decode-json-text.js'
import { JsonRecordParser, parseOptions } from '../../../src/sources/file/json-record-parser.js'
import { parseInChunks } from '../../../src/sources/file/parse-in-chunks.js'
import {
  DataTypes as T,
  structField,
  structType,
  type DataType,
  type StructType,
} from '../../../src/types/index.js'

const FILE = '/data/events/part-0.json'

function parser(
  schema: StructType,
  raw: Record<string, string> = {},
  session = 'UTC',
): JsonRecordParser {
  return new JsonRecordParser(schema, parseOptions(raw, session))
}

/** Reads `lines` into a single column of `type` (PERMISSIVE, with corrupt column). */
/** {@link one} with a decimal's exact text (its scale shows) as `v`. */
function dec(type: DataType, json: string): { v: unknown; bad: boolean } {
  const r = one(type, json)
  return { v: r.v === null ? null : String(r.v), bad: r.bad }
}

function one(
  type: DataType,
  json: string,
  raw: Record<string, string> = {},
): { v: unknown; bad: boolean } {
  const schema = structType([structField('v', type), structField('_corrupt_record', T.StringType)])
  const { rows } = parser(schema, raw).parse(`{"v":${json}}`, FILE)
  expect(rows).toHaveLength(1)
  return { v: rows[0]![0], bad: rows[0]![1] !== null }
}

// Scenario S22 (spark-semantics §15).
const S22_LINES = [
  '{"ts":"2026-11-24T10:15:30.123456","key":"a","value":1}',
  '{"ts":"2026-11-24T10:15:30Z","key":"b","value":"2"}',
  '{"ts":1764000000,"key":5,"value":3}',
  'this is not json',
  '{"ts":"garbage","key":"c","value":4}',
  '{"key":"d"}',
  '{"key":"e","value":3000000000}',
  '{"key":"f","value":1.0}',
]
const S22_TEXT = `${S22_LINES.join('\n')}\n`
const S22_SCHEMA = structType([
  structField('ts', T.TimestampType),
  structField('key', T.StringType),
  structField('value', T.IntegerType),
  structField('_corrupt_record', T.StringType),
])
const S22_PLAIN = structType(S22_SCHEMA.fields.slice(0, 3))
const TS1 = 1_795_515_330_123_456 // 2026-11-24 10:15:30.123456 UTC (Python datetime)
const TS2 = 1_795_515_330_000_000 // 2026-11-24 10:15:30 UTC
const TS3 = 1_764_000_000_000_000 // 2025-11-24 16:00:00 UTC

describe('JsonRecordParser — scenario S22', () => {
  it('PERMISSIVE keeps every line with partial values and the raw line', () => {
    const { rows, malformedLines } = parser(S22_SCHEMA).parse(S22_TEXT, FILE)
    expect(rows).toEqual([
      [TS1, 'a', 1, null],
      [TS2, 'b', null, S22_LINES[1]],
      [TS3, '5', 3, null],
      [null, null, null, S22_LINES[3]],
      [null, 'c', 4, S22_LINES[4]],
      [null, 'd', null, null],
      [null, 'e', null, S22_LINES[6]],
      [null, 'f', null, S22_LINES[7]],
    ])
    expect(malformedLines).toBe(5)
  })

  it('PERMISSIVE without the corrupt column gives the same rows minus that column', () => {
    const { rows } = parser(S22_PLAIN).parse(S22_TEXT, FILE)
    expect(rows).toEqual([
      [TS1, 'a', 1],
      [TS2, 'b', null],
      [TS3, '5', 3],
      [null, null, null],
      [null, 'c', 4],
      [null, 'd', null],
      [null, 'e', null],
      [null, 'f', null],
    ])
  })

  it('DROPMALFORMED keeps only lines 1, 3 and 6', () => {
    for (const schema of [S22_SCHEMA, S22_PLAIN]) {
      const { rows, malformedLines } = parser(schema, { mode: 'DROPMALFORMED' }).parse(
        S22_TEXT,
        FILE,
      )
      expect(rows.map((r) => r[1])).toEqual(['a', '5', 'd'])
      expect(malformedLines).toBe(5)
      if (schema === S22_SCHEMA) expect(rows.every((r) => r[3] === null)).toBe(true)
    }
  })

  it('FAILFAST fails on line 2 naming the file and line', () => {
    for (const schema of [S22_SCHEMA, S22_PLAIN]) {
      let error: unknown
      try {
        parser(schema, { mode: 'FAILFAST' }).parse(S22_TEXT, FILE)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(SourceError)
      const e = error as SourceError
      expect(e.code).toBe('SL_SOURCE_MALFORMED_RECORD')
      expect(e.path).toBe(FILE)
      expect(e.line).toBe(2)
      expect(e.message).toContain(FILE)
      expect(e.message).toContain('line 2')
      expect(e.message).toContain("field 'value'")
      expect(e.message).toMatch(/PERMISSIVE/)
      expect(e.message).toMatch(/DROPMALFORMED/)
    }
  })

  it('FAILFAST line numbers start at firstLine', () => {
    expect(() =>
      parser(S22_PLAIN, { mode: 'FAILFAST' }).parse('{"key":"x"}\n\nnope', FILE, 41),
    ).toThrow(/line 43/)
  })

  it('reads zone-less timestamps in America/Los_Angeles; explicit Z is unchanged', () => {
    const { rows } = parser(S22_SCHEMA, {}, 'America/Los_Angeles').parse(S22_TEXT, FILE)
    expect(rows[0]![0]).toBe(1_795_544_130_123_456) // 2026-11-24T18:15:30.123456Z
    expect(rows[1]![0]).toBe(TS2)
    expect(rows[2]![0]).toBe(TS3)
    const viaOption = parser(S22_SCHEMA, { timeZone: 'America/Los_Angeles' }, 'UTC').parse(
      S22_LINES[0]!,
      FILE,
    )
    expect(viaOption.rows[0]![0]).toBe(1_795_544_130_123_456)
  })
})

describe('JsonRecordParser — lines and records', () => {
  const schema = structType([structField('a', T.LongType), structField('b', T.StringType)])

  it('skips blank lines, reads a last line without newline, and handles CRLF and CR', () => {
    const text = '{"a":1}\r\n\r\n   \n\t\n{"a":2}\r{"a":3}\n{"a":4}'
    const { rows, malformedLines } = parser(schema).parse(text, FILE)
    expect(rows).toEqual([
      [1, null],
      [2, null],
      [3, null],
      [4, null],
    ])
    expect(malformedLines).toBe(0)
  })

  it('turns a top-level array into one row per element', () => {
    const { rows } = parser(schema).parse('[{"a":1},{"b":"x"}]\n[]\n', FILE)
    expect(rows).toEqual([
      [1, null],
      [null, 'x'],
    ])
  })

  it('keeps all elements of a top-level array with a bad element, each with the raw line', () => {
    const s = structType([...schema.fields, structField('_corrupt_record', T.StringType)])
    const line = '[{"a":1},{"a":"x","b":"y"},{"a":3}]'
    expect(parser(s).parse(line, FILE).rows).toEqual([
      [1, null, line],
      [null, 'y', line],
      [3, null, line],
    ])
    expect(parser(s, { mode: 'DROPMALFORMED' }).parse(line, FILE).rows).toEqual([])
  })

  it('makes an all-NULL bad row of a root scalar, null, or a non-object array element', () => {
    const s = structType([...schema.fields, structField('_corrupt_record', T.StringType)])
    for (const line of [
      '5',
      '"text"',
      'null',
      '[{"a":1},null]',
      '[1]',
      '{"a":1',
      '{"a":1,}',
      '{a:1}',
      "{'a':1,",
      '{"a":01}',
    ]) {
      expect(parser(s).parse(line, FILE).rows, line).toEqual([[null, null, line]])
    }
  })

  it('matches field names case-sensitively, ignores unknown fields and lets the last duplicate win', () => {
    const { rows } = parser(schema).parse('{"A":1,"x":{"y":[1,2]},"b":"s","a":2,"a":3}', FILE)
    expect(rows).toEqual([[3, 's']])
  })

  it('marks the record bad when an earlier duplicate fails even if the last succeeds', () => {
    const s = structType([...schema.fields, structField('_corrupt_record', T.StringType)])
    const line = '{"a":"x","a":3}'
    expect(parser(s).parse(line, FILE).rows).toEqual([[3, null, line]])
  })

  it('ignores text after the first value, as Jackson never reads it', () => {
    expect(parser(schema).parse('{"a":1} trailing garbage', FILE).rows).toEqual([[1, null]])
  })

  it('accepts single-quoted names and strings and escaped characters', () => {
    const { rows } = parser(schema).parse(
      `{'a':1,'b':'it\\'s "q"'}\n{"b":"\\u00e9\\n\\/\\t"}`,
      FILE,
    )
    expect(rows).toEqual([
      [1, `it's "q"`],
      [null, 'é\n/\t'],
    ])
  })

  it('rejects raw control characters inside strings', () => {
    expect(parser(schema).parse('{"b":"a\tb"}', FILE).rows).toEqual([[null, null]])
    expect(parser(schema).parse('{"b":\t"ab"}', FILE).rows).toEqual([[null, 'ab']])
  })

  it('decodes escapes in some lines while other lines of the same chunk take the fast path', () => {
    const text = '{"b":"plain"}\n{"b":"tab\\there"}\n{"b":"x"}\t\n{"b":"q\\"q","a":2}\n{"b":"last"}'
    expect(parser(schema).parse(text, FILE).rows).toEqual([
      [null, 'plain'],
      [null, 'tab\there'],
      [null, 'x'],
      [2, 'q"q'],
      [null, 'last'],
    ])
  })

  it('reads fields in any order and with whitespace around names and values', () => {
    const { rows } = parser(schema).parse('{ "b" : "s" ,\t"a" : 7 }\n{"b":"t","a":8}', FILE)
    expect(rows).toEqual([
      [7, 's'],
      [8, 't'],
    ])
  })

  it('ignores a JSON field named like the corrupt column', () => {
    const s = structType([...schema.fields, structField('_corrupt_record', T.StringType)])
    expect(parser(s).parse('{"a":1,"_corrupt_record":"x"}', FILE).rows).toEqual([[1, null, null]])
  })

  it('uses a custom corrupt column name', () => {
    const s = structType([...schema.fields, structField('bad', T.StringType)])
    expect(parser(s, { columnNameOfCorruptRecord: 'bad' }).parse('oops', FILE).rows).toEqual([
      [null, null, 'oops'],
    ])
  })

  it('rejects a corrupt column that is not a nullable string', () => {
    const notString = structType([structField('_corrupt_record', T.IntegerType)])
    expect(() => parser(notString)).toThrow(/nullable STRING/)
    const notNullable = structType([structField('_corrupt_record', T.StringType, false)])
    expect(() => parser(notNullable)).toThrow(/nullable STRING/)
  })
})

describe('JsonRecordParser — type conversion (§10.2)', () => {
  it('STRING keeps strings and takes the exact JSON text of other tokens', () => {
    expect(one(T.StringType, '"x"')).toEqual({ v: 'x', bad: false })
    expect(one(T.StringType, '5')).toEqual({ v: '5', bad: false })
    expect(one(T.StringType, '1.50')).toEqual({ v: '1.50', bad: false })
    expect(one(T.StringType, '-1E+5')).toEqual({ v: '-1E+5', bad: false })
    expect(one(T.StringType, 'true')).toEqual({ v: 'true', bad: false })
    expect(one(T.StringType, '{"a": [1, 2.0] }')).toEqual({ v: '{"a": [1, 2.0] }', bad: false })
    expect(one(T.StringType, '[ ]')).toEqual({ v: '[ ]', bad: false })
    expect(one(T.StringType, 'NaN')).toEqual({ v: 'NaN', bad: false })
    expect(one(T.StringType, 'null')).toEqual({ v: null, bad: false })
    expect(one(T.StringType, '""')).toEqual({ v: '', bad: false })
  })

  it('integral types take only integer tokens in range', () => {
    expect(one(T.IntegerType, '2147483647')).toEqual({ v: 2147483647, bad: false })
    expect(one(T.IntegerType, '-2147483648')).toEqual({ v: -2147483648, bad: false })
    expect(one(T.IntegerType, '2147483648').bad).toBe(true)
    expect(one(T.IntegerType, '1.0').bad).toBe(true)
    expect(one(T.IntegerType, '1e2').bad).toBe(true)
    expect(one(T.IntegerType, '"2"').bad).toBe(true)
    expect(one(T.IntegerType, '""').bad).toBe(true)
    expect(one(T.IntegerType, 'true').bad).toBe(true)
    expect(one(T.IntegerType, '-0')).toEqual({ v: 0, bad: false })
    expect(Object.is(one(T.IntegerType, '-0').v, 0)).toBe(true)
    expect(one(T.LongType, '9223372036854775807')).toEqual({ v: 9223372036854775807n, bad: false })
    expect(one(T.LongType, '-9223372036854775808').bad).toBe(false)
    expect(one(T.LongType, '9223372036854775808').bad).toBe(true)
    expect(one(T.LongType, '1234567890123456')).toEqual({ v: 1234567890123456, bad: false })
    expect(one(T.ShortType, '32767')).toEqual({ v: 32767, bad: false })
    expect(one(T.ShortType, '32768').bad).toBe(true)
    expect(one(T.ByteType, '-128')).toEqual({ v: -128, bad: false })
    // Jackson's getByteValue accepts up to 255 and wraps (200 → -56).
    expect(one(T.ByteType, '200')).toEqual({ v: -56, bad: false })
    expect(one(T.ByteType, '256').bad).toBe(true)
  })

  it('DOUBLE/FLOAT take numbers and the non-numeric strings', () => {
    expect(one(T.DoubleType, '123.45')).toEqual({ v: 123.45, bad: false })
    expect(one(T.DoubleType, '1')).toEqual({ v: 1, bad: false })
    expect(one(T.DoubleType, '-1.5e-3')).toEqual({ v: -0.0015, bad: false })
    expect(one(T.DoubleType, '0.1000000000000000055511151231257827')).toEqual({
      v: 0.1,
      bad: false,
    })
    expect(one(T.DoubleType, '1e400')).toEqual({ v: Infinity, bad: false })
    expect(Object.is(one(T.DoubleType, '-0.0').v, -0)).toBe(true)
    expect(one(T.DoubleType, '"NaN"').v).toBeNaN()
    expect(one(T.DoubleType, 'NaN').v).toBeNaN()
    for (const s of ['"Infinity"', '"+Infinity"', '"+INF"', 'Infinity', '+INF'])
      expect(one(T.DoubleType, s).v, s).toBe(Infinity)
    for (const s of ['"-Infinity"', '"-INF"', '-Infinity', '-INF'])
      expect(one(T.DoubleType, s).v, s).toBe(-Infinity)
    expect(one(T.DoubleType, '"1.5"').bad).toBe(true)
    expect(one(T.DoubleType, '"nan"').bad).toBe(true)
    expect(one(T.DoubleType, '""').bad).toBe(true)
    expect(one(T.DoubleType, 'false').bad).toBe(true)
    expect(one(T.FloatType, '0.1')).toEqual({ v: Math.fround(0.1), bad: false })
  })

  it('BOOLEAN takes only true/false tokens', () => {
    expect(one(T.BooleanType, 'true')).toEqual({ v: true, bad: false })
    expect(one(T.BooleanType, 'false')).toEqual({ v: false, bad: false })
    expect(one(T.BooleanType, '"true"').bad).toBe(true)
    expect(one(T.BooleanType, '1').bad).toBe(true)
  })

  it('DECIMAL takes numbers and numeric strings, rounding HALF_UP and checking precision', () => {
    const d = T.decimal(5, 2)
    expect(dec(d, '123.456')).toEqual({ v: '123.46', bad: false })
    expect(dec(d, '123.455')).toEqual({ v: '123.46', bad: false })
    expect(dec(d, '-123.455')).toEqual({ v: '-123.46', bad: false })
    expect(one(d, '"1,234"').bad).toBe(true) // 1234.00 needs precision 6
    expect(dec(T.decimal(10, 2), '"1,234.5"')).toEqual({ v: '1234.50', bad: false })
    expect(dec(d, '"12.5"')).toEqual({ v: '12.50', bad: false })
    expect(dec(d, '"+.5"')).toEqual({ v: '0.50', bad: false })
    expect(dec(d, '1e2')).toEqual({ v: '100.00', bad: false })
    expect(one(d, '1234.5').bad).toBe(true)
    expect(dec(d, '0.001')).toEqual({ v: '0.00', bad: false })
    expect(one(d, '"abc"').bad).toBe(true)
    expect(one(d, '""').bad).toBe(true)
    expect(one(d, '" 1"').bad).toBe(true)
    expect(one(d, 'NaN').bad).toBe(true)
    expect(one(d, 'true').bad).toBe(true)
    // Exact past a double's 15-17 digits (#17): 38 digits and the extremes of decimal(38,18).
    const wide = T.decimal(38, 18)
    expect(dec(wide, '12345.678900000000794535').v).toBe('12345.678900000000794535')
    expect(dec(wide, '"-99999999999999999999.999999999999999999"').v).toBe(
      '-99999999999999999999.999999999999999999',
    )
    expect(one(wide, '100000000000000000000').bad).toBe(true)
  })

  it('TIMESTAMP takes integer seconds and CAST-style strings; floats fail', () => {
    expect(one(T.TimestampType, '1764000000')).toEqual({ v: 1_764_000_000_000_000, bad: false })
    expect(one(T.TimestampType, '-1')).toEqual({ v: -1_000_000, bad: false })
    expect(one(T.TimestampType, '1764000000.5').bad).toBe(true)
    expect(one(T.TimestampType, '"2026-11-24 10:15:30"')).toEqual({
      v: 1_795_515_330_000_000,
      bad: false,
    })
    expect(one(T.TimestampType, '"2026-11-24"')).toEqual({ v: 20781 * 86_400_000_000, bad: false })
    expect(one(T.TimestampType, '"2026-11-24T10:15:30.123456789+01:00"')).toEqual({
      v: 1_795_515_330_123_456 - 3_600_000_000,
      bad: false,
    })
    // the legacy fallback drops "GMT": "2026-11-24 10:15:30 GMT+01:00" parses either way
    expect(one(T.TimestampType, '"2026GMT-11-24"')).toEqual({
      v: 20781 * 86_400_000_000,
      bad: false,
    })
    expect(one(T.TimestampType, '""').bad).toBe(true)
    expect(one(T.TimestampType, 'true').bad).toBe(true)
    expect(one(T.TimestampType, '"2026-11-24T10:15:30\\u005a"')).toEqual({
      v: 1_795_515_330_000_000,
      bad: false,
    })
  })

  it('TIMESTAMP with a user timestampFormat parses strictly without fallback', () => {
    const raw = { timestampFormat: "yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]" }
    expect(one(T.TimestampType, '"2026-11-24T10:15:30.123Z"', raw)).toEqual({
      v: 1_795_515_330_123_000,
      bad: false,
    })
    expect(one(T.TimestampType, '"2026-11-24T10:15:30"', raw)).toEqual({
      v: 1_795_515_330_000_000,
      bad: false,
    })
    expect(one(T.TimestampType, '"2026-11-24T10:15:30.123456"', raw).bad).toBe(true)
    expect(one(T.TimestampType, '"2026-11-24 10:15:30"', raw).bad).toBe(true)
  })

  it('DATE takes CAST-style strings and day-count strings', () => {
    expect(one(T.DateType, '"2026-11-24"')).toEqual({ v: 20781, bad: false })
    expect(one(T.DateType, '"2026-11-24T10:15:30"')).toEqual({ v: 20781, bad: false })
    // a 5-digit string is a year for stringToDate (20781-01-01, day 6870577 by leap-year arithmetic)
    expect(one(T.DateType, '"20781"')).toEqual({ v: 6870577, bad: false })
    // a 3-digit string is no date, so Spark's day-count fallback applies
    expect(one(T.DateType, '"123"')).toEqual({ v: 123, bad: false })
    expect(one(T.DateType, '"-5"')).toEqual({ v: -5, bad: false })
    expect(one(T.DateType, '20781').bad).toBe(true)
    expect(one(T.DateType, '"24/11/2026"').bad).toBe(true)
    expect(one(T.DateType, '"24/11/2026"', { dateFormat: 'dd/MM/yyyy' })).toEqual({
      v: 20781,
      bad: false,
    })
  })

  it('BINARY takes base64 strings', () => {
    expect(one(T.BinaryType, '"AQID"')).toEqual({ v: new Uint8Array([1, 2, 3]), bad: false })
    expect(one(T.BinaryType, '""')).toEqual({ v: new Uint8Array([]), bad: false })
    expect(one(T.BinaryType, '"!!"').bad).toBe(true)
  })

  it('JSON null is NULL for every type', () => {
    for (const t of [
      T.IntegerType,
      T.BooleanType,
      T.TimestampType,
      T.decimal(5, 2),
      T.array(T.LongType),
    ]) {
      expect(one(t, 'null')).toEqual({ v: null, bad: false })
    }
  })

  it('converts nested structs with partial results', () => {
    const t = structType([structField('x', T.IntegerType), structField('y', T.StringType)])
    expect(one(t, '{"y":"a","x":1,"z":0}')).toEqual({ v: [1, 'a'], bad: false })
    expect(one(t, '{"x":"bad","y":"a"}')).toEqual({ v: [null, 'a'], bad: true })
    expect(one(t, '[1]')).toEqual({ v: null, bad: true })
  })

  it('fails a whole array on a bad element but keeps partial struct elements', () => {
    expect(one(T.array(T.IntegerType), '[1, 2, 3]')).toEqual({ v: [1, 2, 3], bad: false })
    expect(one(T.array(T.IntegerType), '[1, "x", 3]')).toEqual({ v: null, bad: true })
    expect(one(T.array(T.IntegerType), '[1, null]')).toEqual({ v: [1, null], bad: false })
    const s = structType([structField('x', T.IntegerType), structField('y', T.StringType)])
    expect(one(T.array(s), '[{"x":1},{"x":"b","y":"c"}]')).toEqual({
      v: [
        [1, null],
        [null, 'c'],
      ],
      bad: true,
    })
    expect(one(T.array(T.array(T.LongType)), '[[1],[2,"x"]]')).toEqual({ v: null, bad: true })
  })

  it('reads maps with string keys, failing on a bad value but keeping partial structs', () => {
    expect(one(T.map(T.StringType, T.LongType), '{"a":1,"b":2}')).toEqual({
      v: new Map([
        ['a', 1],
        ['b', 2],
      ]),
      bad: false,
    })
    expect(one(T.map(T.StringType, T.LongType), '{"a":1,"b":"x"}')).toEqual({ v: null, bad: true })
    const s = structType([structField('x', T.IntegerType)])
    expect(one(T.map(T.StringType, s), '{"k":{"x":"no"}}')).toEqual({
      v: new Map([['k', [null]]]),
      bad: true,
    })
    expect(() => parser(structType([structField('m', T.map(T.IntegerType, T.LongType))]))).toThrow(
      /STRING keys/,
    )
  })
})

describe('JsonRecordParser — byte order marks, invalid UTF-8 and badRecordsPath (issue 14)', () => {
  const schema = structType([
    structField('a', T.LongType),
    structField('b', T.StringType),
    structField('_corrupt_record', T.StringType),
  ])
  const BOM = '\uFEFF'
  const bytes = (...parts: (string | number[])[]): Uint8Array =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))))

  it("reads the first record of a file that starts with a UTF-8 BOM (Hadoop's LineRecordReader drops it)", () => {
    const { rows, malformedLines } = parser(schema).parse(`${BOM}{"a":1}\n{"a":2}\n`, FILE)
    expect(rows).toEqual([
      [1, null, null],
      [2, null, null],
    ])
    expect(malformedLines).toBe(0)
  })

  it('skips a BOM starting a later line, as Jackson does per record, but a line of only a BOM is bad', () => {
    const { rows } = parser(schema).parse(
      `{"a":1}\n${BOM}{"a":2}\n${BOM}\n${BOM}${BOM}{"a":3}`,
      FILE,
    )
    expect(rows).toEqual([
      [1, null, null],
      [2, null, null],
      [null, null, BOM],
      [null, null, `${BOM}${BOM}{"a":3}`],
    ])
    // At the start of the file a BOM alone is an empty line; two are Hadoop's drop, then Jackson's.
    expect(parser(schema).parse(`${BOM}\n`, FILE).rows).toEqual([])
    expect(parser(schema).parse(`${BOM}${BOM}{"a":4}\n`, FILE).rows).toEqual([[4, null, null]])
  })

  it('makes a line whose value holds bytes that are not UTF-8 a bad record without partial results', () => {
    const decoded = decodeJsonText(
      bytes('{"a":1,"b":"x', [0xff], 'y"}\n{"a":2,"zz":"', [0xc3], '"}\n{"a":3}  ', [0x80], '\n'),
    )
    const { rows, malformedLines } = parser(schema).parse(
      decoded.text,
      FILE,
      1,
      decoded.invalidUtf8,
    )
    expect(rows).toEqual([
      [null, null, '{"a":1,"b":"x\uFFFDy"}'],
      // An unknown field is still read (skipped) by Jackson, so its bad bytes count too.
      [null, null, '{"a":2,"zz":"\uFFFD"}'],
      // Bytes after the value are never read.
      [3, null, null],
    ])
    expect(malformedLines).toBe(2)
    const error = (() => {
      try {
        parser(schema, { mode: 'FAILFAST' }).parse(decoded.text, FILE, 1, decoded.invalidUtf8)
      } catch (e) {
        return e
      }
    })()
    expect(error).toMatchObject({ code: 'SL_SOURCE_MALFORMED_RECORD', line: 1 })
    expect((error as Error).message).toContain(
      'not valid UTF-8 (an invalid byte sequence at column 14)',
    )
  })

  it('finds invalid UTF-8 on the right line of a large file parsed in chunks, lone CRs included', () => {
    const good = '{"a":1,"b":"' + 'p'.repeat(200) + '"}'
    const lines = Array.from({ length: 3000 }, () => good)
    const head = Buffer.from(lines.slice(0, 2500).join('\n') + '\n')
    const tail = Buffer.from('\r' + lines.slice(2501).join('\n') + '\n')
    const decoded = decodeJsonText(bytes([...head], '{"a":2,"b":"', [0xfe], '"}', [...tail]))
    expect(decoded.text.length).toBeGreaterThan(262_144)
    const p = parser(schema, { badRecordsPath: '/tmp/bad' })
    const parsed = parseInChunks(p, decoded, FILE)
    // Line 2501 is bad; the lone CR after it ends an empty line 2502.
    expect(parsed.badRecords).toEqual([
      {
        path: FILE,
        line: 2501,
        record: '{"a":2,"b":"\uFFFD"}',
        reason: 'the line is not valid UTF-8 (an invalid byte sequence at column 13)',
      },
    ])
    expect(parsed.rows).toHaveLength(2999)
    expect(parsed.malformedLines).toBe(1)
  })

  it('with badRecordsPath drops every bad record from the rows and returns it with line and reason', () => {
    const text = `{"a":1}\nnot json\n{"a":"x","b":"kept?"}\n\n[{"a":2},{"a":true}]\n{"a":3}`
    for (const mode of ['PERMISSIVE', 'DROPMALFORMED']) {
      const { rows, badRecords, malformedLines } = parser(schema, {
        mode,
        badRecordsPath: '/tmp/bad',
      }).parse(text, FILE)
      expect(rows).toEqual([
        [1, null, null],
        [3, null, null],
      ])
      expect(malformedLines).toBe(3)
      expect(badRecords.map((r) => [r.path, r.line, r.record])).toEqual([
        [FILE, 2, 'not json'],
        [FILE, 3, '{"a":"x","b":"kept?"}'],
        [FILE, 5, '[{"a":2},{"a":true}]'],
      ])
      expect(badRecords[1]!.reason).toBe('field \'a\' cannot be read as bigint from "x"')
      expect(badRecords[0]!.reason).toMatch(/^the line is not a JSON object or array|invalid JSON/)
    }
    // Without it nothing is collected (PERMISSIVE keeps the rows, as Spark does).
    const plain = parser(schema).parse(text, FILE)
    expect(plain.badRecords).toEqual([])
    expect(plain.rows).toHaveLength(6)
  })
})

describe('parseOptions', () => {
  it('accepts case-insensitive keys and mode values with defaults', () => {
    expect(parseOptions({ MODE: 'dropMalformed' }, 'UTC')).toEqual({
      mode: 'DROPMALFORMED',
      columnNameOfCorruptRecord: '_corrupt_record',
      timeZone: 'UTC',
    })
    expect(parseOptions({}, 'America/Los_Angeles').timeZone).toBe('America/Los_Angeles')
  })

  it('names the bad option', () => {
    expect(() => parseOptions({ mode: 'LENIENT' })).toThrow(/Option mode .*LENIENT/)
    expect(() => parseOptions({ timeZone: 'Nowhere/City' })).toThrow(/Option timeZone/)
    expect(() => parseOptions({ columnNameOfCorruptRecord: '' })).toThrow(
      /columnNameOfCorruptRecord/,
    )
    expect(() => parseOptions({ badRecordsPath: ' ' })).toThrow(/Option badRecordsPath/)
    expect(() => parseOptions({ badRecordsPath: '/tmp/bad', mode: 'failfast' })).toThrow(
      /badRecordsPath of the json reader cannot be combined with mode FAILFAST.*Remove mode FAILFAST/,
    )
    expect(() => parser(structType([]), { timestampFormat: 'yyyy-MM-dd QQQ' })).toThrow(
      /timestampFormat/,
    )
  })
})

/**
 * from_json with Spark's rules (functions.from_json; Spark 3+ PERMISSIVE keeps the fields that
 * parsed): a struct of the schema's fields, null for a null or blank input, partial values for a
 * malformed one in PERMISSIVE, a failure naming the record in FAILFAST, DROPMALFORMED refused,
 * and the binary → string cast a Kafka value needs first.
 */
import { describe, expect, it } from 'vitest'
import { col, from_json, SparkSession } from '../../src/index.js'

const spark = (): SparkSession => {
  const s = SparkSession.builder().getOrCreate().newSession()
  s.conf.set('spark.sql.session.timeZone', 'UTC')
  return s
}

describe('from_json', () => {
  it('parses each value into the schema; null and blank give null; malformed keeps what parsed', async () => {
    const df = spark().createDataFrame(
      [
        ['{"id": 1, "name": "a", "ts": "2026-01-02T03:04:05Z"}'],
        ['{"id": "x", "name": "b"}'],
        ['{"id": 3, "name": '],
        [null],
        [''],
        ['{"name": "multi\\nline",\n "id": 4}'],
      ],
      'json STRING',
    )
    const parsed = df.select(from_json(col('json'), 'id INT, name STRING, ts TIMESTAMP').alias('e'))
    const { schema, rows } = await parsed.collectRows()
    expect(schema.fields[0]!.dataType).toMatchObject({ type: 'struct' })
    expect(schema.fields[0]!.nullable).toBe(true)
    expect(rows.map((r) => r[0])).toEqual([
      [1, 'a', Date.UTC(2026, 0, 2, 3, 4, 5) * 1000],
      [null, 'b', null],
      // A syntax error leaves no partial result (Jackson fails the record before converting
      // fields), as the JSON file source does — oracle-checked in json-parse-modes scenarios.
      [null, null, null],
      null,
      null,
      [4, 'multi\nline', null],
    ])
  })

  it('a top-level JSON array is a malformed record (all-null struct), not its first element, as Spark', async () => {
    // Spark's from_json parses with allowArrayAsStructs = false; the JSON file source would read
    // [{…}] as one row per element. Oracle-checked in test/oracle/scenarios/kafka.ts.
    const df = spark().createDataFrame([['[{"v": 3}]'], ['[]'], ['{"v": 4}']], 'json STRING')
    const rows = await df.select(from_json(col('json'), 'v INT').alias('j')).collectRows()
    expect(rows.rows.map((r) => r[0])).toEqual([[null], [null], [4]])
    await expect(
      df.select(from_json(col('json'), 'v INT', { mode: 'FAILFAST' })).collectRows(),
    ).rejects.toMatchObject({ code: 'SL_SOURCE_MALFORMED_RECORD' })
  })

  it('a Kafka-like binary value is cast to string first; a binary input is a type error naming the cast', async () => {
    const df = spark().createDataFrame([[new TextEncoder().encode('{"v": 7}')]], 'value BINARY')
    const rows = await df
      .select(from_json(col('value').cast('string'), 'v INT').alias('j'))
      .collectRows()
    expect(rows.rows[0]![0]).toEqual([7])
    expect(() => df.select(from_json(col('value'), 'v INT'))).toThrow(/cast/)
  })

  it('FAILFAST fails on a malformed value; DROPMALFORMED is refused as in Spark', async () => {
    const df = spark().createDataFrame([['{"v": 1'], ['{"v": 2}']], 'json STRING')
    await expect(
      df.select(from_json(col('json'), 'v INT', { mode: 'FAILFAST' })).collectRows(),
    ).rejects.toMatchObject({ code: 'SL_SOURCE_MALFORMED_RECORD' })
    expect(() => from_json(col('json'), 'v INT', { mode: 'DROPMALFORMED' })).toThrow(/PERMISSIVE/)
  })
})

describe('nested columns', () => {
  it("col('data.f') reads a struct field (named f, nullable when the struct is); select('data.*') expands it", async () => {
    const df = spark()
      .createDataFrame([['{"id": 1, "tags": {"a": "x"}}'], ['oops'], [null]], 'json STRING')
      .select(from_json(col('json'), 'id INT, tags STRUCT<a: STRING>').alias('data'))
    const byName = await df.select(col('data.id'), col('data.tags.a')).collectRows()
    expect(byName.schema.fields.map((f) => `${f.name}:${f.dataType.type}:${f.nullable}`)).toEqual([
      'id:integer:true',
      'a:string:true',
    ])
    expect(byName.rows).toEqual([
      [1, 'x'],
      [null, null],
      [null, null],
    ])
    const star = await df.select('data.*').collectRows()
    expect(star.schema.fields.map((f) => f.name)).toEqual(['id', 'tags'])
    expect(star.rows).toEqual([
      [1, ['x']],
      [null, null],
      [null, null],
    ])
    expect(() => df.select('data.id.*')).toThrow(/struct/)
    expect(() => df.select(col('data.nope'))).toThrow(/nope/)
  })
})

/**
 * to_json, struct and Column.getField with Spark's rules (functions.to_json / JacksonGenerator,
 * CreateStruct, ExtractValue): null fields left out unless ignoreNullFields=false, timestamps as
 * yyyy-MM-dd'T'HH:mm:ss.SSS plus the offset in the session zone (or the timeZone option), maps
 * and arrays as JSON, null input → null; struct fields named after columns and aliases, col<n>
 * otherwise; getField reads a struct field (case-insensitively) or a map value and is named
 * <column>.<field>. The same scenario runs against Spark in test/oracle/scenarios/functions.ts.
 */
import { describe, expect, it } from 'vitest'
import { col, from_json, lit, SparkSession, struct, to_json } from '../../src/index.js'

const spark = (zone = 'UTC'): SparkSession => {
  const s = SparkSession.builder().getOrCreate().newSession()
  s.conf.set('spark.sql.session.timeZone', zone)
  return s
}

const ts = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678))

describe('to_json and struct', () => {
  it('writes a struct as Spark: nulls left out, timestamps with milliseconds and offset', async () => {
    const df = spark().createDataFrame(
      [
        { id: 1, name: 'a', ts, d: '2024-10-04', price: 9.5 },
        { id: 2, name: null, ts: null, d: null, price: null },
      ],
      'id INT, name STRING, ts TIMESTAMP, d DATE, price DOUBLE',
    )
    const out = await df
      .select(
        to_json(struct('id', 'name', 'ts', 'd', 'price')).alias('j'),
        to_json(struct(col('id'), col('name')), { ignoreNullFields: 'false' }).alias('withNulls'),
        to_json(struct(col('ts')), { timestampFormat: 'yyyy-MM-dd HH:mm:ss' }).alias('fmt'),
      )
      .collect()
    expect(out).toEqual([
      {
        j: '{"id":1,"name":"a","ts":"2026-01-02T03:04:05.678Z","d":"2024-10-04","price":9.5}',
        withNulls: '{"id":1,"name":"a"}',
        fmt: '{"ts":"2026-01-02 03:04:05"}',
      },
      { j: '{"id":2}', withNulls: '{"id":2,"name":null}', fmt: '{}' },
    ])
  })

  it('uses the session time zone (or the timeZone option) for timestamps', async () => {
    const df = spark('America/Los_Angeles').createDataFrame([{ ts }], 'ts TIMESTAMP')
    const out = await df
      .select(
        to_json(struct('ts')).alias('la'),
        to_json(struct('ts'), { timeZone: 'Asia/Kolkata' }).alias('ist'),
      )
      .collect()
    expect(out).toEqual([
      {
        la: '{"ts":"2026-01-01T19:04:05.678-08:00"}',
        ist: '{"ts":"2026-01-02T08:34:05.678+05:30"}',
      },
    ])
  })

  it('maps, arrays and nested structs; a null input gives null', async () => {
    const df = spark().createDataFrame(
      [
        { m: new Map([['k', 1]]), a: [1, null, 3], s: { x: 'y', n: [{ p: true }] } },
        { m: null, a: null, s: null },
      ],
      'm MAP<STRING, INT>, a ARRAY<INT>, s STRUCT<x: STRING, n: ARRAY<STRUCT<p: BOOLEAN>>>',
    )
    const out = await df
      .select(to_json('m').alias('m'), to_json('a').alias('a'), to_json(col('s')).alias('s'))
      .collect()
    expect(out).toEqual([
      { m: '{"k":1}', a: '[1,null,3]', s: '{"x":"y","n":[{"p":true}]}' },
      { m: null, a: null, s: null },
    ])
  })

  it('names struct fields after columns and aliases, col<n> otherwise; to_json of an int is refused', async () => {
    const df = spark().createDataFrame([{ a: 1, b: 'x' }], 'a INT, b STRING')
    const s = df.select(
      struct(col('a'), col('b').alias('renamed'), lit(7), col('a').plus(1)).alias('s'),
    )
    const { schema } = await s.collectRows()
    expect(schema.fields[0]!.nullable).toBe(false)
    expect(schema.fields[0]!.dataType).toMatchObject({
      type: 'struct',
      fields: [{ name: 'a' }, { name: 'renamed' }, { name: 'col3' }, { name: 'col4' }],
    })
    expect(await s.select(to_json('s').alias('j')).collect()).toEqual([
      { j: '{"a":1,"renamed":"x","col3":7,"col4":2}' },
    ])
    expect(() => df.select(to_json('a')).schema).toThrow(/to_json/)
    // struct('*') takes every column, as Spark expands the star.
    expect(await df.select(to_json(struct('*')).alias('j')).collect()).toEqual([
      { j: '{"a":1,"b":"x"}' },
    ])
    expect(await df.select(to_json(struct(col('*'), lit(true))).alias('j')).collect()).toEqual([
      // Named by its position after the star's expansion, as Spark's CreateStruct sees it.
      { j: '{"a":1,"b":"x","col3":true}' },
    ])
  })
})

describe('Column.getField', () => {
  it('reads a struct field (any case) or a map value, named <column>.<field>', async () => {
    const df = spark().createDataFrame(
      [
        { v: '{"user_id": 7, "kind": "click"}', m: new Map([['k', 'v']]) },
        { v: null, m: null },
      ],
      'v STRING, m MAP<STRING, STRING>',
    )
    const parsed = df.select(
      from_json(col('v'), 'user_id INT, kind STRING').alias('data'),
      col('m'),
    )
    const out = parsed.select(
      col('data').getField('user_id'),
      col('data').getField('KIND'),
      col('m').getField('k'),
      col('m').getField('missing'),
    )
    const { schema, rows } = await out.collectRows()
    expect(schema.fields.map((f) => f.name)).toEqual([
      'data.user_id',
      'data.kind',
      'm.k',
      'm.missing',
    ])
    expect(rows).toEqual([
      [7, 'click', 'v', null],
      [null, null, null, null],
    ])
    expect(() => parsed.select(col('data').getField('nope')).schema).toThrow(/nope/)
  })
})

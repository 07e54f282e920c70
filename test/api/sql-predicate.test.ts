import { describe, expect, it } from 'vitest'
import { parseSqlPredicate } from '../../src/api/sql-predicate.js'
import { SparkSession } from '../../src/index.js'
import { parseDdlSchema } from '../../src/types/index.js'

const spark = SparkSession.builder().getOrCreate().newSession()
const rows = [
  { id: 1, day: '2026-01-01', s: "it's", n: null },
  { id: 2, day: '2026-01-15', s: 'b', n: 5 },
  { id: 3, day: '2026-02-01', s: 'c', n: -2.5 },
]
const schema = parseDdlSchema('id INT, day DATE, s STRING, n DOUBLE')
const df = spark.createDataFrame(rows, schema)

/** The ids of the rows the predicate keeps (Spark's WHERE: null is not kept). */
async function ids(sql: string): Promise<unknown[]> {
  const { column } = parseSqlPredicate(sql, schema)
  return (await df.where(column).collect()).map((r) => r['id'])
}

describe('parseSqlPredicate (replaceWhere)', () => {
  it('comparisons, AND/OR/NOT, parentheses, typed and quoted literals', async () => {
    expect(await ids("day >= '2026-01-01' AND day < DATE '2026-02-01'")).toEqual([1, 2])
    expect(await ids('id = 1 OR (id <> 2 AND NOT id == 1)')).toEqual([1, 3])
    expect(await ids("s = 'it''s'")).toEqual([1])
    expect(await ids('n < -1')).toEqual([3])
    expect(await ids('`id` != 2')).toEqual([1, 3])
    // A string compared with a date column is a date (Spark's coercion), either side.
    expect(await ids("'2026-01-15' = day OR day IN ('2026-02-01')")).toEqual([2, 3])
  })

  it('IN, BETWEEN, IS [NOT] NULL, <=> and null semantics', async () => {
    expect(await ids("s IN ('b', 'c')")).toEqual([2, 3])
    expect(await ids('id NOT IN (1, 3)')).toEqual([2])
    expect(await ids('id BETWEEN 2 AND 3')).toEqual([2, 3])
    expect(await ids('n IS NULL')).toEqual([1])
    expect(await ids('n IS NOT NULL')).toEqual([2, 3])
    expect(await ids('n > 0 OR n <= 0')).toEqual([2, 3]) // null for id 1
    expect(await ids('n <=> NULL')).toEqual([1])
  })

  it('arithmetic binds tighter than comparisons; dotted names reach struct fields', async () => {
    expect(await ids('id * 2 + 1 = 5')).toEqual([2])
    expect(await ids('n - 1 < -3 OR id % 3 = 0')).toEqual([3])
    expect(await ids('id / 2 >= 1')).toEqual([2, 3])
    const nested = spark.createDataFrame([[[1, 'a']], [[2, 'b']]], 't STRUCT<id: INT, v: STRING>')
    const where = parseSqlPredicate("t.id = 2 OR t.`v` = 'a'", nested.schema)
    expect(where.columns).toEqual(['t.id', 't.v'])
    expect((await nested.where(where.column).collectRows()).rows.length).toBe(2)
  })

  it('names the columns it reads', () => {
    expect(parseSqlPredicate("day = '2026-01-01' AND (s = 'x' OR day IS NULL)").columns).toEqual([
      'day',
      's',
    ])
  })

  it('refuses what it cannot read, naming the option and the position', () => {
    for (const bad of ["day = 'x", 'id = ', 'id LIKE 1', 'upper(s) = 1', 'id = 1 id'])
      expect(() => parseSqlPredicate(bad)).toThrow(
        expect.objectContaining({ code: 'SL_API_INVALID_OPTION', option: 'replaceWhere' }),
      )
    expect(() => parseSqlPredicate('id = 1 id')).toThrow(/position 8/)
  })
})

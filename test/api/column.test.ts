import { describe, expect, it } from 'vitest'
import { EngineError, SparkSession, asc, col, count, desc, sum, upper } from '../../src/index.js'

const spark = SparkSession.builder().getOrCreate().newSession()

const df = () =>
  spark.createDataFrame(
    [
      { a: 1, b: 'x' },
      { a: 2, b: null },
    ],
    'a INT, b STRING',
  )

/** The SL_ code and message of what `f` throws. */
function failure(f: () => unknown): { code: string; message: string } {
  try {
    f()
  } catch (e) {
    if (e instanceof EngineError) return { code: e.code, message: e.message }
    throw e
  }
  throw new Error('expected an error')
}

describe('Column sort orders outside orderBy/sort', () => {
  // Spark 4.2 (PySpark, checked): select/withColumn/groupBy/agg/join conditions accept a SortOrder
  // at analysis (select's column is named 'a DESC NULLS LAST') and the query then fails with
  // INTERNAL_ERROR "Cannot evaluate expression: ... DESC NULLS LAST"; filter fails with
  // FILTER_NOT_BOOLEAN for an INT key; desc() + 1, desc().alias(), desc().asc() fail even in
  // orderBy. We refuse all of them where they are written.
  it('refuses a sort order in select, withColumn, filter, groupBy, agg and a join condition, naming the method', () => {
    const other = spark.createDataFrame([{ a: 1, c: 'p' }], 'a INT, c STRING')
    const cases: [string, () => unknown][] = [
      ['select', () => df().select(col('a').desc())],
      ['withColumn', () => df().withColumn('z', col('a').asc_nulls_last())],
      ['filter', () => df().filter(col('a').gt(1).desc())],
      ['filter', () => df().where(col('a').gt(1).asc())],
      ['groupBy', () => df().groupBy(col('b').desc_nulls_first())],
      ['agg', () => df().agg(sum('a').desc())],
      ['agg', () => df().groupBy('b').agg(count('a').asc())],
      ['join', () => df().join(other, df().col('a').eq(other.col('a')).desc())],
    ]
    for (const [usage, f] of cases) {
      const { code, message } = failure(f)
      expect(code).toBe('SL_API_SORT_ORDER_OUTSIDE_SORT')
      expect(message).toContain(`it was given to ${usage}.`)
    }
    expect(failure(() => df().select(col('a').desc())).message).toMatch(
      /^a DESC NULLS LAST is a sort order \(made by desc\(\)\)/,
    )
    expect(failure(() => df().select(asc('b'))).message).toContain('b ASC NULLS FIRST')
    expect(failure(() => df().select(col('a').desc_nulls_first())).message).toContain(
      'a DESC NULLS FIRST is a sort order (made by desc_nulls_first())',
    )
  })

  it('refuses a sort order inside another expression, also as an orderBy key', () => {
    const cases: [string, () => unknown][] = [
      ['plus', () => col('a').desc().plus(1)],
      ['eq', () => col('a').eq(col('b').desc())],
      ['alias', () => desc('a').alias('q')],
      ['cast', () => col('a').desc().cast('string')],
      ['isNull', () => col('a').desc().isNull()],
      ['asc', () => df().orderBy(col('a').desc().asc())],
      ['a function', () => upper(col('b').desc())],
      ['a function', () => sum(col('a').desc())],
    ]
    for (const [usage, f] of cases) {
      const { code, message } = failure(f)
      expect(code).toBe('SL_API_SORT_ORDER_OUTSIDE_SORT')
      expect(message).toContain(`it was given to ${usage}.`)
    }
  })

  it('keeps sort orders working as orderBy/sort keys', async () => {
    const rows = await df().orderBy(col('a').desc()).collect()
    expect(rows.map((r) => r['a'])).toEqual([2, 1])
    const byB = await df().sort(col('b').asc_nulls_last()).collect()
    expect(byB.map((r) => r['b'])).toEqual(['x', null])
  })
})

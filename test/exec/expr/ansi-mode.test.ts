/**
 * spark.sql.ansi.enabled=false (exec/expr/compile-expression.ts, cast-value.ts 'legacy'): casts
 * and arithmetic follow Spark's non-ANSI rules. Expected values are Spark 4.2's for the same
 * expressions with the setting false (test/oracle/ansi-mode.spark.ts runs them on both).
 */
import { describe, expect, it } from 'vitest'
import { SparkSession, col } from '../../../src/index.js'
import { MemoryStream, addData, checkAnswer, testStream } from '../../../src/testing/index.js'

function session(ansi?: string): SparkSession {
  const spark = SparkSession.builder().getOrCreate().newSession()
  spark.conf.set('spark.sql.session.timeZone', 'UTC')
  if (ansi !== undefined) spark.conf.set('spark.sql.ansi.enabled', ansi)
  return spark
}

describe('spark.sql.ansi.enabled', () => {
  it('false: legacy casts wrap, saturate, truncate a string fraction and null the rest', async () => {
    const spark = session('false')
    const cast = async (value: string, from: string, to: string) =>
      (
        await spark
          .createDataFrame([[value]], 'x STRING')
          .select(col('x').cast(from).cast(to))
          .collectRows()
      ).rows[0]![0]
    expect(await cast('2147483648', 'BIGINT', 'INT')).toBe(-2147483648)
    expect(await cast('-129', 'INT', 'TINYINT')).toBe(127)
    expect(await cast('3e10', 'DOUBLE', 'INT')).toBe(2147483647)
    expect(await cast('NaN', 'DOUBLE', 'INT')).toBe(0)
    expect(await cast('Infinity', 'DOUBLE', 'BIGINT')).toBe(9223372036854775807n)
    expect(await cast('9999999999.5', 'DECIMAL(11,1)', 'INT')).toBe(1410065407)
    expect(await cast('1.9', 'STRING', 'INT')).toBe(1)
    expect(await cast('300', 'STRING', 'TINYINT')).toBeNull()
    expect(await cast('abc', 'STRING', 'INT')).toBeNull()
    expect(await cast('12345', 'INT', 'DECIMAL(3,0)')).toBeNull()
  })

  // Spark 4.2 with the setting false: 2147483647 + 1 = -2147483648, * 2 = -2,
  // 9223372036854775807L + 1 = -9223372036854775808, 1 / 0, 5 % 0 and 1.5BD / 0 are null,
  // CAST(99…9 (38 digits) AS DECIMAL(38,0)) + 1 is null.
  it('false: integral arithmetic wraps; division by zero and decimal overflow are null', async () => {
    const spark = session('false')
    const df = spark.createDataFrame(
      [[2147483647, 9223372036854775807n, '1.5', '9'.repeat(38)]],
      'i INT, l BIGINT, d STRING, m STRING',
    )
    const { rows } = await df
      .select(
        col('i').plus(1),
        col('i').multiply(2),
        col('l').plus(1),
        col('i').divide(0),
        col('i').mod(0),
        col('d').cast('DECIMAL(2,1)').divide(0),
        col('m').cast('DECIMAL(38,0)').plus(1),
      )
      .collectRows()
    expect(rows[0]).toEqual([-2147483648, -2, -9223372036854775808n, null, null, null, null])
  })

  it('true (the default): int overflow fails as Spark ARITHMETIC_OVERFLOW; try_cast is null either way', async () => {
    for (const spark of [session(), session('TRUE')]) {
      const df = spark.createDataFrame([[2147483647, 'x']], 'i INT, s STRING')
      await expect(df.select(col('i').plus(1)).collectRows()).rejects.toMatchObject({
        code: 'SL_EXEC_ARITHMETIC_OVERFLOW',
      })
      await expect(df.select(col('s').cast('int')).collectRows()).rejects.toMatchObject({
        code: 'SL_EXEC_CAST_INVALID_INPUT',
      })
      const t = await df
        .select(col('s').try_cast('int'), col('i').try_cast('smallint'))
        .collectRows()
      expect(t.schema.fields.map((f) => f.name)).toEqual(['s', 'i'])
      expect(t.rows).toEqual([[null, null]])
    }
  })

  it('a stream reads it when it starts', async () => {
    const spark = session('false')
    const input = new MemoryStream(spark, 'i INT')
    const df = input.toDF().select(col('i').plus(1).alias('j'), col('i').divide(0).alias('q'))
    await testStream(df, 'append', [
      addData(input, { i: 2147483647 }, { i: 1 }),
      checkAnswer({ j: -2147483648, q: null }, { j: 2, q: null }),
    ])
  })

  it('refuses a value that is not true or false', () => {
    expect(() => session().conf.set('spark.sql.ansi.enabled', 'maybe')).toThrow(
      expect.objectContaining({ code: 'SL_API_INVALID_OPTION' }),
    )
  })
})

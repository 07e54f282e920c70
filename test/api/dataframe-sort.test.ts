import { describe, expect, it } from 'vitest'
import { SparkSession, asc, col, count, desc } from '../../src/index.js'
import { MemoryStream } from '../../src/testing/index.js'

const spark = SparkSession.builder().getOrCreate().newSession()

const people = () =>
  spark.createDataFrame(
    [
      { name: 'b', age: 30, city: 'x' },
      { name: 'a', age: null, city: 'y' },
      { name: 'c', age: 25, city: null },
      { name: 'd', age: 30, city: 'y' },
    ],
    'name STRING, age INT, city STRING',
  )

describe('DataFrame.orderBy / sort', () => {
  it('sorts by names ascending with nulls first, Columns with their direction, keys in turn', async () => {
    const names = async (df: ReturnType<typeof people>) =>
      (await df.collect()).map((r) => r['name'])
    expect(await names(people().orderBy('age', 'name'))).toEqual(['a', 'c', 'b', 'd'])
    expect(await names(people().sort(col('age').desc(), desc('name')))).toEqual([
      'd',
      'b',
      'c',
      'a',
    ])
    expect(await names(people().orderBy(col('age').asc_nulls_last(), asc('city')))).toEqual([
      'c',
      'b',
      'd',
      'a',
    ])
    expect(await names(people().orderBy(col('city').desc_nulls_first(), 'name'))).toEqual([
      'c',
      'a',
      'd',
      'b',
    ])
    expect(people().orderBy(col('age').desc()).explain()).toContain(
      'Sort [age DESC NULLS LAST], true',
    )
  })

  it('sorts a projection by a column it dropped, as Spark resolves missing references', async () => {
    const df = people()
      .select(col('name'), col('age').plus(1).alias('next'))
      .orderBy(desc('city'), 'name')
    expect(df.columns).toEqual(['name', 'next'])
    expect(await df.collect()).toEqual([
      { name: 'a', next: null },
      { name: 'd', next: 31 },
      { name: 'b', next: 31 },
      { name: 'c', next: 26 },
    ])
  })

  it('refuses an unknown column and a map key', async () => {
    expect(() => people().orderBy('nope').schema).toThrow(
      expect.objectContaining({ code: 'SL_PLAN_UNRESOLVED_COLUMN' }),
    )
    const maps = spark.createDataFrame([{ m: new Map([['k', 1]]) }], 'm MAP<STRING, INT>')
    expect(() => maps.orderBy('m').schema).toThrow(
      expect.objectContaining({ code: 'SL_PLAN_TYPE_MISMATCH' }),
    )
  })

  it('a stream sorts only over an aggregation in complete mode, as Spark', async () => {
    const input = new MemoryStream(spark, 'k STRING, v INT')
    const raw = input.toDF().orderBy('v')
    await expect(
      raw.writeStream.format('memory').queryName('sorted_raw').start(),
    ).rejects.toMatchObject({ code: 'SL_PLAN_UNSUPPORTED_OPERATION' })
    const counts = input
      .toDF()
      .groupBy('k')
      .agg(count('*').alias('n'))
      .orderBy(col('n').desc(), 'k')
    await expect(
      counts.writeStream.format('memory').queryName('sorted_update').outputMode('update').start(),
    ).rejects.toMatchObject({ code: 'SL_PLAN_UNSUPPORTED_OPERATION' })
    const q = await counts.writeStream
      .format('memory')
      .queryName('sorted_complete')
      .outputMode('complete')
      .start()
    input.addData({ k: 'a', v: 1 }, { k: 'b', v: 2 }, { k: 'b', v: 3 }, { k: 'c', v: 4 })
    await q.processAllAvailable()
    input.addData({ k: 'c', v: 5 }, { k: 'c', v: 6 })
    await q.processAllAvailable()
    await q.stop()
    expect(await spark.table('sorted_complete').collect()).toEqual([
      { k: 'c', n: 3 },
      { k: 'b', n: 2 },
      { k: 'a', n: 1 },
    ])
  })
})

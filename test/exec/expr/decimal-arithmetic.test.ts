/**
 * Decimal arithmetic and aggregates with Spark's result types and exact values. Every expected
 * type and value here is what Spark 4.2 (ANSI mode) printed for the same expression.
 */
import { describe, expect, it } from 'vitest'
import {
  avg,
  col,
  count,
  Decimal,
  lit,
  max,
  min,
  simpleString,
  SparkSession,
  sum,
  type RowObject,
} from '../../../src/index.js'

const spark = SparkSession.builder().getOrCreate().newSession()
const d = (text: string): Decimal => Decimal.parse(text)!

async function typesAndRow(df: ReturnType<typeof spark.createDataFrame>) {
  const schema = await df.resolveSchema()
  const [row] = await df.collect()
  return {
    types: schema.fields.map((f) => simpleString(f.dataType)),
    values: schema.fields.map((f) => String((row as RowObject)[f.name])),
  }
}

describe('decimal arithmetic', () => {
  it('+ - * / % of two decimals: Spark’s result types, exact values rounded HALF_UP', async () => {
    const df = spark
      .createDataFrame(
        [{ a: '1.25', b: '2', ten: '10', three: '3' }],
        'a DECIMAL(5,2), b DECIMAL(10,4), ten DECIMAL(5,2), three DECIMAL(10,4)',
      )
      .select(
        col('a').plus(col('b')).alias('s'),
        col('a').multiply(col('three')).alias('m'),
        lit(d('1')).cast('DECIMAL(5,2)').divide(col('three')).alias('q'),
        col('ten').mod(col('three')).alias('r'),
        col('a').minus(col('b')).alias('n'),
      )
    expect(await typesAndRow(df)).toEqual({
      types: ['decimal(11,4)', 'decimal(16,6)', 'decimal(20,13)', 'decimal(7,4)', 'decimal(11,4)'],
      values: ['3.2500', '3.750000', '0.3333333333333', '1.0000', '-0.7500'],
    })
  })

  it('integral operands widen (a literal by its digits); a double makes it double', async () => {
    const df = spark
      .createDataFrame([{ a: '1.25', i: 1, l: 1n }], 'a DECIMAL(5,2), i INT, l BIGINT')
      .select(
        col('a').plus(lit(1)).alias('lit1'),
        col('a').multiply(2).alias('times2'),
        col('a').plus(col('i')).alias('int'),
        col('a').plus(col('l')).alias('long'),
        col('a').plus(1.5).alias('dbl'),
        col('a').divide(2).alias('half'),
      )
    expect(await typesAndRow(df)).toEqual({
      types: [
        'decimal(6,2)',
        'decimal(7,2)',
        'decimal(13,2)',
        'decimal(23,2)',
        'double',
        'decimal(9,6)',
      ],
      values: ['2.25', '2.50', '2.25', '2.25', '2.75', '0.625000'],
    })
  })

  it('past 38 digits the scale shrinks (allowPrecisionLoss); an overflow fails as in ANSI mode', async () => {
    const max38 = '99999999999999999999.999999999999999999'
    const df = spark
      .createDataFrame(
        [{ x: '1.25', one: '1', three: '3', big: max38 }],
        'x DECIMAL(38,18), one DECIMAL(38,18), three DECIMAL(38,18), big DECIMAL(38,18)',
      )
      .select(
        col('x').multiply(col('x')).alias('sq'),
        col('one').divide(col('three')).alias('third'),
        col('big').plus(col('big')).alias('twice'),
      )
    expect(await typesAndRow(df)).toEqual({
      types: ['decimal(38,6)', 'decimal(38,6)', 'decimal(38,17)'],
      values: ['1.562500', '0.333333', '200000000000000000000.00000000000000000'],
    })
    const overflow = spark
      .createDataFrame([{ big: max38 }], 'big DECIMAL(38,18)')
      .select(col('big').multiply(col('big')))
    await expect(overflow.collect()).rejects.toMatchObject({ code: 'SL_EXEC_DECIMAL_OVERFLOW' })
    const byZero = spark
      .createDataFrame([{ a: '1', z: '0' }], 'a DECIMAL(5,2), z DECIMAL(5,2)')
      .select(col('a').divide(col('z')))
    await expect(byZero.collect()).rejects.toMatchObject({ code: 'SL_EXEC_DIVIDE_BY_ZERO' })
  })

  it('casts round HALF_UP, truncate to integers, and compare by value across scales', async () => {
    const df = spark
      .createDataFrame(
        [{ x: '123.456', y: '-123.45', z: '-123.556' }],
        'x DECIMAL(6,3), y DECIMAL(6,2), z DECIMAL(6,3)',
      )
      .select(
        col('x').cast('DECIMAL(4,1)').alias('a'),
        col('y').cast('DECIMAL(4,1)').alias('b'),
        col('x').cast('INT').alias('i'),
        col('z').cast('BIGINT').alias('l'),
        lit('1.005').cast('DECIMAL(10,2)').alias('e'),
        lit(d('1.5'))
          .equalTo(lit(d('1.50')))
          .alias('eq'),
        lit(d('1.5')).lt(2).alias('lt'),
        lit(d('1.5')).gt(1.4).alias('gt'),
        lit(d('-1.5')).negate().alias('neg'),
      )
    expect(await typesAndRow(df)).toEqual({
      types: [
        'decimal(4,1)',
        'decimal(4,1)',
        'int',
        'bigint',
        'decimal(10,2)',
        'boolean',
        'boolean',
        'boolean',
        'decimal(2,1)',
      ],
      values: ['123.5', '-123.5', '123', '-123', '1.01', 'true', 'true', 'true', '1.5'],
    })
  })
})

describe('decimal aggregates', () => {
  it('sum is decimal(p+10,s) and avg decimal(p+4,s+4), exact; min/max/groups by value', async () => {
    const df = spark.createDataFrame(
      [{ x: '1.005' }, { x: '2.0' }, { x: '-0.5' }],
      'x DECIMAL(9,3)',
    )
    expect(await typesAndRow(df.agg(sum('x'), avg('x')))).toEqual({
      types: ['decimal(19,3)', 'decimal(13,7)'],
      values: ['2.505', '0.8350000'],
    })
    const thirds = spark.createDataFrame([{ x: '1' }, { x: '2' }, { x: '2' }], 'x DECIMAL(10,2)')
    expect(await typesAndRow(thirds.agg(avg('x')))).toEqual({
      types: ['decimal(14,6)'],
      values: ['1.666667'],
    })
    const wide = spark.createDataFrame([{ x: '1' }, { x: '2' }], 'x DECIMAL(38,18)')
    expect(await typesAndRow(wide.agg(sum('x'), avg('x')))).toEqual({
      types: ['decimal(38,18)', 'decimal(38,22)'],
      values: ['3.000000000000000000', '1.5000000000000000000000'],
    })
    const max38 = '99999999999999999999.999999999999999999'
    await expect(
      spark
        .createDataFrame([{ x: max38 }, { x: max38 }], 'x DECIMAL(38,18)')
        .agg(sum('x'))
        .collect(),
    ).rejects.toMatchObject({ code: 'SL_EXEC_DECIMAL_OVERFLOW' })

    // Spark 4.2: avg of decimal(38,18) values with 20 integer digits does not fit decimal(38,22).
    await expect(
      spark
        .createDataFrame([{ x: max38 }, { x: '0' }], 'x DECIMAL(38,18)')
        .agg(avg('x'))
        .collect(),
    ).rejects.toMatchObject({ code: 'SL_EXEC_DECIMAL_OVERFLOW' })

    const g = spark.createDataFrame([{ x: '1.5' }, { x: '-2' }, { x: '1.500' }], 'x DECIMAL(9,3)')
    const [mm] = await g.agg(min('x').alias('lo'), max('x').alias('hi')).collect()
    expect([String(mm!['lo']), String(mm!['hi'])]).toEqual(['-2.000', '1.500'])
    const groups = await g.groupBy('x').agg(count('x').alias('n')).collect()
    expect(groups.map((r) => [String(r['x']), r['n']]).sort()).toEqual([
      ['-2.000', 1],
      ['1.500', 2],
    ])
    expect((await g.dropDuplicates(['x']).collect()).length).toBe(2)
  })
})

describe('decimal unions', () => {
  it('widen as Spark’s widerDecimalType and rescale every value to the union’s scale', async () => {
    const a = spark.createDataFrame([{ x: '1.5' }], 'x DECIMAL(10,2)')
    const b = spark.createDataFrame([{ x: '123456789.125' }], 'x DECIMAL(12,3)')
    const u = a.union(b)
    expect(simpleString((await u.resolveSchema()).fields[0]!.dataType)).toBe('decimal(12,3)')
    expect((await u.collect()).map((r) => String(r['x']))).toEqual(['1.500', '123456789.125'])
    const i = spark.createDataFrame([{ x: 7 }], 'x INT')
    const w = a.union(i)
    expect(simpleString((await w.resolveSchema()).fields[0]!.dataType)).toBe('decimal(12,2)')
    expect((await w.collect()).map((r) => String(r['x']))).toEqual(['1.50', '7.00'])
    // Equal values from both sides are one group: they have the same scale after the union.
    const groups = await a
      .union(spark.createDataFrame([{ x: '1.500' }], 'x DECIMAL(12,3)'))
      .groupBy('x')
      .agg(count('x').alias('n'))
      .collect()
    expect(groups.map((r) => [String(r['x']), r['n']])).toEqual([['1.500', 2]])
  })
})

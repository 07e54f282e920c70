/**
 * DataFrame.alias (api/dataframe-alias.ts, plan SubqueryAliasNode): a join condition names each
 * side's columns through its alias, also a column both sides have (Spark:
 * `a.alias('x').join(b.alias('y'), x.id = y.id)`), binding them exactly as `df.col(name)` does;
 * select, filter, withColumn and groupBy name `a.x` too, also after a self-join. Expected values
 * are Spark 4.2's for the same queries (test/oracle/dataframe-alias.spark.ts runs them on both).
 * (Merge's use: test/api/delta-merge.test.ts.)
 */
import { describe, expect, it } from 'vitest'
import { SparkSession, col, sum } from '../../src/index.js'
import { MemoryStream, addData, checkAnswer, testStream } from '../../src/testing/index.js'
import type { LogicalPlan } from '../../src/plan/nodes/index.js'

const spark = SparkSession.builder().getOrCreate().newSession()

describe('DataFrame.alias', () => {
  it('qualifies both sides of a join condition as df.col(name) does, even a column both sides have', () => {
    const users = spark.createDataFrame([[1, 'ann']], 'id INT, name STRING')
    const orders = spark.createDataFrame([[10, 1]], 'id INT, user INT')
    const byAlias = users.alias('u').join(
      orders.alias('o'),
      col('u.id')
        .eq(col('o.user'))
        .and(col('o.id').gt(col('u.id'))),
    )
    const byCol = users.join(
      orders,
      users
        .col('id')
        .eq(orders.col('user'))
        .and(orders.col('id').gt(users.col('id'))),
    )
    const condition = (p: LogicalPlan) => (p.kind === 'JoinNode' ? p.condition : undefined)
    expect(condition(byAlias.plan)).toBeDefined()
    expect(condition(byAlias.plan)).toEqual(condition(byCol.plan))
    expect(byAlias.columns).toEqual(['id', 'name', 'id', 'user'])
  })

  it('leaves names that are not an alias of a side alone', () => {
    const a = spark.createDataFrame([[1]], 'id INT').alias('a')
    const b = spark.createDataFrame([[1]], 'id INT').alias('b')
    expect(() => a.join(b, col('c.id').eq(col('b.id')))).toThrow(
      expect.objectContaining({ code: 'SL_PLAN_UNRESOLVED_COLUMN' }),
    )
    expect(() => a.join(b, col('id').eq(col('b.id')))).toThrow(
      expect.objectContaining({ code: 'SL_PLAN_AMBIGUOUS_COLUMN' }),
    )
  })

  const people = () =>
    spark.createDataFrame(
      [
        [1, 'x', 10],
        [2, 'y', 20],
      ],
      'id INT, x STRING, v INT',
    )

  it('names columns a.x in select, filter, withColumn and groupBy of one aliased DataFrame', async () => {
    const a = people().alias('a')
    expect(await a.select('a.x', col('a.v').plus(1)).collectRows()).toMatchObject({
      rows: [
        ['x', 11],
        ['y', 21],
      ],
    })
    expect(a.select('a.x', col('a.v').plus(1)).columns).toEqual(['x', '(v + 1)'])
    expect((await a.filter(col('a.v').gt(10)).collectRows()).rows).toEqual([[2, 'y', 20]])
    expect(
      (await a.withColumn('w', col('a.v').multiply(2)).select('a.x', 'w').collectRows()).rows,
    ).toEqual([
      ['x', 20],
      ['y', 40],
    ])
    // A kept column keeps its alias through select and groupBy; an expression has none.
    expect((await a.groupBy('a.x').agg(sum('a.v')).select('a.x').collectRows()).rows).toEqual([
      ['x'],
      ['y'],
    ])
    expect((await a.select('x', 'v').select('a.x').collectRows()).rows).toEqual([['x'], ['y']])
    expect(() => a.select(col('x').alias('x2')).select('a.x2')).toThrow(
      expect.objectContaining({ code: 'SL_PLAN_UNRESOLVED_COLUMN' }),
    )
    expect(() => a.select('z.x')).toThrow(/Available columns: a\.id, a\.x, a\.v\./)
    // A new alias replaces the old one.
    expect((await a.alias('c').select('c.x').collectRows()).rows).toEqual([['x'], ['y']])
    expect(() => a.alias('c').select('a.x')).toThrow(
      expect.objectContaining({ code: 'SL_PLAN_UNRESOLVED_COLUMN' }),
    )
  })

  it('tells the two sides of a self-join apart by their aliases', async () => {
    const [l, r] = [people().alias('l'), people().alias('r')]
    const joined = l.join(r, col('l.id').eq(col('r.id')))
    const both = joined.select('l.x', 'r.x')
    expect(both.columns).toEqual(['x', 'x'])
    expect((await both.collectRows()).rows).toEqual([
      ['x', 'x'],
      ['y', 'y'],
    ])
    expect(
      (
        await l
          .join(r, col('l.id').lt(col('r.id')))
          .select('l.x', 'r.x')
          .collectRows()
      ).rows,
    ).toEqual([['x', 'y']])
    expect(joined.withColumn('s', col('l.v').plus(col('r.id'))).columns).toEqual([
      'id',
      'x',
      'v',
      'id',
      'x',
      'v',
      's',
    ])
    expect(() => joined.select('x')).toThrow(
      expect.objectContaining({ code: 'SL_PLAN_AMBIGUOUS_REFERENCE' }),
    )
    expect(() => people().alias('t').join(people().alias('t'), col('t.id').eq(1))).toThrow(
      expect.objectContaining({ code: 'SL_PLAN_AMBIGUOUS_COLUMN' }),
    )
    expect(both.explain()).toBe(
      'Project [l.x, r.x]\n' +
        '+- Join inner ON (left.id = right.id)\n' +
        '   +- SubqueryAlias l\n' +
        '      +- LocalRelation [id, x, v], 2 rows\n' +
        '   +- SubqueryAlias r\n' +
        '      +- LocalRelation [id, x, v], 2 rows\n',
    )
  })

  it('joins batch DataFrames on a condition, outer sides null-extended', async () => {
    const a = people().alias('a')
    const b = spark
      .createDataFrame(
        [
          [1, 'p'],
          [3, 'q'],
        ],
        'id INT, y STRING',
      )
      .alias('b')
    const on = col('a.id').eq(col('b.id'))
    const rows = async (how: 'inner' | 'left' | 'right' | 'full') =>
      (await a.join(b, on, how).select('a.id', 'b.id', 'b.y').collectRows()).rows
    expect(await rows('inner')).toEqual([[1, 1, 'p']])
    expect(await rows('left')).toEqual([
      [1, 1, 'p'],
      [2, null, null],
    ])
    expect(await rows('right')).toEqual([
      [1, 1, 'p'],
      [null, 3, 'q'],
    ])
    expect(await rows('full')).toEqual([
      [1, 1, 'p'],
      [2, null, null],
      [null, 3, 'q'],
    ])
  })

  it('names the columns of a stream through its alias', async () => {
    const input = new MemoryStream(spark, 'id INT, x STRING')
    const df = input
      .toDF()
      .alias('e')
      .filter(col('e.id').gt(1))
      .select(col('e.x'), col('e.id').plus(1).alias('next'))
    expect(df.explain()).toContain('SubqueryAlias e')
    await testStream(df, 'append', [
      addData(input, { id: 1, x: 'a' }, { id: 2, x: 'b' }),
      checkAnswer({ x: 'b', next: 3 }),
    ])
  })
})

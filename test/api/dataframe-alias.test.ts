/**
 * DataFrame.alias (api/dataframe-alias.ts): a join condition names each side's columns through
 * its alias, also a column both sides have (Spark: `a.alias('x').join(b.alias('y'), x.id = y.id)`),
 * binding them exactly as `df.col(name)` does. (Merge's use: test/api/delta-merge.test.ts.)
 */
import { describe, expect, it } from 'vitest'
import { SparkSession, col } from '../../src/index.js'
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
})

/**
 * Where filters end up (Catalyst's push-down) and what the JSON reader gets. The expected pushed
 * filters are what PySpark 4.2 printed as `PushedFilters` for the same queries (the oracle suite,
 * test/oracle/scenarios/filter-pushdown.ts, checks the counts against Spark itself).
 */
import { describe, expect, it } from 'vitest'
import { SparkSession, coalesce, col, count, lit, upper, window } from '../../src/index.js'
import { outputSchema } from '../../src/plan/analyzer.js'
import { explainPlan, exprString } from '../../src/plan/explain.js'
import type { LogicalPlan } from '../../src/plan/nodes/index.js'
import { pushDownFilters, splitConjuncts } from '../../src/plan/push-down-filters.js'
import { pushedScanFilters } from '../../src/plan/pushed-scan-filters.js'

const spark = SparkSession.builder().getOrCreate().newSession()
const SCHEMA = 'ts TIMESTAMP, user_id INT, event_type STRING, value DOUBLE, flag BOOLEAN'
const events = () => spark.readStream.schema(SCHEMA).format('json').load('/nonexistent/in')
const planOf = (df: { plan: LogicalPlan }): LogicalPlan => df.plan
const optimized = (df: { plan: LogicalPlan }): LogicalPlan =>
  pushDownFilters(planOf(df), (p) => outputSchema(p))

/** The pushed filters of the filter sitting on the source, as text. */
function pushed(df: { plan: LogicalPlan }): string[] {
  let p = optimized(df)
  while (p.kind !== 'FilterNode' || p.child.kind !== 'SourceNode') {
    if (p.kind === 'SourceNode') return []
    p = p.kind === 'JoinNode' ? p.left : (p as { child: LogicalPlan }).child
  }
  return pushedScanFilters(splitConjuncts(p.condition), outputSchema(p.child)).map(exprString)
}

describe('filter push-down', () => {
  it('a comparison with a constant is pushed, an expression only as isNotNull', () => {
    expect(pushed(events().filter(col('value').gt(50)))).toEqual([
      '(value > 50)',
      'isNotNull(value)',
    ])
    expect(pushed(events().filter(col('value').multiply(2).gt(100)))).toEqual(['isNotNull(value)'])
    expect(pushed(events().filter(col('value').gt(col('user_id'))))).toEqual([
      'isNotNull(value)',
      'isNotNull(user_id)',
    ])
    expect(pushed(events().filter(coalesce(col('user_id'), lit(0)).gt(2)))).toEqual([])
    expect(pushed(events().filter(upper(col('event_type')).equalTo('CLICK')))).toEqual([
      'isNotNull(event_type)',
    ])
  })

  it('OR is pushed only when both sides are; NOT OR splits into two conjuncts', () => {
    expect(pushed(events().filter(col('value').gt(50).or(col('event_type').equalTo('x'))))).toEqual(
      ['((value > 50) or (event_type = "x"))'],
    )
    expect(
      pushed(
        events().filter(
          col('value')
            .gt(50)
            .or(upper(col('event_type')).equalTo('X')),
        ),
      ),
    ).toEqual([])
    expect(
      pushed(events().filter(col('value').gt(50).or(col('user_id').multiply(2).equalTo(2)).not())),
    ).toEqual(['not((value > 50))', 'isNotNull(value)', 'isNotNull(user_id)'])
  })

  it('a widening cast is unwrapped, a narrowing one is not; a boolean column is pushed', () => {
    expect(pushed(events().filter(col('user_id').cast('double').gt(2.5)))).toHaveLength(2)
    expect(pushed(events().filter(col('value').cast('int').gt(2)))).toEqual(['isNotNull(value)'])
    expect(pushed(events().filter(col('flag')))).toEqual(['flag', 'isNotNull(flag)'])
  })

  it('moves through projections (substituting), not through deduplication', () => {
    const renamed = events()
      .withColumnRenamed('value', 'v')
      .withColumn('v2', col('v').multiply(2))
      .filter(col('v').lt(70).and(col('v2').gt(10)))
    expect(pushed(renamed)).toEqual(['(value < 70)', 'isNotNull(value)'])
    const dedup = events().dropDuplicates(['event_type']).filter(col('value').gt(20))
    expect(optimized(dedup).kind).toBe('FilterNode')
    expect(pushed(dedup)).toEqual([])
  })

  it('moves below withWatermark unless it references the event time', () => {
    const df = events()
      .withWatermark('ts', '1 minute')
      .filter(col('value').lt(40).and(col('ts').isNotNull()))
    const text = explainPlan(optimized(df))
    expect(text.indexOf('Filter')).toBeLessThan(text.indexOf('Watermark'))
    expect(text.lastIndexOf('Filter')).toBeGreaterThan(text.indexOf('Watermark'))
    expect(pushed(df)).toEqual(['(value < 40)', 'isNotNull(value)'])
  })

  it('moves below an aggregation only for plain grouping columns', () => {
    const df = events()
      .withWatermark('ts', '1 minute')
      .groupBy(window('ts', '5 minutes'), 'event_type')
      .agg(count('*').alias('n'))
      .filter(col('event_type').equalTo('click').and(col('n').gt(1)))
    const p = optimized(df)
    expect(p.kind).toBe('FilterNode') // n > 1 stays above
    expect(pushed(df)).toEqual(['(event_type = "click")', 'isNotNull(event_type)'])
  })
})

/**
 * InferFiltersFromConstraints for joins: which sides get which inferred filters, and where the
 * optimizer then pushes them (into the JSON reader, so `numInputRows` excludes the rows, checked
 * against Spark by test/oracle/scenarios/seed-join.ts).
 */
import { describe, expect, it } from 'vitest'
import { SparkSession, col, window, type DataFrame } from '../../src/index.js'
import { outputSchema } from '../../src/plan/analyzer.js'
import { explainPlan, exprString } from '../../src/plan/explain.js'
import { inferJoinFilters } from '../../src/plan/infer-join-filters.js'
import type { LogicalPlan } from '../../src/plan/nodes/index.js'
import { optimizePlan } from '../../src/plan/optimize-plan.js'
import { splitConjuncts } from '../../src/plan/push-down-filters.js'
import { pushedScanFilters } from '../../src/plan/pushed-scan-filters.js'

const spark = SparkSession.builder().getOrCreate().newSession()
const events = (): DataFrame =>
  spark.readStream
    .schema('ts TIMESTAMP, user_id INT, value DOUBLE')
    .format('json')
    .load('/nonexistent/events')
const others = (): DataFrame =>
  spark.readStream
    .schema('rts TIMESTAMP, k BIGINT, user_id INT, name STRING')
    .format('json')
    .load('/nonexistent/others')
const users = (): DataFrame =>
  spark.read.schema('user_id INT, tier STRING').format('json').load('/nonexistent/users')

const planOf = (df: DataFrame): LogicalPlan => (df as unknown as { plan: LogicalPlan }).plan
const schemaOf = (p: LogicalPlan) => outputSchema(p)
const inferred = (df: DataFrame): string => explainPlan(inferJoinFilters(planOf(df), schemaOf))
const optimized = (df: DataFrame): string => explainPlan(optimizePlan(planOf(df), schemaOf))

/** The filters the JSON reader of each streaming source gets, in plan order. */
function scanFilters(df: DataFrame): string[][] {
  const out: string[][] = []
  const walk = (p: LogicalPlan): void => {
    if (p.kind === 'FilterNode' && p.child.kind === 'SourceNode' && p.child.isStreaming) {
      out.push(pushedScanFilters(splitConjuncts(p.condition), schemaOf(p.child)).map(exprString))
      return
    }
    if (p.kind === 'SourceNode' && p.isStreaming) out.push([])
    for (const c of p.kind === 'JoinNode' ? [p.left, p.right] : 'child' in p ? [p.child] : [])
      walk(c)
  }
  walk(optimizePlan(planOf(df), schemaOf))
  return out
}

/** Both sides watermarked, joined on a cast key, a time range and a left-only conjunct. */
function rangeJoin(how: 'inner' | 'left_outer' | 'right_outer' | 'full_outer'): DataFrame {
  const a = events().withWatermark('ts', '10 seconds')
  const b = others().withWatermark('rts', '10 seconds')
  const lt = a.col('ts').cast('long')
  const rt = b.col('rts').cast('long')
  return a.join(
    b,
    a
      .col('user_id')
      .cast('bigint')
      .eq(b.col('k'))
      .and(lt.geq(rt.minus(5)))
      .and(a.col('value').gt(3)),
    how,
  )
}

describe('inferJoinFilters', () => {
  it('an inner USING join filters both sides on isNotNull(key)', () => {
    expect(inferred(events().join(users(), 'user_id'))).toBe(
      [
        'Join inner USING (user_id)',
        '+- Filter isNotNull(user_id)',
        '   +- StreamingRelation json [/nonexistent/events]',
        '+- Filter isNotNull(user_id)',
        '   +- Relation json [/nonexistent/users]',
        '',
      ].join('\n'),
    )
  })

  it('a left outer join filters only the right side, a right outer join only the left', () => {
    expect(inferred(events().join(users(), 'user_id', 'left_outer'))).toBe(
      [
        'Join left_outer USING (user_id)',
        '+- StreamingRelation json [/nonexistent/events]',
        '+- Filter isNotNull(user_id)',
        '   +- Relation json [/nonexistent/users]',
        '',
      ].join('\n'),
    )
    expect(inferred(users().join(events(), 'user_id', 'right_outer'))).toBe(
      [
        'Join right_outer USING (user_id)',
        '+- Filter isNotNull(user_id)',
        '   +- Relation json [/nonexistent/users]',
        '+- StreamingRelation json [/nonexistent/events]',
        '',
      ].join('\n'),
    )
  })

  it('a full outer join gets no inferred filter', () => {
    const df = events().join(others(), 'user_id', 'full_outer')
    expect(inferJoinFilters(planOf(df), schemaOf)).toBe(planOf(df))
  })

  it('a condition join: one-side conjuncts and isNotNull of every null-intolerant column', () => {
    expect(inferred(rangeJoin('inner'))).toBe(
      [
        'Join inner ON (((CAST(left.user_id AS long) = right.k) and (CAST(left.ts AS long) >= (CAST(right.rts AS long) - 5))) and (left.value > 3))',
        '+- Filter ((((value > 3) and isNotNull(user_id)) and isNotNull(ts)) and isNotNull(value))',
        '   +- EventTimeWatermark ts, 10 seconds',
        '      +- StreamingRelation json [/nonexistent/events]',
        '+- Filter (isNotNull(k) and isNotNull(rts))',
        '   +- EventTimeWatermark rts, 10 seconds',
        '      +- StreamingRelation json [/nonexistent/others]',
        '',
      ].join('\n'),
    )
    // The preserved side of an outer join keeps every row, its left-only conjunct included.
    expect(inferred(rangeJoin('left_outer'))).toContain(
      [
        '+- EventTimeWatermark ts, 10 seconds',
        '   +- StreamingRelation json [/nonexistent/events]',
        '+- Filter (isNotNull(k) and isNotNull(rts))',
      ].join('\n'),
    )
    expect(inferred(rangeJoin('right_outer'))).toContain(
      [
        '+- Filter ((((value > 3) and isNotNull(user_id)) and isNotNull(ts)) and isNotNull(value))',
        '   +- EventTimeWatermark ts, 10 seconds',
        '      +- StreamingRelation json [/nonexistent/events]',
        '+- EventTimeWatermark rts, 10 seconds',
      ].join('\n'),
    )
  })

  it("a side's own constraints carry over to the other side through the key equality", () => {
    expect(optimized(events().join(users().filter(col('user_id').lt(90)), 'user_id'))).toBe(
      [
        'Join inner USING (user_id)',
        '+- Filter ((user_id < 90) and isNotNull(user_id))',
        '   +- StreamingRelation json [/nonexistent/events]',
        '+- Filter (user_id < 90)',
        '   +- Relation json [/nonexistent/users]',
        '',
      ].join('\n'),
    )
    // A filter after the join on the key goes to the left (the key's side), then to the right.
    expect(optimized(events().join(users(), 'user_id').filter(col('user_id').gt(5)))).toBe(
      [
        'Join inner USING (user_id)',
        '+- Filter (user_id > 5)',
        '   +- StreamingRelation json [/nonexistent/events]',
        '+- Filter ((user_id > 5) and isNotNull(user_id))',
        '   +- Relation json [/nonexistent/users]',
        '',
      ].join('\n'),
    )
  })

  it('constraints follow renames through projections; local data folds its filters away', () => {
    const renamed = users()
      .filter(col('user_id').lt(90))
      .select(col('user_id').alias('uid'), col('tier'))
      .withColumnRenamed('uid', 'user_id')
    expect(scanFilters(events().join(renamed, 'user_id'))).toEqual([
      ['(user_id < 90)', 'isNotNull(user_id)'],
    ])
    const local = spark
      .createDataFrame([{ user_id: 1, tier: 'gold' }], 'user_id INT, tier STRING')
      .filter(col('user_id').lt(90))
    expect(scanFilters(events().join(local, 'user_id'))).toEqual([['isNotNull(user_id)']])
  })

  it('a non-nullable key (a tumbling window) needs no isNotNull', () => {
    const side = (d: DataFrame, t: string): DataFrame =>
      d.withWatermark(t, '10 seconds').select(col('user_id'), window(col(t), '10 seconds'))
    expect(optimized(side(events(), 'ts').join(side(others(), 'rts'), ['user_id', 'window']))).toBe(
      [
        'Join inner USING (user_id, window)',
        '+- Project [user_id, window(ts, 10 seconds)]',
        '   +- EventTimeWatermark ts, 10 seconds',
        '      +- Filter isNotNull(user_id)',
        '         +- StreamingRelation json [/nonexistent/events]',
        '+- Project [user_id, window(rts, 10 seconds)]',
        '   +- EventTimeWatermark rts, 10 seconds',
        '      +- Filter isNotNull(user_id)',
        '         +- StreamingRelation json [/nonexistent/others]',
        '',
      ].join('\n'),
    )
  })
})

describe('optimizePlan', () => {
  it('pushes inferred filters below watermarks into the JSON reader, event time excepted', () => {
    expect(optimized(rangeJoin('inner'))).toBe(
      [
        'Join inner ON (((CAST(left.user_id AS long) = right.k) and (CAST(left.ts AS long) >= (CAST(right.rts AS long) - 5))) and (left.value > 3))',
        '+- Filter isNotNull(ts)',
        '   +- EventTimeWatermark ts, 10 seconds',
        '      +- Filter (((value > 3) and isNotNull(user_id)) and isNotNull(value))',
        '         +- StreamingRelation json [/nonexistent/events]',
        '+- Filter isNotNull(rts)',
        '   +- EventTimeWatermark rts, 10 seconds',
        '      +- Filter isNotNull(k)',
        '         +- StreamingRelation json [/nonexistent/others]',
        '',
      ].join('\n'),
    )
    expect(scanFilters(rangeJoin('inner'))).toEqual([
      ['(value > 3)', 'isNotNull(user_id)', 'isNotNull(value)'],
      ['isNotNull(k)'],
    ])
    expect(scanFilters(rangeJoin('full_outer'))).toEqual([[], []])
  })

  it('leaves a plan without joins as the filter push-down alone makes it', () => {
    const df = events().filter(col('value').gt(1)).select(col('user_id'))
    expect(optimized(df)).toBe(
      [
        'Project [user_id]',
        '+- Filter (value > 1)',
        '   +- StreamingRelation json [/nonexistent/events]',
        '',
      ].join('\n'),
    )
  })
})

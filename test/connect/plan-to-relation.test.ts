import { create, toJson } from '@bufbuild/protobuf'
import { describe, expect, it } from 'vitest'
import { avg, count, window } from '../../src/api/aggregate-functions.js'
import { col, lit, when } from '../../src/api/functions.js'
import { SparkSession } from '../../src/api/session.js'
import { RelationSchema } from '../../src/connect/gen/relations_pb.js'
import { planToRelation } from '../../src/connect/plan-to-relation.js'
import type { DataFrame } from '../../src/api/dataframe.js'

const spark = SparkSession.builder().getOrCreate().newSession()
const events = spark.readStream
  .format('json')
  .schema('timestamp TIMESTAMP, event_type STRING, value DOUBLE')
  .load('/in')

const json = (df: DataFrame): unknown =>
  toJson(RelationSchema, create(RelationSchema, planToRelation(df.plan)))

describe('planToRelation', () => {
  it('reads a streaming JSON source with its schema (Spark JSON), options and path', () => {
    expect(json(events)).toMatchObject({
      common: { planId: '0' },
      read: {
        isStreaming: true,
        dataSource: {
          format: 'json',
          paths: ['/in'],
          options: { timeZone: expect.any(String) as string },
          schema: expect.stringContaining('"name":"event_type"') as string,
        },
      },
    })
  })

  it('names computed columns as our analyzer does and sends operators by Spark function name', () => {
    const df = events.filter(col('value').gt(10).and(col('event_type').isNotNull())).select(
      col('value').plus(1),
      when(col('value').notEqual(lit(3)), 'x')
        .otherwise('y')
        .alias('w'),
    )
    const r = json(df) as { project: { expressions: unknown[]; input: { filter: unknown } } }
    expect(r.project.expressions[0]).toMatchObject({
      alias: { name: ['(value + 1)'], expr: { unresolvedFunction: { functionName: '+' } } },
    })
    expect(r.project.expressions[1]).toMatchObject({
      alias: { name: ['w'], expr: { unresolvedFunction: { functionName: 'when' } } },
    })
    expect(JSON.stringify(r.project.input.filter)).toContain('"functionName":"isnotnull"')
  })

  it('translates withWatermark, a window aggregation and dropDuplicatesWithinWatermark', () => {
    const agg = events
      .withWatermark('timestamp', '10 minutes')
      .groupBy(window('timestamp', '5 minutes'), 'event_type')
      .agg(count('*').alias('n'), avg('value'))
    const r = json(agg) as {
      aggregate: { groupingExpressions: unknown[]; aggregateExpressions: unknown[]; input: unknown }
    }
    expect(r.aggregate.input).toMatchObject({
      withWatermark: { eventTime: 'timestamp', delayThreshold: '10 minutes' },
    })
    expect(r.aggregate.groupingExpressions[0]).toMatchObject({
      alias: {
        name: ['window'],
        expr: { unresolvedFunction: { functionName: 'window' } },
      },
    })
    expect(r.aggregate.aggregateExpressions[1]).toMatchObject({
      alias: { name: ['avg(value)'], expr: { unresolvedFunction: { functionName: 'avg' } } },
    })
    const dedup = json(
      events.withWatermark('timestamp', '1 hour').dropDuplicatesWithinWatermark(['event_type']),
    )
    expect(dedup).toMatchObject({
      deduplicate: { columnNames: ['event_type'], withinWatermark: true },
    })
  })

  it('refuses an operator it cannot translate yet, naming it', () => {
    expect(() => planToRelation(events.union(events).plan)).toThrow(
      expect.objectContaining({ code: 'SL_CONNECT_UNSUPPORTED', operator: 'union' }),
    )
    expect(() => planToRelation(spark.createDataFrame([{ a: 1 }], 'a INT').plan)).toThrow(
      /createDataFrame.*not supported on Spark Connect yet/,
    )
  })
})

import { create, toJson } from '@bufbuild/protobuf'
import { describe, expect, it } from 'vitest'
import { avg, count, window } from '../../src/api/aggregate-functions.js'
import {
  col,
  date_format,
  lit,
  struct,
  to_json,
  to_timestamp,
  upper,
  when,
} from '../../src/api/functions.js'
import { SparkSession } from '../../src/api/session.js'
import { RelationSchema } from '../../src/connect/gen/relations_pb.js'
import { planToRelation } from '../../src/connect/plan-to-relation.js'
import {
  AGGREGATE_FUNCTION_NAMES,
  SCALAR_FUNCTION_NAMES,
} from '../../src/connect/function-names.js'
import { checkSinkOptions } from '../../src/connect/remote-options.js'
import { FUNCTION_CATALOGUE } from '../../src/plan/function-catalogue.js'
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

  it('sends orderBy as a global Sort with each key direction and null ordering', () => {
    const sorted = events.orderBy(col('value').desc(), 'event_type')
    expect(json(sorted)).toMatchObject({
      sort: {
        isGlobal: true,
        input: { read: { isStreaming: true } },
        order: [
          {
            child: { unresolvedAttribute: { unparsedIdentifier: 'value' } },
            direction: 'SORT_DIRECTION_DESCENDING',
            nullOrdering: 'SORT_NULLS_LAST',
          },
          {
            child: { unresolvedAttribute: { unparsedIdentifier: 'event_type' } },
            direction: 'SORT_DIRECTION_ASCENDING',
            nullOrdering: 'SORT_NULLS_FIRST',
          },
        ],
      },
    })
  })

  it('reads the rate source with its options and no schema (Spark refuses one)', () => {
    const rate = spark.readStream.format('rate').option('rowsPerSecond', 5).load()
    const r = json(rate) as { read: { dataSource: Record<string, unknown> } }
    expect(r.read.dataSource).toMatchObject({
      format: 'rate',
      options: { rowsPerSecond: '5' },
    })
    expect(r.read.dataSource['schema']).toBeUndefined()
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
})

describe('planToRelation: joins, unions, local rows', () => {
  const users = spark.createDataFrame(
    [
      [1, 'ann'],
      [2, 'bob'],
    ],
    'user_id INT, name STRING',
  )
  const clicks = spark.readStream
    .format('json')
    .schema('user_id INT, value DOUBLE, timestamp TIMESTAMP')
    .load('/clicks')

  it('a join on column names sends using columns and the join type', () => {
    const r = json(clicks.join(users, 'user_id', 'left_outer')) as {
      join: { usingColumns: string[]; joinType: string; right: unknown }
    }
    expect(r.join).toMatchObject({ usingColumns: ['user_id'], joinType: 'JOIN_TYPE_LEFT_OUTER' })
    expect(r.join.right).toMatchObject({
      localRelation: { schema: expect.stringContaining('"name":"name"') as string },
    })
  })

  it("a join condition's columns carry the plan id of their side (same names on both sides)", () => {
    const other = spark.readStream
      .format('json')
      .schema('user_id INT, value DOUBLE, timestamp TIMESTAMP')
      .load('/other')
    const joined = clicks.join(other, clicks.col('user_id').eq(other.col('user_id')), 'full_outer')
    const r = json(joined) as {
      join: {
        joinType: string
        left: { common: { planId: string } }
        right: { common: { planId: string } }
        joinCondition: { unresolvedFunction: { functionName: string; arguments: unknown[] } }
      }
    }
    expect(r.join.joinType).toBe('JOIN_TYPE_FULL_OUTER')
    expect(r.join.left.common.planId).not.toBe(r.join.right.common.planId)
    expect(r.join.joinCondition.unresolvedFunction.functionName).toBe('==')
    expect(r.join.joinCondition.unresolvedFunction.arguments).toEqual([
      { unresolvedAttribute: { unparsedIdentifier: 'user_id', planId: r.join.left.common.planId } },
      {
        unresolvedAttribute: { unparsedIdentifier: 'user_id', planId: r.join.right.common.planId },
      },
    ])
  })

  it('df.col(name) above a join carries the plan id of df, as PySpark sends df[name]', () => {
    const other = spark.readStream
      .format('json')
      .schema('user_id INT, value DOUBLE, ad STRING')
      .load('/other')
    const joined = clicks
      .join(other, clicks.col('user_id').eq(other.col('user_id')))
      .filter(other.col('value').gt(1))
      .select(other.col('user_id'), clicks.col('user_id').alias('click_user'), col('ad'))
    const r = json(joined) as {
      project: {
        expressions: unknown[]
        input: {
          filter: {
            condition: { unresolvedFunction: { arguments: unknown[] } }
            input: {
              join: { left: { common: { planId: string } }; right: { common: { planId: string } } }
            }
          }
        }
      }
    }
    const { left, right } = r.project.input.filter.input.join
    expect(r.project.input.filter.condition.unresolvedFunction.arguments[0]).toEqual({
      unresolvedAttribute: { unparsedIdentifier: 'value', planId: right.common.planId },
    })
    expect(r.project.expressions).toEqual([
      { unresolvedAttribute: { unparsedIdentifier: 'user_id', planId: right.common.planId } },
      {
        alias: {
          name: ['click_user'],
          expr: {
            unresolvedAttribute: { unparsedIdentifier: 'user_id', planId: left.common.planId },
          },
        },
      },
      { unresolvedAttribute: { unparsedIdentifier: 'ad' } },
    ])
  })

  it("struct('*') sends a star, as PySpark's col('*')", () => {
    const r = json(events.select(to_json(struct('*')).alias('row'))) as {
      project: { expressions: { alias: { expr: unknown } }[] }
    }
    expect(r.project.expressions[0]!.alias.expr).toMatchObject({
      unresolvedFunction: {
        functionName: 'to_json',
        arguments: [
          { unresolvedFunction: { functionName: 'struct', arguments: [{ unresolvedStar: {} }] } },
        ],
      },
    })
  })

  it('union and unionByName are a UNION ALL by position (unionByName reorders first)', () => {
    const a = spark.createDataFrame([[1, 'x']], 'n INT, s STRING')
    const b = spark.createDataFrame([['y', 2]], 's STRING, n INT')
    const r = json(a.unionByName(b)) as {
      setOp: { setOpType: string; isAll: boolean; rightInput: { project: unknown } }
    }
    expect(r.setOp).toMatchObject({ setOpType: 'SET_OP_TYPE_UNION', isAll: true })
    expect(r.setOp.rightInput.project).toBeDefined()
  })

  it('local rows are one Arrow IPC stream with the schema as Spark JSON', async () => {
    const { tableFromIPC } = await import('apache-arrow')
    const local = create(RelationSchema, planToRelation(users.plan))
    if (local.relType.case !== 'localRelation') throw new Error('not a local relation')
    const table = tableFromIPC(local.relType.value.data)
    expect(table.schema.fields.map((f) => f.name)).toEqual(['user_id', 'name'])
    const rows = table.toArray() as { user_id: number; name: string }[]
    expect(rows.map((r) => [r.user_id, r.name])).toEqual([
      [1, 'ann'],
      [2, 'bob'],
    ])
  })
})

describe('planToRelation: functions and options', () => {
  it('every scalar function of the catalogue and every aggregate has a Spark name', () => {
    // A function added to the catalogue without a decision in connect/function-names.ts fails here.
    expect(Object.keys(SCALAR_FUNCTION_NAMES).sort()).toEqual(
      Object.keys(FUNCTION_CATALOGUE).sort(),
    )
    for (const [ours, theirs] of Object.entries(AGGREGATE_FUNCTION_NAMES))
      expect(theirs, ours).toMatch(/^[a-z_]+$/)
  })

  it('functions go by their Spark names; to_timestamp is a cast, as Spark without a format', () => {
    const df = events.select(
      date_format('timestamp', 'yyyy-MM-dd').alias('d'),
      upper(col('event_type')).alias('u'),
      to_timestamp(col('event_type')).alias('t'),
    )
    const text = JSON.stringify(json(df))
    expect(text).toContain('"functionName":"date_format"')
    expect(text).toContain('"functionName":"upper"')
    expect(text).toContain('"typeStr":"timestamp"')
  })

  it('refuses a source option Spark does not honour, naming it, before sending anything', () => {
    const df = spark.readStream
      .format('json')
      .schema('a INT')
      .option('badRecordsPath', '/bad')
      .load('/in')
    expect(() => planToRelation(df.plan)).toThrow(
      expect.objectContaining({ code: 'SL_CONNECT_UNSUPPORTED', option: 'badRecordsPath' }),
    )
    expect(() => checkSinkOptions('delta', { OrphanFileRetention: '0 seconds' })).toThrow(
      /OrphanFileRetention of the delta sink/,
    )
    expect(() => checkSinkOptions('delta', { txnAppId: 'x', mergeSchema: 'true' })).not.toThrow()
  })
})

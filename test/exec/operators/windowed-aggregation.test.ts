/**
 * spark-semantics §15 scenarios for windowed aggregation (S1, S2, S3, S7, S14, S15, S16), each
 * run straight and with a stop/restart after every check.
 */
import { describe, expect, it } from 'vitest'
import { SparkSession, count, window, col, sum, avg, type DataFrame } from '../../../src/index.js'
import {
  MemoryStream,
  addData,
  assertOnQuery,
  checkAnswer,
  checkLastBatch,
  testStream,
  type StreamAction,
} from '../../../src/testing/index.js'
import { at, both, win, withRestarts } from '../../support/scenario.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

/** The query of S1 to S3: a count per 5 s tumbling window of `ts`, watermark 10 s. */
function tumblingCounts(): { input: MemoryStream; df: DataFrame } {
  const input = new MemoryStream(spark, 'ts TIMESTAMP')
  const df = input
    .toDF()
    .withWatermark('ts', '10 seconds')
    .groupBy(window('ts', '5 seconds'))
    .count()
  return { input, df }
}
/** S1's first batch: B+10 to B+15 s, windows [10, 15) = 5 and [15, 20) = 1. */
const s1FirstRows = (): { ts: number }[] => [10, 11, 12, 13, 14, 15].map((s) => ({ ts: at(s) }))

describe('windowed aggregation (spark-semantics §15)', () => {
  both('S1: tumbling window, append, watermark 10 s', async (restarts) => {
    const { input, df } = tumblingCounts()
    const script: StreamAction[] = [
      addData(input, ...s1FirstRows()),
      checkLastBatch(),
      assertOnQuery(
        (q) => q.lastProgress?.eventTime?.['watermark'] === new Date(at(5) * 1000).toISOString(),
        'no-data batch b1 ran with watermark B+5s',
      ),
      addData(input, { ts: at(25) }),
      checkLastBatch({ window: win(10, 15), count: 5 }),
      addData(input, { ts: at(10) }),
      checkLastBatch(),
      assertOnQuery((q) => {
        const op = q.lastProgress!.stateOperators[0]!
        return op.numRowsDroppedByWatermark === 1 && op.numRowsTotal === 2
      }, 'late row dropped, two windows in state'),
      checkAnswer({ window: win(10, 15), count: 5 }),
    ]
    await testStream(df, 'append', restarts ? withRestarts(script) : script)
  })

  it('S1: progress of b0 carries min/max/avg and watermark epoch; batches b0..b4', async () => {
    const { input, df } = tumblingCounts()
    const q = await df.writeStream
      .format('memory')
      .queryName('s1_progress')
      .outputMode('append')
      .start()
    input.addData(...s1FirstRows())
    await q.processAllAvailable()
    input.addData({ ts: at(25) })
    await q.processAllAvailable()
    input.addData({ ts: at(10) })
    await q.processAllAvailable()
    await q.stop()
    // Executed batches only: idle triggers add a progress too (Spark's updateIdleness).
    const p = q.recentProgress.filter((x) => 'addBatch' in x.durationMs)
    expect(p.map((x) => [x.batchId, x.numInputRows])).toEqual([
      [0, 6],
      [1, 0],
      [2, 1],
      [3, 0],
      [4, 1],
    ])
    const iso = (s: number): string => new Date(at(s) * 1000).toISOString()
    expect(p[0]!.eventTime).toEqual({
      avg: new Date(at(12.5) * 1000).toISOString(),
      max: iso(15),
      min: iso(10),
      watermark: '1970-01-01T00:00:00.000Z',
    })
    expect(p[2]!.eventTime).toMatchObject({ watermark: iso(5) })
    expect(p[3]!.eventTime).toEqual({ watermark: iso(15) })
    expect(p[1]!.stateOperators[0]!.operatorName).toBe('stateStoreSave')
  })

  both('S2: update mode emits touched groups and evicts silently', async (restarts) => {
    const { input, df } = tumblingCounts()
    const script: StreamAction[] = [
      addData(input, ...s1FirstRows()),
      checkAnswer({ window: win(10, 15), count: 5 }, { window: win(15, 20), count: 1 }),
      addData(input, { ts: at(25) }),
      checkLastBatch(),
      assertOnQuery(
        (q) =>
          q.lastProgress!.stateOperators[0]!.numRowsRemoved === 1 &&
          q.lastProgress!.stateOperators[0]!.numRowsTotal === 2,
        'b3 evicts [10,15) silently',
      ),
      addData(input, { ts: at(10) }, { ts: at(25) }),
      checkLastBatch({ window: win(25, 30), count: 2 }),
      assertOnQuery(
        (q) => q.lastProgress!.stateOperators[0]!.numRowsDroppedByWatermark === 1,
        'late 10 dropped',
      ),
      addData(input, { ts: at(10) }),
      checkLastBatch(),
    ]
    await testStream(df, 'update', restarts ? withRestarts(script) : script)
  })

  both('S3: complete mode ignores the watermark and counts late rows', async (restarts) => {
    const { input, df } = tumblingCounts()
    const script: StreamAction[] = [
      addData(input, { ts: at(10) }, { ts: at(11) }, { ts: at(12) }),
      checkLastBatch({ window: win(10, 15), count: 3 }),
      addData(input, { ts: at(25) }),
      checkLastBatch({ window: win(10, 15), count: 3 }, { window: win(25, 30), count: 1 }),
      addData(input, { ts: at(25) }),
      checkLastBatch({ window: win(10, 15), count: 3 }, { window: win(25, 30), count: 2 }),
      addData(input, { ts: at(10) }),
      checkLastBatch({ window: win(10, 15), count: 4 }, { window: win(25, 30), count: 2 }),
      addData(input, { ts: at(25) }),
      checkLastBatch({ window: win(10, 15), count: 4 }, { window: win(25, 30), count: 3 }),
      assertOnQuery(
        (q) => q.recentProgress.filter((p) => 'addBatch' in p.durationMs).length === 5 || restarts,
        'no no-data batches in complete mode',
      ),
    ]
    await testStream(df, 'complete', restarts ? withRestarts(script) : script)
  })

  it('S7: window arithmetic — negative times, start offsets, slides that do not divide, null times', async () => {
    const input = new MemoryStream(spark, 'ts TIMESTAMP')
    const run = async (df: ReturnType<typeof input.toDF>, expected: unknown[]): Promise<void> => {
      await testStream(df, 'complete', [checkAnswer(...expected)])
    }
    input.addData(
      { ts: '1969-12-31 23:59:59' },
      { ts: '2026-01-01 00:00:14.999999' },
      { ts: '2026-01-01 00:00:15' },
      { ts: null },
    )
    await run(input.toDF().groupBy(window('ts', '5 seconds')).count(), [
      { window: { start: '1969-12-31 23:59:55', end: '1970-01-01 00:00:00' }, count: 1 },
      { window: win(10, 15), count: 1 },
      { window: win(15, 20), count: 1 },
    ])
    const hourly = new MemoryStream(spark, 'ts TIMESTAMP')
    hourly.addData(
      { ts: '2026-01-01 12:07:00' },
      { ts: '2026-01-01 12:15:00' },
      { ts: '2026-01-01 11:14:59.999999' },
    )
    await run(
      hourly
        .toDF()
        .groupBy(window('ts', '1 hour', '1 hour', '15 minutes'))
        .count(),
      [
        { window: { start: '2026-01-01 11:15:00', end: '2026-01-01 12:15:00' }, count: 1 },
        { window: { start: '2026-01-01 12:15:00', end: '2026-01-01 13:15:00' }, count: 1 },
        { window: { start: '2026-01-01 10:15:00', end: '2026-01-01 11:15:00' }, count: 1 },
      ],
    )
    const sliding = new MemoryStream(spark, 'ts TIMESTAMP')
    sliding.addData({ ts: '2026-01-01 12:05:00' }, { ts: '2026-01-01 12:08:00' })
    await run(
      sliding
        .toDF()
        .groupBy(window('ts', '12 minutes', '5 minutes'))
        .count(),
      [
        { window: { start: '2026-01-01 11:55:00', end: '2026-01-01 12:07:00' }, count: 1 },
        { window: { start: '2026-01-01 12:00:00', end: '2026-01-01 12:12:00' }, count: 2 },
        { window: { start: '2026-01-01 12:05:00', end: '2026-01-01 12:17:00' }, count: 2 },
      ],
    )
  })

  both(
    'S14/S15: running count without watermark in update and complete mode, across a restart',
    async (restarts) => {
      const input = new MemoryStream(spark, 'value INT')
      const df = input.toDF().groupBy('value').count()
      const update: StreamAction[] = [
        addData(input, { value: 3 }),
        checkLastBatch({ value: 3, count: 1 }),
        addData(input, { value: 3 }, { value: 2 }),
        checkLastBatch({ value: 3, count: 2 }, { value: 2, count: 1 }),
        addData(input, { value: 3 }, { value: 2 }, { value: 1 }),
        checkLastBatch({ value: 3, count: 3 }, { value: 2, count: 2 }, { value: 1, count: 1 }),
        addData(input, { value: 4 }, { value: 4 }, { value: 4 }, { value: 4 }),
        checkLastBatch({ value: 4, count: 4 }),
      ]
      await testStream(df, 'update', restarts ? withRestarts(update) : update)
    },
  )

  it('S15: complete mode returns the whole table every batch; append is rejected at start', async () => {
    const input = new MemoryStream(spark, 'value INT')
    const df = input.toDF().groupBy('value').count()
    await testStream(df, 'complete', [
      addData(input, { value: 3 }),
      checkLastBatch({ value: 3, count: 1 }),
      addData(input, { value: 3 }, { value: 2 }),
      checkLastBatch({ value: 3, count: 2 }, { value: 2, count: 1 }),
    ])
    await expect(
      df.writeStream.format('memory').queryName('s15_append').outputMode('append').start(),
    ).rejects.toMatchObject({
      code: 'SL_PLAN_UNSUPPORTED_OUTPUT_MODE',
      message: expect.stringContaining('withWatermark') as unknown,
    })
  })

  both('S16: group by the raw event-time column, append', async (restarts) => {
    const input = new MemoryStream(spark, 'ts TIMESTAMP')
    const df = input.toDF().withWatermark('ts', '10 seconds').groupBy('ts').count()
    const script: StreamAction[] = [
      addData(input, { ts: at(10) }),
      checkLastBatch(),
      addData(input, { ts: at(25) }),
      checkLastBatch({ ts: at(10), count: 1 }),
    ]
    await testStream(df, 'append', restarts ? withRestarts(script) : script)
  })

  it('sum/avg/count(col) types and names follow Spark', async () => {
    const input = new MemoryStream(spark, 'k STRING, v INT, d DOUBLE')
    const df = input
      .toDF()
      .groupBy('k')
      .agg(sum('v'), avg('v'), count(col('d')), sum('d'))
    expect(df.schema.fields.map((f) => `${f.name}:${f.dataType.type}:${f.nullable}`)).toEqual([
      'k:string:true',
      'sum(v):long:true',
      'avg(v):double:true',
      'count(d):long:false',
      'sum(d):double:true',
    ])
    await testStream(df, 'complete', [
      addData(
        input,
        { k: 'a', v: 1, d: null },
        { k: 'a', v: 2, d: 1.5 },
        { k: 'b', v: null, d: null },
      ),
      checkAnswer(
        { k: 'a', 'sum(v)': 3, 'avg(v)': 1.5, 'count(d)': 1, 'sum(d)': 1.5 },
        { k: 'b', 'sum(v)': null, 'avg(v)': null, 'count(d)': 0, 'sum(d)': null },
      ),
    ])
  })
})

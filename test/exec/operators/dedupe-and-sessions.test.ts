/**
 * spark-semantics §15 scenarios for deduplication (S10, S11, S12, §6.2) and session windows (S8),
 * each run straight and with a stop/restart after every check.
 */
import { describe, expect, it } from 'vitest'
import {
  SparkSession,
  col,
  count,
  session_window,
  when,
  type StateOperatorProgress,
  type StreamingQuery,
} from '../../../src/index.js'
import {
  MemoryStream,
  addData,
  assertOnQuery,
  checkAnswer,
  checkLastBatch,
  checkNewAnswer,
  startStream,
  stopStream,
  testStream,
  type StreamAction,
} from '../../../src/testing/index.js'
import { at, both, withRestarts } from '../../support/scenario.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

const op = (q: StreamingQuery): StateOperatorProgress => q.lastProgress!.stateOperators[0]!

describe('deduplication (spark-semantics §15)', () => {
  both('S10: dropDuplicates() with a watermark on the event time', async (restarts) => {
    const input = new MemoryStream(spark, 'ts TIMESTAMP')
    const df = input.toDF().withWatermark('ts', '10 seconds').dropDuplicates()
    const rows = [10, 11, 12, 13, 14, 15].flatMap((s) =>
      Array.from({ length: 5 }, () => ({ ts: at(s) })),
    )
    const script: StreamAction[] = [
      addData(input, ...rows),
      checkNewAnswer(...[10, 11, 12, 13, 14, 15].map((s) => ({ ts: at(s) }))),
      assertOnQuery((q) => {
        const b0 = q.recentProgress.find((p) => p.batchId === 0 && 'addBatch' in p.durationMs)
        return (
          restarts ||
          (b0?.stateOperators[0]?.customMetrics?.['numDroppedDuplicateRows'] === 24 &&
            b0.stateOperators[0]?.numRowsTotal === 6)
        )
      }, 'b0 drops 24 duplicates and keeps 6 keys'),
      addData(input, { ts: at(25) }),
      checkNewAnswer({ ts: at(25) }),
      assertOnQuery(
        (q) => op(q).numRowsTotal === 1,
        'no-data batch b3 evicts the six keys (watermark 15)',
      ),
      addData(input, { ts: at(10) }),
      checkNewAnswer(),
      assertOnQuery((q) => op(q).numRowsDroppedByWatermark === 1, 'late 10 dropped'),
      addData(input, { ts: at(45) }),
      checkNewAnswer({ ts: at(45) }),
    ]
    await testStream(df, 'append', restarts ? withRestarts(script) : script)
  })

  both('S11: dropDuplicates("id", "time") with a 1 s watermark', async (restarts) => {
    const input = new MemoryStream(spark, 'time TIMESTAMP, id INT')
    const df = input
      .toDF()
      .withWatermark('time', '1 second')
      .dropDuplicates(['id', 'time'])
      .select(col('id'))
    const r = (t: number, id: number): { time: number; id: number } => ({ time: at(t), id })
    const script: StreamAction[] = [
      addData(input, r(1, 1), r(1, 1), r(1, 2)),
      checkNewAnswer({ id: 1 }, { id: 2 }),
      addData(input, r(1, 1), r(2, 3), r(2, 4)),
      checkNewAnswer({ id: 3 }, { id: 4 }),
      addData(input, r(1, 0), r(1, 1), r(3, 5), r(3, 6)),
      checkNewAnswer({ id: 5 }, { id: 6 }),
      addData(input, r(1, 0), r(4, 7)),
      checkNewAnswer({ id: 7 }),
    ]
    await testStream(df, 'append', restarts ? withRestarts(script) : script)
  })

  it('evicts keys stored before a restart once the watermark passes their event time', async () => {
    // dropDuplicates keeps no value per key (as in Spark): after a restart, eviction finds each
    // key's event time in the key itself.
    const input = new MemoryStream(spark, 'time TIMESTAMP, id INT')
    const df = input
      .toDF()
      .withWatermark('time', '1 second')
      .dropDuplicates(['id', 'time'])
      .select(col('id'))
    const r = (t: number, id: number): { time: number; id: number } => ({ time: at(t), id })
    await testStream(df, 'append', [
      addData(input, r(1, 1), r(2, 2)),
      checkNewAnswer({ id: 1 }, { id: 2 }),
      assertOnQuery((q) => op(q).numRowsTotal === 1, 'the key at 1 s evicted at watermark 1 s'),
      stopStream,
      startStream(),
      addData(input, r(10, 3), r(2, 2)),
      checkNewAnswer({ id: 3 }),
      assertOnQuery(
        (q) => op(q).numRowsTotal === 1,
        'the key at 2 s (a duplicate, then evicted at watermark 9 s) gone, only 10 s left',
      ),
    ])
  })

  both('S12: dropDuplicates(cols) without watermark keeps state forever', async (restarts) => {
    const input = new MemoryStream(spark, '_1 STRING, _2 INT')
    const df = input.toDF().dropDuplicates(['_1'])
    const script: StreamAction[] = [
      addData(input, { _1: 'a', _2: 1 }),
      checkLastBatch({ _1: 'a', _2: 1 }),
      addData(input, { _1: 'a', _2: 2 }),
      checkLastBatch(),
      addData(input, { _1: 'b', _2: 1 }),
      checkLastBatch({ _1: 'b', _2: 1 }),
      assertOnQuery((q) => op(q).numRowsTotal === 2, 'two keys in state'),
    ]
    await testStream(df, 'append', restarts ? withRestarts(script) : script)
  })

  both(
    'dropDuplicatesWithinWatermark: a key expires at first t + delay and is new again afterwards',
    async (restarts) => {
      const input = new MemoryStream(spark, 'k STRING, ts TIMESTAMP')
      const df = input.toDF().withWatermark('ts', '2 seconds').dropDuplicatesWithinWatermark(['k'])
      const r = (k: string, t: number): { k: string; ts: number } => ({ k, ts: at(t) })
      const script: StreamAction[] = [
        addData(input, r('a', 17)),
        checkNewAnswer(r('a', 17)),
        addData(input, r('a', 18)),
        checkNewAnswer(),
        addData(input, r('b', 22)),
        checkNewAnswer(r('b', 22)),
        addData(input, r('a', 21)),
        checkNewAnswer(r('a', 21)),
      ]
      await testStream(df, 'append', restarts ? withRestarts(script) : script)
    },
  )

  it('dropDuplicatesWithinWatermark without a watermark is rejected at start', async () => {
    const input = new MemoryStream(spark, 'k STRING')
    await expect(
      input
        .toDF()
        .dropDuplicatesWithinWatermark(['k'])
        .writeStream.format('memory')
        .queryName('dww')
        .start(),
    ).rejects.toMatchObject({ code: 'SL_PLAN_WATERMARK_REQUIRED' })
  })
})

describe('session windows (spark-semantics §15 S8)', () => {
  both('S8: append mode, gap 10 s, watermark 30 s, bridging and late rows', async (restarts) => {
    const input = new MemoryStream(spark, 'key STRING, ts TIMESTAMP')
    const df = input
      .toDF()
      .withWatermark('ts', '30 seconds')
      .groupBy(session_window('ts', '10 seconds'), 'key')
      .agg(count('*').alias('count'))
    const r = (key: string, t: number): { key: string; ts: number } => ({ key, ts: at(t) })
    const s = (key: string, start: number, end: number, n: number): Record<string, unknown> => ({
      session_window: { start: at(start), end: at(end) },
      key,
      count: n,
    })
    const script: StreamAction[] = [
      addData(
        input,
        r('hello', 40),
        r('world', 40),
        r('spark', 40),
        r('streaming', 40),
        r('world', 41),
        r('hello', 41),
        r('structured', 41),
        r('streaming', 41),
      ),
      checkNewAnswer(),
      addData(input, r('spark', 25), r('streaming', 25)),
      checkNewAnswer(),
      addData(input, r('spark', 0), r('streaming', 0)),
      checkNewAnswer(),
      assertOnQuery(
        (q) => op(q).numRowsDroppedByWatermark === 2,
        'two late rows (session end 10 <= 11)',
      ),
      addData(input, r('spark', 30), r('streaming', 30)),
      checkNewAnswer(),
      addData(input, r('hello', 60), r('apache', 60), r('spark', 60)),
      checkNewAnswer(),
      addData(input, r('structured', 90), r('streaming', 90)),
      checkNewAnswer(
        s('spark', 25, 50, 3),
        s('streaming', 25, 51, 4),
        s('hello', 40, 51, 2),
        s('world', 40, 51, 2),
        s('structured', 41, 51, 1),
      ),
    ]
    await testStream(df, 'append', restarts ? withRestarts(script) : script)
  })

  it('S8 in update mode fails at start, as in Spark', async () => {
    const input = new MemoryStream(spark, 'key STRING, ts TIMESTAMP')
    const df = input
      .toDF()
      .withWatermark('ts', '30 seconds')
      .groupBy(session_window('ts', '10 seconds'), 'key')
      .count()
    await expect(
      df.writeStream.format('memory').queryName('s8u').outputMode('update').start(),
    ).rejects.toMatchObject({ code: 'SL_PLAN_UNSUPPORTED_OUTPUT_MODE' })
  })

  it('touching sessions merge; a dynamic gap per row; null or non-positive gaps are dropped', async () => {
    const input = new MemoryStream(spark, 'user STRING, ts TIMESTAMP')
    const gap = when(col('user').equalTo('user1'), '5 seconds')
      .when(col('user').equalTo('user3'), '0 seconds')
      .otherwise('20 seconds')
    const df = input.toDF().groupBy(session_window('ts', gap), 'user').count()
    const r = (user: string, t: number): { user: string; ts: number } => ({ user, ts: at(t) })
    await testStream(df, 'complete', [
      addData(
        input,
        r('user1', 10),
        r('user1', 15),
        r('user1', 21),
        r('user2', 10),
        r('user2', 30),
        r('user3', 10),
      ),
      checkAnswer(
        { session_window: { start: at(10), end: at(20) }, user: 'user1', count: 2 },
        { session_window: { start: at(21), end: at(26) }, user: 'user1', count: 1 },
        { session_window: { start: at(10), end: at(50) }, user: 'user2', count: 2 },
      ),
    ])
  })
})

/**
 * Stream-stream joins (spark-semantics §8; S20, S21): the symmetric hash join buffers both sides,
 * outer rows appear when the watermark evicts an unmatched row (in the no-data batch), late rows
 * are dropped per side, and Spark's start() rules reject unsupported outer joins and modes.
 * Times are seconds after B = 2026-01-01T00:00:00Z, so the first watermarks are B - x rather
 * than the epoch (an extra no-data batch compared with the Spark suites, same rows).
 */
import { describe, expect, it } from 'vitest'
import { SparkSession, col, window, type DataFrame } from '../../../src/index.js'
import {
  MemoryStream,
  addData,
  assertOnQuery,
  checkAnswer,
  checkNewAnswer,
  testStream,
} from '../../../src/testing/index.js'
import { at, both, win } from '../../support/scenario.js'
import { stepScript, type Step } from '../../support/step-script.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

const noData: Step['check'] = []

describe('stream-stream join', () => {
  // S20: both sides key = v, time = v s, watermark 10 s, window(time, 10 s); left value 2v,
  // right value 3v; left outer join on key and window.
  function s20(how: 'left_outer' | 'full_outer' = 'left_outer'): {
    left: MemoryStream
    right: MemoryStream
    df: DataFrame
  } {
    const left = new MemoryStream(spark, 'key INT, time TIMESTAMP, leftValue INT')
    const right = new MemoryStream(spark, 'key INT, time TIMESTAMP, rightValue INT')
    const side = (s: MemoryStream, value: string): DataFrame =>
      s
        .toDF()
        .withWatermark('time', '10 seconds')
        .select(col('key'), window(col('time'), '10 seconds'), col(value))
    return {
      left,
      right,
      df: side(left, 'leftValue').join(side(right, 'rightValue'), ['key', 'window'], how),
    }
  }
  const l = (...v: number[]) => v.map((x) => ({ key: x, time: at(x), leftValue: 2 * x }))
  const r = (...v: number[]) => v.map((x) => ({ key: x, time: at(x), rightValue: 3 * x }))
  const joined = (key: number, w: [number, number], lv: number, rv: number | null) => ({
    key,
    window: win(...w),
    leftValue: lv,
    rightValue: rv,
  })

  /** S20's first batch, the same for every join type: keys 3, 4 and 5 match in [0, 10). */
  const s20FirstStep = (left: MemoryStream, right: MemoryStream): Step => ({
    add: [addData(left, ...l(1, 2, 3, 4, 5)), addData(right, ...r(3, 4, 5, 6, 7))],
    check: [
      checkNewAnswer(
        joined(3, [0, 10], 6, 9),
        joined(4, [0, 10], 8, 12),
        joined(5, [0, 10], 10, 15),
      ),
    ],
  })

  both('S20: windowed left outer join; outer rows come with the watermark', async (restarts) => {
    const { left, right, df } = s20()
    expect(df.columns).toEqual(['key', 'window', 'leftValue', 'rightValue'])
    const steps: Step[] = [
      s20FirstStep(left, right),
      {
        add: [addData(left, ...l(21)), addData(right, ...r(22))],
        check: [
          checkNewAnswer(joined(1, [0, 10], 2, null), joined(2, [0, 10], 4, null)),
          assertOnQuery((q) => {
            const p = q.lastProgress!
            const op = p.stateOperators[0]!
            // The no-data batch evicted window [0, 10) on both sides; 21 and 22 remain.
            return (
              p.numInputRows === 0 &&
              op.operatorName === 'symmetricHashJoin' &&
              op.numRowsTotal === 2 &&
              p.eventTime?.['watermark'] === new Date(at(11) * 1000).toISOString()
            )
          }, 'no-data batch at watermark B+11 leaves the two [20, 30) rows'),
        ],
      },
      {
        add: [addData(left, ...l(22))],
        check: [checkNewAnswer(joined(22, [20, 30], 44, 66))],
      },
      {
        add: [addData(left, ...l(5)), addData(right, ...r(5))],
        check: [
          checkNewAnswer(),
          assertOnQuery(
            (q) => q.lastProgress!.stateOperators[0]!.numRowsDroppedByWatermark === 2,
            'window [0, 10) is late on both sides',
          ),
        ],
      },
    ]
    await testStream(df, 'append', stepScript(steps, restarts), { startImmediately: false })
  })

  both('S20 as a full outer join: unmatched rows of both sides come out', async (restarts) => {
    const { left, right, df } = s20('full_outer')
    expect(df.schema.fields.map((f) => f.nullable)).toEqual([true, true, true, true])
    const steps: Step[] = [
      s20FirstStep(left, right),
      {
        add: [addData(left, ...l(21)), addData(right, ...r(22))],
        check: [
          checkNewAnswer(
            joined(1, [0, 10], 2, null),
            joined(2, [0, 10], 4, null),
            { key: 6, window: win(0, 10), leftValue: null, rightValue: 18 },
            { key: 7, window: win(0, 10), leftValue: null, rightValue: 21 },
          ),
        ],
      },
    ]
    await testStream(df, 'append', stepScript(steps, restarts), { startImmediately: false })
  })

  // S21: leftKey = rightKey AND leftTime BETWEEN rightTime - 5 s AND rightTime + 5 s, both
  // sides watermark 10 s. Straight only: the per-side watermark maxima are not persisted (as in
  // Spark), so with a restart between single-side steps the global watermark never advances.
  function s21(how: 'left_outer' | 'right_outer') {
    const left = new MemoryStream(spark, 'leftKey INT, leftTime TIMESTAMP')
    const right = new MemoryStream(spark, 'rightKey INT, rightTime TIMESTAMP')
    const a = left.toDF().withWatermark('leftTime', '10 seconds')
    const b = right.toDF().withWatermark('rightTime', '10 seconds')
    const secs = (d: DataFrame, c: string) => d.col(c).cast('long')
    const cond = a
      .col('leftKey')
      .eq(b.col('rightKey'))
      .and(secs(a, 'leftTime').geq(secs(b, 'rightTime').minus(5)))
      .and(secs(a, 'leftTime').leq(secs(b, 'rightTime').plus(5)))
    return { left, right, df: a.join(b, cond, how) }
  }
  const lr = (k: number, t: number) => ({ leftKey: k, leftTime: at(t) })
  const rr = (k: number, t: number) => ({ rightKey: k, rightTime: at(t) })
  const out = (lk: number | null, rk: number | null, lt: number | null, rt: number | null) => ({
    leftKey: lk,
    rightKey: rk,
    leftTime: lt === null ? null : at(lt),
    rightTime: rt === null ? null : at(rt),
  })
  for (const how of ['left_outer', 'right_outer'] as const) {
    it(`S21: ${how.replace('_', ' ')} join with a time-range condition`, async () => {
      const { left, right, df } = s21(how)
      expect(df.columns).toEqual(['leftKey', 'leftTime', 'rightKey', 'rightTime'])
      const steps: Step[] = [
        { add: [addData(left, lr(1, 5), lr(3, 5))], check: [checkNewAnswer()] },
        { add: [addData(right, rr(1, 10), rr(2, 5))], check: [checkNewAnswer(out(1, 1, 5, 10))] },
        { add: [addData(right, rr(1, 11))], check: [checkNewAnswer()] },
        {
          add: [addData(left, lr(1, 7), lr(1, 30))],
          check: [checkNewAnswer(out(1, 1, 7, 10), out(1, 1, 7, 11))],
        },
        {
          add: [addData(right, rr(0, 30))],
          check: [
            checkNewAnswer(how === 'left_outer' ? out(3, null, 5, null) : out(null, 2, null, 5)),
          ],
        },
        { add: [addData(right, rr(0, 30))], check: noData },
        {
          add: [],
          check: [
            checkAnswer(
              out(1, 1, 5, 10),
              out(1, 1, 7, 10),
              out(1, 1, 7, 11),
              how === 'left_outer' ? out(3, null, 5, null) : out(null, 2, null, 5),
            ),
          ],
        },
      ]
      await testStream(df, 'append', stepScript(steps, false), { startImmediately: false })
    })
  }

  both('inner join without watermarks keeps every row and matches across batches', async (re) => {
    const a = new MemoryStream(spark, 'k STRING, x INT')
    const b = new MemoryStream(spark, 'k STRING, y INT')
    const df = a.toDF().join(b.toDF(), 'k')
    const steps: Step[] = [
      {
        add: [addData(a, { k: 'p', x: 1 }, { k: null, x: 0 }), addData(b, { k: 'q', y: 10 })],
        check: [checkNewAnswer()],
      },
      {
        add: [addData(b, { k: 'p', y: 20 }, { k: null, y: 0 })],
        check: [checkNewAnswer({ k: 'p', x: 1, y: 20 })],
      },
      {
        add: [addData(a, { k: 'q', x: 2 }, { k: 'p', x: 3 }), addData(b, { k: 'p', y: 30 })],
        check: [
          checkNewAnswer(
            { k: 'q', x: 2, y: 10 },
            { k: 'p', x: 3, y: 20 },
            { k: 'p', x: 3, y: 30 },
            { k: 'p', x: 1, y: 30 },
          ),
          assertOnQuery(
            (q) => q.lastProgress!.stateOperators[0]!.numRowsTotal === 6,
            'null keys are not buffered; six rows stay in state for ever',
          ),
        ],
      },
    ]
    await testStream(df, 'append', stepScript(steps, re), { startImmediately: false })
  })

  /** Two streams with the same columns, joined on id with different v. */
  const sameNameJoin = () => {
    const a = new MemoryStream(spark, 'id INT, v STRING')
    const b = new MemoryStream(spark, 'id INT, v STRING')
    const da = a.toDF()
    const db = b.toDF()
    const df = da.join(
      db,
      da
        .col('id')
        .eq(db.col('id'))
        .and(da.col('v').notEqual(db.col('v'))),
    )
    return { a, b, da, db, df }
  }

  it('inner join on a condition with the same column name on both sides', async () => {
    const { a, b, da, db, df } = sameNameJoin()
    expect(df.columns).toEqual(['id', 'v', 'id', 'v'])
    // A bare name both sides have is ambiguous after the join, as Spark's AMBIGUOUS_REFERENCE;
    // df.col(name) is that DataFrame's column (Spark resolves PySpark's df['v'] by plan id).
    expect(() => df.select(col('v'))).toThrow(
      expect.objectContaining({ code: 'SL_PLAN_AMBIGUOUS_REFERENCE' }),
    )
    const steps = (rows: readonly unknown[]) =>
      stepScript(
        [
          {
            add: [addData(a, { id: 1, v: 'a' }, { id: 2, v: 'b' }), addData(b, { id: 1, v: 'a' })],
            check: [checkNewAnswer()],
          },
          { add: [addData(b, { id: 2, v: 'c' })], check: [checkNewAnswer(rows)] },
        ],
        false,
      )
    await testStream(df, 'append', steps([2, 'b', 2, 'c']), { startImmediately: false })
    expect(() => da.join(db, col('id').eq(1))).toThrow(/ambiguous/)
  })

  it('df.col(name) after a join on a condition is that DataFrame’s column when both sides have one', async () => {
    const { a, b, da, db, df } = sameNameJoin()
    // Each side's v by its DataFrame (Spark resolves PySpark's df['v'] by the plan id of df),
    // in either order, in a filter above the join and in a projection.
    const picked = df
      .filter(db.col('v').notEqual('x'))
      .select(db.col('v').alias('bv'), da.col('v'), da.col('id'))
    expect(picked.columns).toEqual(['bv', 'v', 'id'])
    await testStream(
      picked,
      'append',
      stepScript(
        [
          {
            add: [addData(a, { id: 1, v: 'a' }, { id: 2, v: 'b' }), addData(b, { id: 1, v: 'a' })],
            check: [checkNewAnswer()],
          },
          {
            add: [addData(b, { id: 2, v: 'c' }, { id: 2, v: 'x' })],
            check: [checkNewAnswer(['c', 'b', 2])],
          },
        ],
        false,
      ),
      { startImmediately: false },
    )
  })

  // Spark ≥ 3.4 propagates watermarks: an aggregation after a time-range join sees the join's
  // output watermark, the global one minus the 5 s range (and 1 ms), so window [0, 10) closes
  // only once the global watermark passes B+15.001, not B+10.
  both(
    'an aggregation after a time-range join closes windows by the join’s watermark',
    async (re) => {
      const left = new MemoryStream(spark, 'k INT, lt TIMESTAMP')
      const right = new MemoryStream(spark, 'k2 INT, rt TIMESTAMP')
      const a = left.toDF().withWatermark('lt', '10 seconds')
      const b = right.toDF().withWatermark('rt', '10 seconds')
      const lt = a.col('lt').cast('long')
      const rt = b.col('rt').cast('long')
      const df = a
        .join(
          b,
          a
            .col('k')
            .eq(b.col('k2'))
            .and(lt.geq(rt.minus(5)))
            .and(lt.leq(rt.plus(5))),
        )
        .groupBy(window(col('lt'), '10 seconds'))
        .count()
      const pair = (k: number, l: number, r: number): Step['add'] => [
        addData(left, { k, lt: at(l) }),
        addData(right, { k2: k, rt: at(r) }),
      ]
      const steps: Step[] = [
        { add: [...pair(1, 1, 3), ...pair(2, 2, 8)], check: [checkNewAnswer()] },
        // Global watermark B+11 would close [0, 10); the join's B+5.999 does not.
        { add: pair(3, 21, 24), check: [checkNewAnswer()] },
        { add: pair(4, 31, 33), check: [checkNewAnswer({ window: win(0, 10), count: 1 })] },
        { add: pair(5, 46, 46), check: [checkNewAnswer({ window: win(20, 30), count: 1 })] },
      ]
      await testStream(df, 'append', stepScript(steps, re), { startImmediately: false })
    },
  )

  describe('checked at start()', () => {
    const a = new MemoryStream(spark, 'k INT, t TIMESTAMP')
    const b = new MemoryStream(spark, 'k INT, t2 TIMESTAMP')
    const start = (df: DataFrame, mode = 'append') =>
      df.writeStream
        .format('memory')
        .queryName(`ssj_${Math.random()}`.replace('.', ''))
        .outputMode(mode)
        .start()

    it('a left outer join without watermarks or a range condition fails with Spark’s rule', async () => {
      await expect(start(a.toDF().join(b.toDF(), 'k', 'left_outer'))).rejects.toMatchObject({
        code: 'SL_PLAN_STREAM_JOIN_UNSUPPORTED',
        message: expect.stringMatching(/watermark in the join keys.*range condition/) as unknown,
      })
      // A watermark alone is not enough: the condition must bound the times.
      const wa = a.toDF().withWatermark('t', '10 seconds')
      const wb = b.toDF().withWatermark('t2', '10 seconds')
      await expect(start(wa.join(wb, 'k', 'right_outer'))).rejects.toMatchObject({
        code: 'SL_PLAN_STREAM_JOIN_UNSUPPORTED',
      })
      // The nullable side (right) needs the watermark for a left outer range join.
      const range = (x: DataFrame, y: DataFrame) =>
        x
          .col('k')
          .eq(y.col('k'))
          .and(x.col('t').cast('long').geq(y.col('t2').cast('long')))
      const nb = b.toDF()
      await expect(start(wa.join(nb, range(wa, nb), 'left_outer'))).rejects.toMatchObject({
        code: 'SL_PLAN_STREAM_JOIN_UNSUPPORTED',
      })
      const q = await start(wa.join(wb, range(wa, wb), 'left_outer'))
      await q.stop()
    })

    it('a full outer join needs two streams', async () => {
      const users = spark.createDataFrame([{ k: 1, name: 'ann' }], 'k INT, name STRING')
      await expect(start(a.toDF().join(users, 'k', 'full_outer'))).rejects.toMatchObject({
        code: 'SL_PLAN_UNSUPPORTED_OPERATION',
      })
    })

    it('update and complete modes are rejected for stream-stream joins', async () => {
      await expect(start(a.toDF().join(b.toDF(), 'k'), 'update')).rejects.toMatchObject({
        code: 'SL_PLAN_UNSUPPORTED_OUTPUT_MODE',
        message: expect.stringMatching(/two streaming DataFrames/) as unknown,
      })
    })
  })
})

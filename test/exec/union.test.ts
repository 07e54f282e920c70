/**
 * `union` of two streams (spark-semantics §3.2, S18): the rows of both, each side with its own
 * watermark; the query's watermark is the min (default) or max of the two, stays at 0 under `min`
 * until both have seen data, never decreases, and after a restart keeps the policy pinned in the
 * offsets log. Each scenario runs straight and with a stop/restart around every step.
 */
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { EngineError, SparkSession, col, lit } from '../../src/index.js'
import {
  MemoryStream,
  addData,
  assertOnQuery,
  checkAnswer,
  checkNewAnswer,
  testStream,
  type StreamAction,
} from '../../src/testing/index.js'
import { at, both } from '../support/scenario.js'
import { stepScript, type Step } from '../support/step-script.js'

const session = (policy?: 'min' | 'max'): SparkSession => {
  const spark = SparkSession.builder().getOrCreate().newSession()
  spark.conf.set('spark.sql.session.timeZone', 'UTC')
  if (policy) spark.conf.set('spark.sql.streaming.multipleWatermarkPolicy', policy)
  return spark
}

const iso = (s: number): string => new Date(at(s) * 1000).toISOString()
const EPOCH = '1970-01-01T00:00:00.000Z'

/** A probe row into s1 whose batch reports the watermark the previous step produced. */
function probe(s1: MemoryStream, expected: string): Step {
  return {
    add: [addData(s1, { ts: at(1) })],
    check: [
      assertOnQuery(
        (q) => q.lastProgress?.eventTime?.['watermark'] === expected,
        `watermark ${expected}`,
      ),
    ],
  }
}

function twoStreams(spark: SparkSession, delay2 = '15 seconds') {
  const s1 = new MemoryStream(spark, 'ts TIMESTAMP')
  const s2 = new MemoryStream(spark, 'ts TIMESTAMP')
  const df = s1
    .toDF()
    .withWatermark('ts', '10 seconds')
    .union(s2.toDF().withWatermark('ts', delay2))
  return { s1, s2, df }
}

const processed: StreamAction = assertOnQuery(() => true, 'processed')

describe('union of two streams (S18)', () => {
  both('policy min: watermark is the lower side; one side alone does not move it', async (r) => {
    const { s1, s2, df } = twoStreams(session())
    const steps: Step[] = [
      { add: [addData(s1, { ts: at(20) }), addData(s2, { ts: at(30) })], check: [processed] },
      probe(s1, iso(10)),
      { add: [addData(s1, { ts: at(120) }), addData(s2, { ts: at(130) })], check: [processed] },
      probe(s1, iso(110)),
      { add: [addData(s2, { ts: at(150) })], check: [processed] },
      probe(s1, iso(110)),
    ]
    await testStream(df, 'append', stepScript(steps, r), { startImmediately: false })
  })

  both('policy max: watermark is the higher side', async (r) => {
    const { s1, s2, df } = twoStreams(session('max'))
    const steps: Step[] = [
      { add: [addData(s1, { ts: at(20) }), addData(s2, { ts: at(30) })], check: [processed] },
      probe(s1, iso(15)),
      { add: [addData(s1, { ts: at(120) }), addData(s2, { ts: at(130) })], check: [processed] },
      probe(s1, iso(115)),
      { add: [addData(s1, { ts: at(150) })], check: [processed] },
      probe(s1, iso(140)),
    ]
    await testStream(df, 'append', stepScript(steps, r), { startImmediately: false })
  })

  // Straight only: per-side maxima are not persisted (as in Spark), so a restart between steps
  // legitimately changes this scenario's watermarks (see the restart test below).
  it('policy min: stays at the epoch until both sides saw data, never decreases', async () => {
    const r = false
    // EventTimeWatermarkSuite "watermark with 2 streams": delays 10 s and 5 s.
    const { s1, s2, df } = twoStreams(session(), '5 seconds')
    const steps: Step[] = [
      { add: [addData(s1, { ts: at(11) })], check: [processed] },
      probe(s1, EPOCH),
      { add: [addData(s2, { ts: at(6) })], check: [processed] },
      probe(s1, iso(1)),
      { add: [addData(s2, { ts: at(8) })], check: [processed] },
      probe(s1, iso(1)),
      { add: [addData(s1, { ts: at(21) })], check: [processed] },
      probe(s1, iso(3)),
      { add: [addData(s2, ...[17, 28, 39].map((t) => ({ ts: at(t) })))], check: [processed] },
      probe(s1, iso(11)),
      { add: [addData(s1, { ts: at(51) })], check: [processed] },
      probe(s1, iso(34)),
      { add: [addData(s1, { ts: at(7) })], check: [processed] },
      probe(s1, iso(34)),
    ]
    await testStream(df, 'append', stepScript(steps, r), { startImmediately: false })
  })

  it('a restart keeps the watermark and the pinned policy min even when the session says max', async () => {
    const spark = session()
    const { s1, s2, df } = twoStreams(spark)
    const checkpointLocation = join(tmpdir(), `streamlake-union-${randomUUID()}`)
    const run = async (feed: () => void): Promise<string | undefined> => {
      const q = await df.writeStream
        .format('memory')
        .queryName('union_restart')
        .option('checkpointLocation', checkpointLocation)
        .start()
      try {
        feed()
        await q.processAllAvailable()
        s1.addData({ ts: at(1) })
        await q.processAllAvailable()
        return q.lastProgress?.eventTime?.['watermark']
      } finally {
        await q.stop()
      }
    }
    expect(await run(() => (s1.addData({ ts: at(20) }), s2.addData({ ts: at(30) })))).toBe(iso(10))
    expect(await run(() => (s1.addData({ ts: at(120) }), s2.addData({ ts: at(130) })))).toBe(
      iso(110),
    )
    spark.conf.set('spark.sql.streaming.multipleWatermarkPolicy', 'max')
    // Under max, s1 alone would give 140; the pinned min keeps 110. The per-side maxima are not
    // persisted either, so after the restart s2 counts as silent (0) until it sees data again.
    expect(await run(() => s1.addData({ ts: at(150) }))).toBe(iso(110))
    expect(await run(() => s2.addData({ ts: at(200) }))).toBe(iso(110))
  })

  both('rows of both streams pass through, duplicates kept, in every batch', async (r) => {
    const spark = session()
    const a = new MemoryStream(spark, 'k STRING, v INT')
    const b = new MemoryStream(spark, 'v BIGINT, k STRING')
    const df = a.toDF().union(b.toDF().select('k', 'v'))
    expect(df.schema.fields.map((f) => `${f.name}:${f.dataType.type}`)).toEqual([
      'k:string',
      'v:long',
    ])
    const steps: Step[] = [
      {
        add: [addData(a, { k: 'x', v: 1 }), addData(b, { k: 'x', v: 1 })],
        check: [checkNewAnswer({ k: 'x', v: 1 }, { k: 'x', v: 1 })],
      },
      { add: [addData(b, { k: 'y', v: 2 })], check: [checkNewAnswer({ k: 'y', v: 2 })] },
      { add: [addData(a, { k: 'z', v: 3 })], check: [checkNewAnswer({ k: 'z', v: 3 })] },
      {
        add: [],
        check: [
          checkAnswer({ k: 'x', v: 1 }, { k: 'x', v: 1 }, { k: 'y', v: 2 }, { k: 'z', v: 3 }),
        ],
      },
    ]
    await testStream(df, 'append', stepScript(steps, r), { startImmediately: false })
  })
})

describe('union analysis', () => {
  const spark = session()
  const ab = spark.createDataFrame([{ a: 1, b: 'x' }], 'a INT, b STRING')

  it('unionByName matches columns by name and can fill missing ones with nulls', async () => {
    const ba = spark.createDataFrame([{ b: 'y', a: 2 }], 'b STRING, a INT')
    expect(await ab.unionByName(ba).collect()).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ])
    const ac = spark.createDataFrame([{ a: 3, c: true }], 'a INT, c BOOLEAN')
    const filled = ab.unionByName(ac, { allowMissingColumns: true })
    expect(filled.columns).toEqual(['a', 'b', 'c'])
    expect(await filled.collect()).toEqual([
      { a: 1, b: 'x', c: null },
      { a: 3, b: null, c: true },
    ])
  })

  it('rejects a different column count, incompatible types and a missing name', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f()
      } catch (e) {
        return e instanceof EngineError ? e.code : String(e)
      }
      return undefined
    }
    expect(code(() => ab.union(ab.select('a')))).toBe('SL_PLAN_UNION_COLUMN_COUNT')
    expect(code(() => ab.union(ab.select(col('b'), col('a'))))).toBe('SL_PLAN_UNION_TYPE_MISMATCH')
    expect(code(() => ab.unionByName(ab.select('a', lit(1).alias('c'))))).toBe(
      'SL_PLAN_UNION_MISSING_COLUMN',
    )
  })

  it('rejects a union of a stream with a batch DataFrame at start()', async () => {
    const s = new MemoryStream(spark, 'a INT, b STRING')
    await expect(
      s.toDF().union(ab).writeStream.format('memory').queryName('u_bad').start(),
    ).rejects.toMatchObject({ code: 'SL_PLAN_UNSUPPORTED_OPERATION' })
  })
})

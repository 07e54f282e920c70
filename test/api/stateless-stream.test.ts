import { describe, expect, it } from 'vitest'
import { SparkSession, col, current_timestamp, lit } from '../../src/index.js'
import {
  ManualClock,
  MemoryStream,
  addData,
  advanceClock,
  assertOnQuery,
  checkAnswer,
  checkLastBatch,
  checkNewAnswer,
  startStream,
  stopStream,
  testStream,
} from '../../src/testing/index.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

describe('stateless streaming queries', () => {
  it('filters and projects each batch, across a restart from the checkpoint', async () => {
    const input = new MemoryStream(spark, 'key STRING, value INT')
    const df = input
      .toDF()
      .filter(col('value').gt(1))
      .select(col('key'), col('value').multiply(10).alias('v10'))
    await testStream(df, 'append', [
      addData(input, { key: 'a', value: 1 }, { key: 'b', value: 2 }),
      checkAnswer({ key: 'b', v10: 20 }),
      stopStream,
      addData(input, { key: 'c', value: 3 }),
      startStream(),
      checkNewAnswer({ key: 'c', v10: 30 }),
      addData(input, { key: 'd', value: 0 }, { key: 'e', value: null }),
      checkLastBatch(),
      checkAnswer({ key: 'b', v10: 20 }, { key: 'c', v10: 30 }),
    ])
  })

  it('withColumn adds and replaces columns; SQL null semantics hold', async () => {
    const input = new MemoryStream(spark, 'a INT, b INT')
    const df = input
      .toDF()
      .withColumn('sum', col('a').plus(col('b')))
      .withColumn('a', col('a').isNull())
    await testStream(df, 'append', [
      addData(input, { a: 1, b: 2 }, { a: null, b: 5 }),
      checkAnswer({ a: false, b: 2, sum: 3 }, { a: true, b: 5, sum: null }),
    ])
  })

  it('current_timestamp() is the batch time of the offsets log (manual clock, processing-time trigger)', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 0))
    const input = new MemoryStream(spark, 'x INT')
    const df = input.toDF().select(col('x'), current_timestamp().alias('t'))
    await testStream(
      df,
      'append',
      [
        startStream({ trigger: { processingTime: '10 seconds' } }),
        addData(input, { x: 1 }),
        advanceClock(10_000),
        checkAnswer({ x: 1, t: '2026-01-01 00:00:10' }),
        addData(input, { x: 2 }),
        advanceClock(10_000),
        checkNewAnswer({ x: 2, t: '2026-01-01 00:00:20' }),
        assertOnQuery((q) => q.lastProgress?.batchId === 1, 'two batches ran'),
      ],
      { clock, startImmediately: false },
    )
  })

  it('rejects complete mode without an aggregation before the first batch', async () => {
    const input = new MemoryStream(spark, 'x INT')
    await expect(
      input.toDF().writeStream.format('memory').queryName('c1').outputMode('complete').start(),
    ).rejects.toMatchObject({
      code: 'SL_PLAN_UNSUPPORTED_OUTPUT_MODE',
    })
  })

  it('rejects an unknown column when the transformation is written', () => {
    const input = new MemoryStream(spark, 'x INT')
    expect(() => input.toDF().select(col('y'))).toThrow(
      /Column y does not exist. Available columns: x/,
    )
  })

  it('fails the query (not the process) on a division by zero, as Spark 4 ANSI mode does', async () => {
    const input = new MemoryStream(spark, 'x INT')
    const q = await input
      .toDF()
      .select(lit(1).divide(col('x')).alias('r'))
      .writeStream.format('memory')
      .queryName('div')
      .start()
    input.addData({ x: 0 })
    await expect(q.awaitTermination(10_000)).rejects.toMatchObject({
      code: 'SL_EXEC_DIVIDE_BY_ZERO',
    })
    expect(q.exception()?.batchId).toBe(0)
  })

  it('publishes Spark-shaped progress per batch', async () => {
    const input = new MemoryStream(spark, 'x INT')
    const q = await input.toDF().writeStream.format('memory').queryName('progress_test').start()
    input.addData({ x: 1 }, { x: 2 })
    await q.processAllAvailable()
    await q.stop()
    const p = q.lastProgress!
    expect(Object.keys(p)).toEqual([
      'id',
      'runId',
      'name',
      'timestamp',
      'batchId',
      'batchDuration',
      'numInputRows',
      'inputRowsPerSecond',
      'processedRowsPerSecond',
      'durationMs',
      'stateOperators',
      'sources',
      'sink',
    ])
    expect(p).toMatchObject({
      id: q.id,
      runId: q.runId,
      name: 'progress_test',
      batchId: 0,
      numInputRows: 2,
      sink: { description: 'MemorySink[progress_test]', numOutputRows: 2 },
    })
    // Rows over the time since the previous trigger start (Spark): 0 for the run's first trigger,
    // positive when an idle trigger came before the data (it then left an idle progress).
    const idleFirst = q.recentProgress.some((x) => !('addBatch' in x.durationMs))
    if (idleFirst) expect(p.inputRowsPerSecond).toBeGreaterThan(0)
    else expect(p.inputRowsPerSecond).toBe(0)
    expect(p.sources[0]).toMatchObject({
      startOffset: null,
      endOffset: { offset: 1 },
      numInputRows: 2,
    })
    expect(Object.keys(p.durationMs)).toEqual([...Object.keys(p.durationMs)].sort())
    expect(p.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    expect(q.status).toEqual({ message: 'Stopped', isDataAvailable: false, isTriggerActive: false })
  })
})

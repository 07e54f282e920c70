import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SparkSession, col } from '../../../src/index.js'
import {
  ManualClock,
  advanceClock,
  assertOnQuery,
  checkNewAnswer,
  startStream,
  stopStream,
  testStream,
} from '../../../src/testing/index.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

const T0 = Date.UTC(2026, 0, 1, 0, 0, 0)

describe('rate source (readStream.format("rate"))', () => {
  it('has Spark’s fixed columns and refuses a user schema', () => {
    const df = spark.readStream.format('rate').load()
    expect(df.schema.fields.map((f) => [f.name, f.dataType.type, f.nullable])).toEqual([
      ['timestamp', 'timestamp', true],
      ['value', 'long', true],
    ])
    expect(() => spark.readStream.format('rate').schema('x INT').load()).toThrow(
      expect.objectContaining({ code: 'SL_API_INVALID_OPTION', option: 'schema' }),
    )
  })

  it('generates rowsPerSecond rows per elapsed second, survives a restart, writes Spark’s offsets', async () => {
    const clock = new ManualClock(T0)
    const checkpoint = mkdtempSync(join(tmpdir(), 'rate-'))
    const df = spark.readStream
      .format('rate')
      .option('rowsPerSecond', 10)
      .option('numPartitions', 3)
      .load()
      .select(col('value'), col('timestamp').cast('long').alias('secs'), col('timestamp'))
    const expected = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => ({
        value: from + i,
        secs: Math.floor((T0 + (from + i) * 100) / 1000),
        timestamp: new Date(T0 + (from + i) * 100).toISOString().replace('T', ' ').replace('Z', ''),
      }))
    await testStream(
      df,
      'append',
      [
        startStream({ trigger: { processingTime: '1 second' } }),
        checkNewAnswer(), // batch 0: offset 0, nothing generated yet (as Spark)
        advanceClock(1_000),
        checkNewAnswer(...expected(0, 10)),
        advanceClock(2_500), // 3.5 s elapsed: whole seconds only
        checkNewAnswer(...expected(10, 30)),
        stopStream,
        advanceClock(1_000),
        startStream({ trigger: { processingTime: '1 second' } }),
        checkNewAnswer(...expected(30, 40)),
        assertOnQuery((q) => q.lastProgress?.numInputRows === 10, 'the last batch read 10 rows'),
      ],
      { clock, startImmediately: false, checkpointLocation: checkpoint },
    )
    // Spark's RateStreamMicroBatchStream: sources/0/0 holds the creation time, offsets are seconds.
    expect(readFileSync(join(checkpoint, 'sources', '0', '0'), 'utf8')).toBe(`v1\n${T0}`)
    const offsets = readdirSync(join(checkpoint, 'offsets'))
      .filter((n) => /^\d+$/.test(n))
      .sort((a, b) => Number(a) - Number(b))
      .map((n) => readFileSync(join(checkpoint, 'offsets', n), 'utf8').split('\n')[2])
    expect(offsets).toEqual(['0', '1', '3', '4'])
  })

  it('ramps up over rampUpTime (rowsPerSecond 10, rampUpTime 4s: 0 2 6 12 20 30 rows)', async () => {
    const clock = new ManualClock(T0)
    const df = spark.readStream
      .format('rate')
      .option('rowsPerSecond', 10)
      .option('rampUpTime', '4s')
      .load()
      .select(col('value'))
    const vals = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => ({ value: from + i }))
    await testStream(
      df,
      'append',
      [
        startStream({ trigger: { processingTime: '1 second' } }),
        advanceClock(1_000),
        checkNewAnswer(...vals(0, 2)),
        advanceClock(1_000),
        checkNewAnswer(...vals(2, 6)),
        advanceClock(3_000),
        checkNewAnswer(...vals(6, 30)),
      ],
      { clock, startImmediately: false },
    )
  })

  it('Trigger.AvailableNow reads what was generated when it started, then stops', async () => {
    const clock = new ManualClock(T0)
    const checkpoint = mkdtempSync(join(tmpdir(), 'rate-an-'))
    const df = spark.readStream
      .format('rate')
      .option('rowsPerSecond', 2)
      .load()
      .select(col('value'))
    const batches: unknown[][] = []
    const run = async () => {
      const q = await df.writeStream
        .foreachBatch(async (b) => {
          batches.push((await b.collect()).map((r) => r['value']))
        })
        .option('checkpointLocation', checkpoint)
        .trigger({ availableNow: true })
        .start()
      await q.awaitTermination()
    }
    const previous = spark.streams.clock
    spark.streams.clock = clock
    try {
      // The first run creates the source at T0: one empty batch (Spark does the same).
      await run()
      clock.advance(3_000)
      await run()
    } finally {
      spark.streams.clock = previous
    }
    expect(batches).toEqual([[], [0, 1, 2, 3, 4, 5]])
  })
})

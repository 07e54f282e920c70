/** Bad queries fail at the call or at start() with an error naming the rule and the fix. */
import { describe, expect, it } from 'vitest'
import { SparkSession, count, session_window, window } from '../../src/index.js'
import { MemoryStream } from '../../src/testing/index.js'

const spark = SparkSession.builder().getOrCreate().newSession()

describe('streaming plan checks', () => {
  const input = new MemoryStream(spark, 'ts TIMESTAMP, s STRING, k STRING')
  const start = (df: ReturnType<typeof input.toDF>, mode: string): Promise<unknown> =>
    df.writeStream.format('memory').queryName(`q${Math.random()}`).outputMode(mode).start()

  it('append without a watermark on a grouping column says which rule and what to add', async () => {
    await expect(
      start(input.toDF().groupBy(window('ts', '5 minutes')).count(), 'append'),
    ).rejects.toThrow(
      /Append output mode is not supported for streaming aggregations without a watermark.*withWatermark/,
    )
    await expect(
      start(input.toDF().withWatermark('ts', '1 minute').groupBy('k').count(), 'append'),
    ).rejects.toMatchObject({
      code: 'SL_PLAN_UNSUPPORTED_OUTPUT_MODE',
    })
  })

  it('a watermark on a missing or non-timestamp column fails where it is declared', () => {
    expect(() => input.toDF().withWatermark('time', '10 minutes')).toThrow(
      /Column time does not exist/,
    )
    expect(() => input.toDF().withWatermark('s', '10 minutes')).toThrow(
      /withWatermark column s: expected timestamp, got string/,
    )
  })

  it('a misspelt duration names the argument and shows a valid example', () => {
    expect(() => window('ts', '5 minuets')).toThrow(/5 minuets/)
    expect(() => window('ts', '5 minutes', '10 minutes')).toThrow(
      /slide duration must not be longer/,
    )
    expect(() => input.toDF().withWatermark('ts', '-1 minute')).toThrow(/must not be negative/)
  })

  it('complete mode needs an aggregation; update mode rejects session windows', async () => {
    await expect(start(input.toDF().dropDuplicates(), 'complete')).rejects.toMatchObject({
      code: 'SL_PLAN_UNSUPPORTED_OUTPUT_MODE',
    })
    const sessions = input
      .toDF()
      .withWatermark('ts', '1 hour')
      .groupBy(session_window('ts', '30 minutes'), 'k')
      .agg(count('*'))
    await expect(start(sessions, 'update')).rejects.toThrow(
      /Update output mode is not supported for session window/,
    )
  })

  it('a global session window aggregation is rejected (needs another grouping column)', async () => {
    const global = input
      .toDF()
      .withWatermark('ts', '1 hour')
      .groupBy(session_window('ts', '30 minutes'))
      .agg(count('*'))
    await expect(start(global, 'append')).rejects.toThrow(
      /at least one column besides session_window/,
    )
  })

  it('chained aggregations are rejected in update and complete mode', async () => {
    const chained = input.toDF().groupBy('k').count().groupBy('count').count()
    await expect(start(chained, 'complete')).rejects.toThrow(
      /stateful operator after a streaming aggregation/,
    )
  })

  it('non-aggregates inside agg() are rejected', () => {
    expect(() => input.toDF().groupBy('k').agg(window('ts', '1 minute'))).toThrow(
      /is not an aggregate function/,
    )
  })
})

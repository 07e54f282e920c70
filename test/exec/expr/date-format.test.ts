import { describe, expect, it } from 'vitest'
import { SparkSession, col, date_format } from '../../../src/index.js'
import { MemoryStream, addData, checkAnswer, testStream } from '../../../src/testing/index.js'

const spark = SparkSession.builder().getOrCreate().newSession()

describe('date_format in a streaming query', () => {
  it('formats timestamps, and dates in the session time zone', async () => {
    const session = spark.newSession()
    session.conf.set('spark.sql.session.timeZone', 'America/Los_Angeles')
    const input = new MemoryStream(session, 'ts TIMESTAMP, d DATE')
    const df = input
      .toDF()
      .select(
        date_format('ts', "yyyy-MM-dd'T'HH:mm:ss.SSSXXX").alias('iso'),
        date_format(col('ts'), 'EEE, d MMM yyyy h:mm a z').alias('human'),
        date_format('d', 'yyyy-MM-dd HH:mm EEEE').alias('day'),
      )
    // 2026-03-08T10:30:00.123Z is 03:30:00.123 PDT (DST began at 10:00 UTC that day).
    await testStream(df, 'append', [
      addData(input, { ts: new Date('2026-03-08T10:30:00.123Z'), d: '2026-03-04' }),
      checkAnswer({
        iso: '2026-03-08T03:30:00.123-07:00',
        human: 'Sun, 8 Mar 2026 3:30 AM PDT',
        day: '2026-03-04 00:00 Wednesday',
      }),
    ])
  })

  it('rejects an invalid pattern when the query is defined (before start), naming it', () => {
    const input = new MemoryStream(spark, 'ts TIMESTAMP')
    expect(() => input.toDF().select(date_format('ts', 'YYYY-ww'))).toThrow(
      expect.objectContaining({
        code: 'SL_PLAN_INVALID_DATETIME_PATTERN',
        message: expect.stringContaining("'YYYY-ww'") as unknown,
      }),
    )
  })
})

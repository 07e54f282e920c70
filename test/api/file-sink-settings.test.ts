import { describe, expect, it } from 'vitest'
import { fileSinkLogSettings } from '../../src/api/file-sink-settings.js'
import { SparkSession } from '../../src/index.js'

describe('file sink log settings', () => {
  it("defaults to Spark's: interval 10, deletion on, 10 minutes delay, 100 batches, no retention", () => {
    const spark = SparkSession.builder().getOrCreate().newSession()
    expect(fileSinkLogSettings(spark.conf, {})).toEqual({
      compactInterval: 10,
      deletion: true,
      cleanupDelayMs: 600_000,
      minBatchesToRetain: 100,
    })
  })

  it('reads the session settings and the retention option as Spark time strings', () => {
    const spark = SparkSession.builder().getOrCreate().newSession()
    spark.conf.set('spark.sql.streaming.fileSink.log.compactInterval', '3')
    spark.conf.set('spark.sql.streaming.fileSink.log.deletion', 'false')
    spark.conf.set('spark.sql.streaming.fileSink.log.cleanupDelay', '90s')
    spark.conf.set('spark.sql.streaming.minBatchesToRetain', '5')
    expect(fileSinkLogSettings(spark.conf, { retention: '7d' })).toEqual({
      compactInterval: 3,
      deletion: false,
      cleanupDelayMs: 90_000,
      minBatchesToRetain: 5,
      retentionMs: 7 * 86_400_000,
    })
    spark.conf.set('spark.sql.streaming.fileSink.log.cleanupDelay', '250')
    expect(fileSinkLogSettings(spark.conf, { retention: '2h' })).toMatchObject({
      cleanupDelayMs: 250,
      retentionMs: 7_200_000,
    })
  })

  it('refuses a non-positive interval and malformed durations, naming the setting', () => {
    const spark = SparkSession.builder().getOrCreate().newSession()
    spark.conf.set('spark.sql.streaming.fileSink.log.compactInterval', '0')
    expect(() => fileSinkLogSettings(spark.conf, {})).toThrow(/compactInterval/)
    spark.conf.set('spark.sql.streaming.fileSink.log.compactInterval', '10')
    expect(() => fileSinkLogSettings(spark.conf, { retention: 'soon' })).toThrow(/retention/)
  })
})

/**
 * The seed's late-data expectation: with a 10-minute watermark, an event 5 minutes behind the
 * newest event time is still counted in its window, one 15 minutes behind is dropped — and both
 * facts are visible in progress (numRowsDroppedByWatermark, the watermark).
 */
import { describe, expect, it } from 'vitest'
import { SparkSession, count, window } from '../../../src/index.js'
import { MemoryStream } from '../../../src/testing/index.js'
import { at } from '../../support/scenario.js'
import { tempDir } from '../../support/temp-dir.js'
import { join } from 'node:path'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

describe('late data with a 10-minute watermark', () => {
  it('counts an event 5 minutes late, drops one 15 minutes late, and reports both', async () => {
    const input = new MemoryStream(spark, 'timestamp TIMESTAMP, event_type STRING')
    const df = input
      .toDF()
      .withWatermark('timestamp', '10 minutes')
      .groupBy(window('timestamp', '5 minutes'), 'event_type')
      .agg(count('*').alias('event_count'))
    const lateTable = join(await tempDir(), 'late_events')
    const q = await df.writeStream
      .format('memory')
      .queryName('late_data')
      .outputMode('update')
      .option('lateDataPath', lateTable)
      .start()
    const minute = 60
    input.addData({ timestamp: at(60 * minute), event_type: 'click' }) // newest event: B+60min
    await q.processAllAvailable()
    expect(q.lastProgress!.eventTime!['watermark']).toBe(
      new Date(at(50 * minute) * 1000).toISOString(),
    )
    input.addData(
      { timestamp: at(55 * minute), event_type: 'click' },
      { timestamp: at(45 * minute), event_type: 'click' },
    )
    await q.processAllAvailable()
    await q.stop()
    const last = q.recentProgress.at(-1)!
    expect(last.numInputRows).toBe(2)
    expect(last.stateOperators[0]!.numRowsDroppedByWatermark).toBe(1) // the 15-minute-late event's window [45,50) ends at the watermark
    const rows = (await spark.table('late_data').collect()).map((r) => [
      (r['window'] as { start: Date }).start.toISOString(),
      r['event_count'],
    ])
    // The late-data table holds exactly what the metric counts: the dropped group, with its lateness.
    const late = await spark.read.format('delta').load(lateTable).collect()
    expect(late).toHaveLength(
      q.recentProgress.reduce(
        (n, p) => n + (p.stateOperators[0]?.numRowsDroppedByWatermark ?? 0),
        0,
      ),
    )
    expect(late[0]).toMatchObject({ operator: 'stateStoreSave', batch_id: 2, lateness_ms: 0 }) // b1 was the no-data batch
    expect((late[0]!['watermark'] as Date).toISOString()).toBe(
      new Date(at(50 * minute) * 1000).toISOString(),
    )
    expect(JSON.parse(late[0]!['record'] as string)).toEqual({
      window: {
        start: new Date(at(45 * minute) * 1000).toISOString(),
        end: new Date(at(50 * minute) * 1000).toISOString(),
      },
      event_type: 'click',
    })
    expect(rows).toEqual([
      [new Date(at(60 * minute) * 1000).toISOString(), 1],
      [new Date(at(55 * minute) * 1000).toISOString(), 1],
    ])
  })
})

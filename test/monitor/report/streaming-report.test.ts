import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startPassthrough } from '../../../src/apps/passthrough-app.js'
import { startTumbling } from '../../../src/apps/windowed-apps.js'
import { generateEvents, SparkSession } from '../../../src/index.js'
import { deltaTableOfSink } from '../../../src/monitor/report/delta-table-of-sink.js'
import { recordStreamingReport } from '../../../src/monitor/report/streaming-report.js'
import { tempDir } from '../../support/temp-dir.js'

describe('recordStreamingReport', () => {
  it('writes streaming_metrics.md and streaming_charts.png from a real run', async () => {
    const root = await tempDir()
    const input = join(root, 'input')
    // 4 files × 50 events, one minute apart; read one file per batch.
    await generateEvents({
      out: input,
      batches: 4,
      eventsPerBatch: 50,
      seed: 3,
      startTime: '2026-11-24T10:00:00Z',
      intervalMs: 60_000,
    })
    const spark = SparkSession.builder().config('spark.sql.session.timeZone', 'UTC').getOrCreate()
    const report = recordStreamingReport(spark.streams, join(root, 'report'))
    const o = {
      input,
      data: join(root, 'data'),
      checkpoints: join(root, 'checkpoints'),
      trigger: { availableNow: true } as const,
      maxFilesPerTrigger: 1,
    }
    const queries = [await startPassthrough(spark, o), await startTumbling(spark, o)]
    await Promise.all(queries.map((q) => q.awaitTermination()))
    const files = await report.write()
    expect(files).toBeDefined()

    const md = await fs.readFile(join(root, 'report', 'streaming_metrics.md'), 'utf8')
    // pass-through: 4 batches, 200 rows, one Delta commit per batch → version 3, no state, no watermark
    expect(md).toMatch(
      /\| raw_events \| 4 \| 200 \| [\d,]+ \| \d+ ms \| \d+ ms \| – \| – \| 0 \| 3 \|/,
    )
    // tumbling: every file read. Lag = this batch's max event time − the watermark, which (Spark's
    // rule) comes from the previous batch's max − 10 min: 10 min + the ~1 min between files.
    const tumbling = md.split('\n').find((l) => l.startsWith('| tumbling |'))
    expect(tumbling?.split('|')[3]?.trim()).toBe('200')
    expect(tumbling?.split('|')[7]?.trim()).toMatch(/^1[01]\.\d min$/)
    expect(md).toContain('### raw_events')
    expect(md).toContain(`DeltaSink[${join(root, 'data', 'events')}]`)

    const png = await fs.readFile(join(root, 'report', 'streaming_charts.png'))
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
    expect(png.readUInt32BE(16)).toBe(2400)
  })

  it('writes nothing when no query reported progress', async () => {
    const root = await tempDir()
    const spark = SparkSession.builder().getOrCreate()
    expect(await recordStreamingReport(spark.streams, join(root, 'r')).write()).toBeUndefined()
    await expect(fs.access(join(root, 'r'))).rejects.toThrow()
  })

  it('finds the Delta table of a sink description', () => {
    expect(deltaTableOfSink('DeltaSink[/data/events]')).toBe('/data/events')
    expect(deltaTableOfSink('MemorySink')).toBeUndefined()
  })
})

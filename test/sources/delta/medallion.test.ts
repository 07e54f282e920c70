/**
 * The medallion pattern: the seed's passthrough query writes the raw `events` table, and the
 * tumbling aggregation reads it as a Delta stream (bronze → silver), in two rounds with a restart
 * between them. One events file per passthrough batch makes one commit per file, so a Delta
 * stream with maxFilesPerTrigger=1 sees the same micro-batches as the seed's tumbling app over
 * the JSON files: both tables must be equal, every window counted exactly once.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { avg, count, sum, window } from '../../../src/api/aggregate-functions.js'
import { startPassthrough, startTumbling, type SeedAppOptions } from '../../../src/apps/index.js'
import { DeltaLog } from '../../../src/delta/index.js'
import { generateEvents } from '../../../src/generator/index.js'
import { SparkSession } from '../../../src/index.js'
import { readEventFiles } from '../../support/event-files.js'
import { tempDir } from '../../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

async function tableRows(path: string): Promise<string[]> {
  const { rows } = await spark.read.format('delta').load(path).collectRows()
  return rows
    .map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)))
    .sort()
}

/** The seed's tumbling query, reading the events table as a Delta stream. */
async function silverTumbling(events: string, table: string, checkpoint: string): Promise<void> {
  const q = await spark.readStream
    .format('delta')
    .option('maxFilesPerTrigger', 1)
    .load(events)
    .withWatermark('timestamp', '10 minutes')
    .groupBy(window('timestamp', '5 minutes'), 'event_type')
    .agg(
      count('*').alias('event_count'),
      sum('value').alias('total_value'),
      avg('value').alias('avg_value'),
    )
    .writeStream.format('delta')
    .option('checkpointLocation', checkpoint)
    .trigger({ availableNow: true })
    .start(table)
  await q.awaitTermination()
}

describe('medallion: events table → Delta stream → tumbling aggregation', () => {
  it('equals the tumbling app over the files, across a restart, exactly once', async () => {
    const root = await tempDir('sl-medallion-')
    const all = join(root, 'all')
    await generateEvents({
      out: all,
      batches: 6,
      intervalMs: 4 * 60_000,
      eventsPerBatch: 120,
      seed: 21,
      startTime: '2026-11-24T10:00:00',
      duplicateFraction: 0.1,
    })
    const files = (await fs.readdir(all)).filter((f) => f.endsWith('.json')).sort()
    expect(files).toHaveLength(6)
    const input = join(root, 'input')
    await fs.mkdir(input)
    const o: SeedAppOptions = {
      input,
      data: join(root, 'data'),
      checkpoints: join(root, 'checkpoints'),
      trigger: { availableNow: true },
      maxFilesPerTrigger: 1,
    }
    const ref: SeedAppOptions = { ...o, data: join(root, 'ref'), checkpoints: join(root, 'ref-cp') }
    const events = join(o.data, 'events')
    const silver = join(o.data, 'silver_tumbling')
    for (const round of [files.slice(0, 3), files.slice(3)]) {
      for (const f of round) {
        await fs.copyFile(join(all, f), join(input, f))
        // Distinct modification times keep the file source's order the name order.
        const t = new Date(Date.UTC(2026, 10, 24, 10, files.indexOf(f)))
        await fs.utimes(join(input, f), t, t)
      }
      await (await startPassthrough(spark, o)).awaitTermination()
      await silverTumbling(events, silver, join(o.checkpoints, 'silver_tumbling'))
      await (await startTumbling(spark, ref)).awaitTermination()
    }
    // One file per commit, so the Delta stream's batches are the file source's batches.
    const snapshot = await DeltaLog.forTable(events).snapshot()
    expect(snapshot.version).toBe(5)
    expect(snapshot.files).toHaveLength(6)
    // Bronze holds every input event once (read independently of the engine).
    expect((await tableRows(events)).length).toBe((await readEventFiles(input)).length)
    const ours = await tableRows(silver)
    expect(ours.length).toBeGreaterThan(10)
    expect(ours).toEqual(await tableRows(join(ref.data, 'tumbling_aggregates')))
  })
})

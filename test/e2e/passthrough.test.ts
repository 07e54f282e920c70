/**
 * Acceptance: pass-through of generated batches with availableNow — the Delta table holds every
 * input event exactly once, with the same values and types, and the README example works.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SparkSession, generateEvents } from '../../src/index.js'
import { EVENT_SCHEMA_DDL } from '../../src/apps/event-schema.js'
import { DeltaLog } from '../../src/delta/index.js'
import { canonicalRows, readEventFiles } from '../support/event-files.js'
import { tempDir } from '../support/temp-dir.js'

describe('pass-through JSON → Delta', () => {
  it('writes every generated event exactly once with the same values and types', async () => {
    const root = await tempDir()
    const input = join(root, 'input')
    await generateEvents({
      out: input,
      batches: 6,
      eventsPerBatch: 250,
      seed: 42,
      startTime: '2026-11-24T10:00:00Z',
      intervalMs: 5000,
      duplicateFraction: 0.1,
    })
    const spark = SparkSession.builder()
      .config('spark.sql.session.timeZone', 'UTC')
      .getOrCreate()
      .newSession()
    spark.conf.set('spark.sql.session.timeZone', 'UTC')

    // The README example, verbatim in shape.
    const events = spark.readStream
      .format('json')
      .schema(EVENT_SCHEMA_DDL)
      .option('maxFilesPerTrigger', 1)
      .load(input)
    const query = await events.writeStream
      .format('delta')
      .outputMode('append')
      .option('checkpointLocation', join(root, 'checkpoints/raw_events'))
      .trigger({ availableNow: true })
      .start(join(root, 'data/events'))
    expect(await query.awaitTermination(30_000)).toBe(true)
    await query.stop()
    expect(query.recentProgress.map((p) => p.batchId)).toEqual([0, 1, 2, 3, 4, 5])
    expect(query.recentProgress.every((p) => p.numInputRows === 250)).toBe(true)
    expect(query.lastProgress?.sources[0]?.endOffset).toEqual({ logOffset: 5 })

    const table = spark.read.format('delta').load(join(root, 'data/events'))
    expect(await table.count()).toBe(1500)
    const { schema, rows } = await table.collectRows()
    expect(schema.fields.map((f) => `${f.name}:${f.dataType.type}:${f.nullable}`)).toEqual([
      'event_id:string:true',
      'timestamp:timestamp:true',
      'user_id:integer:true',
      'event_type:string:true',
      'value:double:true',
      'session_id:string:true',
    ])
    expect(canonicalRows(rows)).toEqual(canonicalRows(await readEventFiles(input)))

    const snapshot = await DeltaLog.forTable(join(root, 'data/events')).snapshot()
    expect(snapshot.version).toBe(5)
    expect(snapshot.txnVersion(query.id)).toBe(5)
    const shown = await table.showString(3)
    expect(shown).toMatch(/\|\s+event_id\|\s+timestamp\|/)
    expect(shown).toContain('only showing top 3 rows')
  })

  it('continues from the checkpoint: a second run reads only new files', async () => {
    const root = await tempDir()
    const input = join(root, 'input')
    const spark = SparkSession.builder().getOrCreate().newSession()
    spark.conf.set('spark.sql.session.timeZone', 'UTC')
    const run = async (): Promise<void> => {
      const q = await spark.readStream
        .format('json')
        .schema(EVENT_SCHEMA_DDL)
        .load(input)
        .writeStream.format('delta')
        .option('checkpointLocation', join(root, 'cp'))
        .trigger({ availableNow: true })
        .start(join(root, 'table'))
      await q.awaitTermination()
    }
    await generateEvents({
      out: input,
      batches: 2,
      eventsPerBatch: 10,
      seed: 1,
      startTime: '2026-11-24T10:00:00Z',
    })
    await run()
    await generateEvents({
      out: input,
      batches: 2,
      eventsPerBatch: 10,
      seed: 2,
      startTime: '2026-11-24T11:00:00Z',
    })
    await run()
    await run() // nothing new: no batch, no commit
    const snapshot = await DeltaLog.forTable(join(root, 'table')).snapshot()
    expect(snapshot.version).toBe(1)
    const { rows } = await spark.read.format('delta').load(join(root, 'table')).collectRows()
    expect(canonicalRows(rows)).toEqual(canonicalRows(await readEventFiles(input)))
  })
})

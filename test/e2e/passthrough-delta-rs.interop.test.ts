/**
 * The pass-through query's table, read by delta-rs (the `deltalake` package): every generated
 * event exactly once, Spark's Arrow types, one version per batch and the query's txn. Run by
 * `npm run test:interop` (delta-rs from the cached venv of scripts/python-env.sh).
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { SparkSession, generateEvents } from '../../src/index.js'
import { EVENT_SCHEMA_DDL } from '../../src/apps/event-schema.js'
import { canonicalRows, readEventFiles } from '../support/event-files.js'
import { tempDir } from '../support/temp-dir.js'
import { deltaRsPython } from '../support/delta-rs-python.js'

const python = deltaRsPython()
const inspect = fileURLToPath(new URL('../delta/support/delta-rs-inspect.py', import.meta.url))

describe('pass-through table read by delta-rs', () => {
  it('holds every event once with Spark-compatible types, one version per batch, our txn', async () => {
    const root = await tempDir()
    const input = join(root, 'input')
    await generateEvents({
      out: input,
      batches: 12,
      eventsPerBatch: 50,
      seed: 11,
      startTime: '2026-11-24T10:00:00Z',
      duplicateFraction: 0.1,
    })
    const spark = SparkSession.builder().getOrCreate().newSession()
    spark.conf.set('spark.sql.session.timeZone', 'UTC')
    const q = await spark.readStream
      .format('json')
      .schema(EVENT_SCHEMA_DDL)
      .option('maxFilesPerTrigger', 1)
      .load(input)
      .writeStream.format('delta')
      .option('checkpointLocation', join(root, 'cp'))
      .trigger({ availableNow: true })
      .start(join(root, 'events'))
    await q.awaitTermination()
    const out = JSON.parse(
      execFileSync(python, [inspect, join(root, 'events'), q.id], { encoding: 'utf8' }),
    ) as {
      version: number
      protocol: {
        minReaderVersion: number
        minWriterVersion: number
        readerFeatures: unknown
        writerFeatures: unknown
      }
      arrowSchema: Record<string, string>
      rows: unknown[][]
      history: { operation: string }[]
      txn: Record<string, number>
    }
    expect(out.version).toBe(11)
    expect(out.protocol).toEqual({
      minReaderVersion: 1,
      minWriterVersion: 2,
      readerFeatures: null,
      writerFeatures: null,
    })
    expect(out.arrowSchema).toEqual({
      event_id: 'string',
      timestamp: 'timestamp[us, tz=UTC]',
      user_id: 'int32',
      event_type: 'string',
      value: 'double',
      session_id: 'string',
    })
    expect(canonicalRows(out.rows)).toEqual(canonicalRows(await readEventFiles(input)))
    expect(out.history).toHaveLength(12)
    expect(out.history.every((h) => h.operation === 'STREAMING UPDATE')).toBe(true)
    expect(out.txn[q.id]).toBe(11)
  })
})

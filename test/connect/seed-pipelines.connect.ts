/**
 * The same seed pipelines run embedded and on Spark through Spark Connect, on the same input
 * files: the final Delta tables (both read with our Delta reader) must hold the same rows.
 */
import { join } from 'node:path'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { SparkSession } from '../../src/api/session.js'
import type { StreamingQuery } from '../../src/api/streaming-query.js'
import { startDedup } from '../../src/apps/dedup-app.js'
import { EVENT_SCHEMA_DDL } from '../../src/apps/event-schema.js'
import { startPassthrough } from '../../src/apps/passthrough-app.js'
import type { SeedAppOptions } from '../../src/apps/seed-app-options.js'
import { startTumbling } from '../../src/apps/windowed-apps.js'
import { generateEvents } from '../../src/generator/generate-events.js'
import { tempDir } from '../support/temp-dir.js'

let input: string
let root: string
let embedded: SparkSession
let remote: SparkSession

beforeAll(async () => {
  root = await tempDir('streamlake-connect-')
  input = join(root, 'input')
  // 40 minutes of events in 4 files, with duplicates (for dedup) and late events (watermark).
  await generateEvents({
    out: input,
    batches: 4,
    intervalMs: 10 * 60_000,
    eventsPerBatch: 250,
    seed: 15,
    startTime: '2026-11-24T10:00:00',
    duplicateFraction: 0.1,
  })
  embedded = SparkSession.builder().config('spark.sql.session.timeZone', 'UTC').getOrCreate()
  remote = SparkSession.builder()
    .remote(inject('sparkConnectUrl'))
    .config('spark.sql.session.timeZone', 'UTC')
    .getOrCreate()
})

/**
 * Sorted JSON lines of rows, doubles to 12 significant digits: Spark adds a group's values in
 * another order than we do (shuffle partitions), so sums differ in the last bits.
 */
function canonicalRows(rows: readonly unknown[][]): string[] {
  const round = (_k: string, v: unknown): unknown =>
    typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v
  return rows.map((r) => JSON.stringify(r, round)).sort()
}

function options(engine: string): SeedAppOptions {
  return {
    input,
    data: join(root, engine, 'data'),
    checkpoints: join(root, engine, 'checkpoints'),
    trigger: { availableNow: true },
  }
}

/** Runs an app on both engines to the end; returns the remote query and both tables' rows. */
async function runBoth(
  start: (spark: SparkSession, o: SeedAppOptions) => Promise<StreamingQuery>,
  table: string,
): Promise<{ query: StreamingQuery; ours: string[]; spark: string[] }> {
  const ourQuery = await start(embedded, options('embedded'))
  await ourQuery.awaitTermination()
  const query = await start(remote, options('remote'))
  expect(await query.awaitTermination(150_000)).toBe(true)
  expect(query.exception()).toBeNull()
  const read = async (engine: string) =>
    canonicalRows(
      (
        await embedded.read
          .format('delta')
          .load(join(root, engine, 'data', table))
          .collectRows()
      ).rows,
    )
  return { query, ours: await read('embedded'), spark: await read('remote') }
}

describe('seed pipelines on Spark Connect write the tables the embedded engine writes', () => {
  it('passthrough: every event once, same values', async () => {
    const { query, ours, spark } = await runBoth(startPassthrough, 'events')
    expect(spark).toEqual(ours)
    expect(ours.length).toBeGreaterThan(800)
    // Progress is Spark's JSON with the top-level input count filled in as PySpark does.
    const total = query.recentProgress.reduce((n, p) => n + p.numInputRows, 0)
    expect(total).toBe(ours.length)
    expect(query.isActive).toBe(false)
    expect(query.name).toBe('raw_events')
    expect(query.id).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('tumbling: json → withWatermark → groupBy(window, event_type) → Delta (availableNow)', async () => {
    const { ours, spark } = await runBoth(startTumbling, 'tumbling_aggregates')
    expect(ours.length).toBeGreaterThan(0)
    expect(spark).toEqual(ours)
  })

  it('dedup: dropDuplicates with a watermark keeps each event once', async () => {
    const { ours, spark } = await runBoth(startDedup, 'deduplicated_events')
    expect(ours.length).toBeGreaterThan(0)
    expect(spark).toEqual(ours)
  })
})

describe('batch actions on Spark Connect', () => {
  it('count and collect of a JSON read and of a Delta table agree with the embedded engine', async () => {
    const json = (spark: SparkSession) =>
      spark.read.format('json').schema(EVENT_SCHEMA_DDL).load(input)
    expect(await json(remote).count()).toBe(await json(embedded).count())
    const ours = await json(embedded).collectRows()
    const theirs = await json(remote).collectRows()
    expect(theirs.schema.fields.map((f) => [f.name, f.dataType.type])).toEqual(
      ours.schema.fields.map((f) => [f.name, f.dataType.type]),
    )
    expect(canonicalRows(theirs.rows)).toEqual(canonicalRows(ours.rows))

    const table = join(root, 'embedded', 'data', 'events')
    expect(await remote.read.format('delta').load(table).count()).toBe(ours.rows.length)
    const rows = await remote.read.format('delta').load(table).collect()
    expect(rows).toHaveLength(ours.rows.length)
    expect(Object.keys(rows[0]!)).toEqual(ours.schema.fields.map((f) => f.name))
  })

  it('an option with no Spark equivalent fails before anything is sent, naming it', async () => {
    const df = remote.read
      .format('json')
      .schema(EVENT_SCHEMA_DDL)
      .option('badRecordsPath', join(root, 'bad'))
      .load(input)
    await expect(df.count()).rejects.toMatchObject({
      code: 'SL_CONNECT_UNSUPPORTED',
      operator: 'badRecordsPath',
    })
  })
})

/**
 * A Delta table as a streaming source on Spark Connect: the same DataFrame — a Delta stream,
 * watermarked and aggregated in append mode (the plan checks ask the server for the table's
 * schema) — runs on Spark's Delta source remotely and on ours embedded, and writes the same table;
 * the progress names the source as Spark does (`DeltaSource[file:/abs/path]`), with Delta's offsets.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { count, window } from '../../src/api/aggregate-functions.js'
import { SparkSession } from '../../src/api/session.js'
import { DeltaSink } from '../../src/sinks/delta/delta-sink.js'
import { parseDdlSchema, type Row } from '../../src/types/index.js'
import { tempDir } from '../support/temp-dir.js'

let root: string
let remote: SparkSession
let embedded: SparkSession

beforeAll(async () => {
  root = await tempDir('streamlake-connect-delta-src-')
  remote = SparkSession.builder()
    .remote(inject('sparkConnectUrl'))
    .config('spark.sql.session.timeZone', 'UTC')
    .getOrCreate()
  embedded = SparkSession.builder().getOrCreate().newSession()
  embedded.conf.set('spark.sql.session.timeZone', 'UTC')
})

afterAll(async () => {
  await remote.stop()
})

async function rows(path: string): Promise<string[]> {
  const { rows } = await embedded.read.format('delta').load(path).collectRows()
  return rows.map((r) => JSON.stringify(r)).sort()
}

describe('Delta streaming source on Spark Connect', () => {
  it('a watermarked aggregation over a Delta stream: same table as embedded', async () => {
    const events = join(root, 'events')
    const sink = new DeltaSink(events)
    await sink.start({
      queryId: 'writer',
      outputMode: 'append',
      schema: parseDdlSchema('id INT, ts TIMESTAMP'),
      timeZone: 'UTC',
    })
    const base = Date.UTC(2026, 0, 1) * 1000
    for (let b = 0; b < 4; b++)
      await sink.addBatch(
        b,
        [0, 1].map((i): Row => [b * 2 + i, base + b * 600_000_000 + i]),
      )
    await sink.stop()
    const run = async (spark: SparkSession, name: string) => {
      const q = await spark.readStream
        .format('delta')
        .option('maxFilesPerTrigger', 1)
        .load(events)
        .withWatermark('ts', '1 minute')
        .groupBy(window('ts', '5 minutes'))
        .agg(count('*').alias('n'))
        .writeStream.format('delta')
        .option('checkpointLocation', join(root, `${name}-cp`))
        .trigger({ availableNow: true })
        .start(join(root, name))
      expect(await q.awaitTermination(150_000)).toBe(true)
      expect(q.exception()).toBeNull()
      return q
    }
    const sparkQuery = await run(remote, 'remote')
    const ourQuery = await run(embedded, 'embedded')
    expect(await rows(join(root, 'embedded'))).toEqual(await rows(join(root, 'remote')))
    expect((await rows(join(root, 'remote'))).length).toBe(3)
    const sparkSource = sparkQuery.recentProgress.find((p) => p.numInputRows > 0)!.sources[0]!
    const ourSource = ourQuery.recentProgress.find((p) => p.numInputRows > 0)!.sources[0]!
    expect(ourSource.description).toBe(sparkSource.description)
    expect(sparkSource.description).toBe(`DeltaSource[file:${events}]`)
    const offset = (o: unknown): unknown => (typeof o === 'string' ? JSON.parse(o) : o)
    expect(offset(ourSource.endOffset)).toEqual(offset(sparkSource.endOffset))
  })
})

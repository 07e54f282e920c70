/**
 * Our Delta streaming source against Spark's (DeltaSource of delta-spark) on the same tables —
 * one written by our streaming Delta sink, others by Spark — with the same options: each
 * micro-batch's rows and the offset it logged (`offsets/<N>`, Delta's DeltaSourceOffset JSON)
 * must be equal, run after run from the same checkpoints, across later appends, an OPTIMIZE
 * (no duplicates), and deletes that fail or are passed over per ignoreDeletes/skipChangeCommits.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SparkSession } from '../../src/index.js'
import { DeltaSink } from '../../src/sinks/delta/delta-sink.js'
import { parseDdlSchema, type Row } from '../../src/types/index.js'
import { tempDir } from '../support/temp-dir.js'
import { encodeValue } from './support/engine-result.js'
import {
  oracle,
  oracleCall,
  oracleErrorText,
  type OracleBatch,
  type OracleError,
} from './support/oracle-client.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

type Options = Record<string, string>

interface Run {
  /** Each batch's rows as sorted JSON lines (the order inside a batch is Spark's partitioning). */
  batches: string[][]
  /** The source offset line of each `offsets/<N>` written by this run. */
  offsets: string[]
  /** The error that stopped the run: Spark's error class and message, or our code; null when none. */
  error: string | null
}

const canonical = (rows: readonly (readonly unknown[])[]): string[] =>
  rows.map((r) => JSON.stringify(r.map((v) => encodeValue(v)))).sort()

/** The source offset lines of `offsets/<N>` for N ≥ `from` (line 3 of each file). */
async function offsetLines(checkpoint: string, from: number): Promise<string[]> {
  const dir = join(checkpoint, 'offsets')
  const ids = (await fs.readdir(dir).catch(() => [] as string[]))
    .filter((f) => /^\d+$/.test(f))
    .map(Number)
    .filter((n) => n >= from)
    .sort((a, b) => a - b)
  return Promise.all(
    ids.map(async (n) => (await fs.readFile(join(dir, String(n)), 'utf8')).split('\n')[2]!),
  )
}

async function batchCount(checkpoint: string): Promise<number> {
  return (await fs.readdir(join(checkpoint, 'offsets')).catch(() => [] as string[])).filter((f) =>
    /^\d+$/.test(f),
  ).length
}

async function sparkRun(path: string, checkpoint: string, options: Options): Promise<Run> {
  const before = await batchCount(checkpoint)
  const out = await oracle<{ batches: OracleBatch[]; error: OracleError | null }>({
    op: 'streamDelta',
    path,
    checkpoint,
    readOptions: options,
  })
  return {
    batches: out.batches.map((b) => b.rows.map((r) => JSON.stringify(r)).sort()),
    offsets: await offsetLines(checkpoint, before),
    error: oracleErrorText(out.error),
  }
}

async function ourRun(path: string, checkpoint: string, options: Options): Promise<Run> {
  const before = await batchCount(checkpoint)
  const batches: string[][] = []
  let error: string | null = null
  try {
    const q = await spark.readStream
      .format('delta')
      .options(options)
      .load(path)
      .writeStream.foreachBatch(async (df) => {
        batches.push(canonical((await df.collectRows()).rows))
      })
      .option('checkpointLocation', checkpoint)
      .trigger({ availableNow: true })
      .start()
    await q.awaitTermination()
  } catch (e) {
    error = (e as { code?: string }).code ?? String(e)
  }
  return { batches, offsets: await offsetLines(checkpoint, before), error }
}

/** Runs both engines from their own checkpoints; returns both runs. */
async function both(
  path: string,
  root: string,
  name: string,
  options: Options,
): Promise<{ spark: Run; ours: Run }> {
  const sparkSide = await sparkRun(path, join(root, `${name}-spark-cp`), options)
  const ours = await ourRun(path, join(root, `${name}-ours-cp`), options)
  return { spark: sparkSide, ours }
}

function expectSame(r: { spark: Run; ours: Run }, ourError: string | null = null): void {
  expect(r.ours.batches).toEqual(r.spark.batches)
  expect(r.ours.offsets).toEqual(r.spark.offsets)
  if (ourError === null) {
    expect(r.spark.error).toBeNull()
    expect(r.ours.error).toBeNull()
  }
}

const ids = (r: Run): number[] =>
  r.batches.flat().map((line) => (JSON.parse(line) as [number, string])[0])

describe('Delta streaming source vs Spark', () => {
  it('a table our sink wrote, then Spark appends and OPTIMIZE: same batches and offsets, no duplicates', async () => {
    const root = await tempDir('streamlake-oracle-dsrc-')
    const table = join(root, 't')
    const sink = new DeltaSink(table)
    await sink.start({
      queryId: 'writer',
      outputMode: 'append',
      schema: parseDdlSchema('id INT, name STRING'),
      timeZone: 'UTC',
    })
    for (let b = 0; b < 5; b++)
      await sink.addBatch(
        b,
        [0, 1].map((i): Row => [b * 2 + i, `n${b * 2 + i}`]),
      )
    await sink.stop()
    const options = { maxFilesPerTrigger: '2' }
    const first = await both(table, root, 'a', options)
    expectSame(first)
    expect(first.spark.batches).toHaveLength(3)
    expect(first.spark.offsets[0]).toContain('"isStartingVersion":true')

    await oracleCall('delta_stream_source', 'appends', { path: table, start: 100, commits: 3 })
    const second = await both(table, root, 'a', options)
    expectSame(second)
    expect(ids(second.spark).sort((x, y) => x - y)).toEqual(
      [...Array(9).keys()].map((i) => 100 + i),
    )

    await oracleCall('delta_stream_source', 'optimize', { path: table })
    await oracleCall('delta_stream_source', 'appends', { path: table, start: 200, commits: 2 })
    const third = await both(table, root, 'a', options)
    expectSame(third)
    expect(ids(third.spark).sort((x, y) => x - y)).toEqual([200, 201, 202, 203, 204, 205])

    // A new query after the OPTIMIZE reads the compacted snapshot: every row once.
    const fresh = await both(table, root, 'b', { maxFilesPerTrigger: '1' })
    expectSame(fresh)
    expect(ids(fresh.spark)).toHaveLength(10 + 9 + 6)
    expect(new Set(ids(fresh.spark)).size).toBe(25)
  })

  it('a table Spark wrote: startingVersion, maxBytesPerTrigger, defaults, startingTimestamp', async () => {
    const root = await tempDir('streamlake-oracle-dsrc-')
    const table = join(root, 't')
    await oracleCall('delta_stream_source', 'appends', { path: table, start: 0, commits: 4 })
    expectSame(await both(table, root, 'v', { startingVersion: '2', maxFilesPerTrigger: '1' }))
    expectSame(await both(table, root, 'b', { maxBytesPerTrigger: '1' }))
    expectSame(await both(table, root, 'd', {}))
    // startingTimestamp: the first commit at or after it (commit file times, session zone UTC).
    const commit2 = join(table, '_delta_log', `${'2'.padStart(20, '0')}.json`)
    const at = new Date((await fs.stat(commit2)).mtimeMs)
      .toISOString()
      .replace('T', ' ')
      .slice(0, 23)
    expectSame(await both(table, root, 't', { startingTimestamp: at }))
    expectSame(await both(table, root, 'p', { startingTimestamp: '2000-01-01' }))
    const future = await both(table, root, 'f', { startingTimestamp: '2999-01-01' })
    expect(future.spark.error).toContain('DELTA_TIMESTAMP_GREATER_THAN_COMMIT')
    expect(future.ours.error).toBe('SL_SOURCE_DELTA_TIMESTAMP_AFTER_LATEST')
  })

  it('deletes fail unless ignoreDeletes/skipChangeCommits; rewrites need skipChangeCommits', async () => {
    const root = await tempDir('streamlake-oracle-dsrc-')
    const table = join(root, 't')
    await oracleCall('delta_stream_source', 'appends', { path: table, start: 0, commits: 3 })
    await oracleCall('delta_stream_source', 'delete_where', { path: table, where: 'id < 3' })
    await oracleCall('delta_stream_source', 'appends', { path: table, start: 10, commits: 1 })
    const strict = await both(table, root, 's', { startingVersion: '0' })
    expect(strict.spark.error).toContain('DELTA_SOURCE_IGNORE_DELETE')
    expect(strict.ours.error).toBe('SL_SOURCE_DELTA_DATA_DELETED')
    expectSame(strict, 'failed')
    const ignoring = await both(table, root, 'i', { startingVersion: '0', ignoreDeletes: 'true' })
    expectSame(ignoring)

    // A DELETE of some rows of a file rewrites it (remove + add): a data update.
    await oracleCall('delta_stream_source', 'delete_where', { path: table, where: 'id = 4' })
    await oracleCall('delta_stream_source', 'appends', { path: table, start: 20, commits: 1 })
    const changed = await both(table, root, 'i', { startingVersion: '0', ignoreDeletes: 'true' })
    expect(changed.spark.error).toContain('DELTA_SOURCE_TABLE_IGNORE_CHANGES')
    expect(changed.ours.error).toBe('SL_SOURCE_DELTA_DATA_CHANGED')
    expectSame(changed, 'failed')
    const skipping = await both(table, root, 'k', {
      startingVersion: '0',
      skipChangeCommits: 'true',
    })
    expectSame(skipping)
    expect(ids(skipping.spark).sort((x, y) => x - y)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 20, 21, 22,
    ])
  })
})

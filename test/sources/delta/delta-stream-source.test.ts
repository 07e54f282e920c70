/**
 * The Delta streaming source on tables written by our streaming Delta sink: the initial snapshot
 * first in Delta's file order, then each commit's new files; Delta's offsets in the offsets log
 * and in progress; rate limits; OPTIMIZE-like commits (dataChange=false) skipped; deletes and
 * rewrites failing or passed over per ignoreDeletes/ignoreChanges/skipChangeCommits; a batch run
 * again after a crash reads the same files; a restarted query continues exactly once.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SparkSession, col } from '../../../src/index.js'
import {
  DeltaLog,
  removeWithTimestamp,
  writeDataFile,
  type AddAction,
} from '../../../src/delta/index.js'
import { DeltaSink } from '../../../src/sinks/delta/delta-sink.js'
import { parseDdlSchema, type Row } from '../../../src/types/index.js'
import { tempDir } from '../../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')
const SCHEMA = parseDdlSchema('id INT, name STRING')

/** One commit per batch, one file per commit (our streaming Delta sink). */
async function append(path: string, batches: Row[][], firstBatchId = 0): Promise<void> {
  const sink = new DeltaSink(path)
  await sink.start({
    queryId: `writer-${firstBatchId}`,
    outputMode: 'append',
    schema: SCHEMA,
    timeZone: 'UTC',
  })
  for (const [i, rows] of batches.entries()) await sink.addBatch(firstBatchId + i, rows)
  await sink.stop()
}

const rows = (from: number, n: number): Row[] =>
  Array.from({ length: n }, (_, i) => [from + i, `n${from + i}`])

interface Run {
  batches: unknown[][][]
  endOffsets: unknown[]
  descriptions: string[]
  error: unknown
}

async function stream(
  path: string,
  checkpoint: string,
  options: Record<string, string | number | boolean> = {},
  trigger: { availableNow: true } | { once: true } = { availableNow: true },
): Promise<Run> {
  const batches: unknown[][][] = []
  const q = await spark.readStream
    .format('delta')
    .options(options)
    .load(path)
    .writeStream.foreachBatch(async (df) => {
      batches.push((await df.collectRows()).rows)
    })
    .option('checkpointLocation', checkpoint)
    .trigger(trigger)
    .start()
  let error: unknown = null
  try {
    await q.awaitTermination()
  } catch (e) {
    error = e
  }
  const progress = q.recentProgress.filter((p) => p.numInputRows >= 0)
  return {
    batches,
    endOffsets: progress.map((p) => p.sources[0]!.endOffset),
    descriptions: progress.map((p) => p.sources[0]!.description),
    error,
  }
}

async function tableId(path: string): Promise<string> {
  return (await DeltaLog.forTable(path).snapshot()).metadata.id
}

const off = (id: string, v: number, index: number, isStartingVersion: boolean) => ({
  sourceVersion: 1,
  reservoirId: id,
  reservoirVersion: v,
  index,
  isStartingVersion,
})

describe('Delta streaming source', () => {
  it('reads the snapshot first, then later commits; offsets as Delta writes them', async () => {
    const root = await tempDir('sl-delta-src-')
    const table = join(root, 't')
    await append(table, [rows(0, 2), rows(2, 2), rows(4, 2)]) // versions 0..2
    const id = await tableId(table)
    const cp = join(root, 'cp')
    const first = await stream(table, cp, { maxFilesPerTrigger: 2 })
    expect(first.error).toBeNull()
    expect(first.batches).toEqual([[...rows(0, 2), ...rows(2, 2)], rows(4, 2)])
    expect(first.endOffsets).toEqual([off(id, 2, 1, true), off(id, 3, -1, false)])
    expect(first.descriptions[0]).toBe(`DeltaSource[file:${table}]`)
    const logged = (await fs.readFile(join(cp, 'offsets', '1'), 'utf8')).split('\n')
    expect(JSON.parse(logged[2]!)).toEqual(off(id, 3, -1, false))
    expect(logged[2]).toBe(JSON.stringify(off(id, 3, -1, false)))

    // Later appends: a restarted query reads only them, each row once.
    await append(table, [rows(6, 1), rows(7, 1), rows(8, 1)], 3) // versions 3..5
    const second = await stream(table, cp, { maxFilesPerTrigger: 2 })
    expect(second.batches).toEqual([[...rows(6, 1), ...rows(7, 1)], rows(8, 1)])
    // Delta's admission passes a version's end and the next base freely: the batch that takes
    // the last file of version 4 ends at (5, -1).
    expect(second.endOffsets).toEqual([off(id, 5, -1, false), off(id, 6, -1, false)])
    // Nothing new: no batch.
    expect((await stream(table, cp)).batches).toEqual([])
  })

  it('startingVersion (number and latest), startingTimestamp, Trigger.Once ignores limits', async () => {
    const root = await tempDir('sl-delta-src-')
    const table = join(root, 't')
    await append(table, [rows(0, 1), rows(1, 1), rows(2, 1)])
    const id = await tableId(table)
    const fromOne = await stream(table, join(root, 'cp1'), { startingVersion: 1 })
    expect(fromOne.batches).toEqual([[...rows(1, 1), ...rows(2, 1)]])
    expect(fromOne.endOffsets).toEqual([off(id, 3, -1, false)])
    // 'latest': only commits made after the query started.
    const q = await spark.readStream
      .format('delta')
      .option('startingVersion', 'latest')
      .load(table)
      .writeStream.format('memory')
      .queryName('delta_src_latest')
      .start()
    await q.processAllAvailable()
    await append(table, [rows(3, 1)], 3)
    await q.processAllAvailable()
    await q.stop()
    expect((await spark.table('delta_src_latest').collectRows()).rows).toEqual(rows(3, 1))
    expect(q.lastProgress!.sources[0]!.endOffset).toEqual(off(id, 4, -1, false))
    const once = await stream(table, join(root, 'cp3'), { maxFilesPerTrigger: 1 }, { once: true })
    expect(once.batches).toEqual([rows(0, 4)])
    expect(once.endOffsets).toEqual([off(id, 4, -1, false)])
    // A timestamp after every commit is refused, as Delta does.
    await expect(
      stream(table, join(root, 'cp4'), { startingTimestamp: '2999-01-01 00:00:00' }),
    ).rejects.toMatchObject({ code: 'SL_SOURCE_DELTA_TIMESTAMP_AFTER_LATEST' })
    const past = await stream(table, join(root, 'cp5'), { startingTimestamp: '2000-01-01' })
    expect(past.batches.flat()).toEqual(rows(0, 4))
    expect(past.endOffsets.at(-1)).toEqual(off(id, 4, -1, false))
  })

  it('maxBytesPerTrigger: the first file is always taken, then files while budget remains', async () => {
    const root = await tempDir('sl-delta-src-')
    const table = join(root, 't')
    await append(table, [rows(0, 1), rows(1, 1), rows(2, 1)])
    const run = await stream(table, join(root, 'cp'), { maxBytesPerTrigger: 1 })
    expect(run.batches).toEqual([rows(0, 1), rows(1, 1), rows(2, 1)])
  })

  it('skips dataChange=false commits (compaction): no duplicates', async () => {
    const root = await tempDir('sl-delta-src-')
    const table = join(root, 't')
    await append(table, [rows(0, 2), rows(2, 2)])
    const cp = join(root, 'cp')
    expect((await stream(table, cp)).batches.flat()).toEqual(rows(0, 4))
    await compact(table)
    await append(table, [rows(4, 1)], 2)
    const after = await stream(table, cp)
    expect(after.batches.flat()).toEqual(rows(4, 1))
    // A new query reads the compacted snapshot once.
    expect((await stream(table, join(root, 'cp2'))).batches.flat()).toEqual(rows(0, 5))
  })

  it('a delete fails the stream unless ignoreDeletes or skipChangeCommits; a rewrite needs skipChangeCommits', async () => {
    const root = await tempDir('sl-delta-src-')
    const table = join(root, 't')
    await append(table, [rows(0, 2), rows(2, 2)])
    const { version: deleted, file } = await deleteFirstFile(table)
    await append(table, [rows(4, 1)], 2)
    const strict = await stream(table, join(root, 'cp1'), { startingVersion: 0 })
    expect(strict.error).toMatchObject({ code: 'SL_SOURCE_DELTA_DATA_DELETED' })
    expect(String((strict.error as Error).message)).toContain(`version ${deleted}`)
    expect(String((strict.error as Error).message)).toContain(file)
    expect(String((strict.error as Error).message)).toContain('ignoreDeletes')
    const ignoring = await stream(table, join(root, 'cp2'), {
      startingVersion: 0,
      ignoreDeletes: true,
    })
    expect(ignoring.error).toBeNull()
    expect(ignoring.batches.flat()).toEqual([...rows(0, 4), ...rows(4, 1)])
    const skipping = await stream(table, join(root, 'cp3'), {
      startingVersion: 0,
      skipChangeCommits: true,
    })
    expect(skipping.batches.flat()).toEqual([...rows(0, 4), ...rows(4, 1)])

    const rewrite = await rewriteFirstFile(table)
    const cp4 = join(root, 'cp4')
    const failing = await stream(table, cp4, { startingVersion: rewrite, ignoreDeletes: true })
    expect(failing.error).toMatchObject({ code: 'SL_SOURCE_DELTA_DATA_CHANGED' })
    expect(String((failing.error as Error).message)).toContain('skipChangeCommits')
    const skipped = await stream(table, join(root, 'cp5'), {
      startingVersion: rewrite,
      skipChangeCommits: true,
    })
    expect(skipped.batches.flat()).toEqual([])
    const changes = await stream(table, join(root, 'cp6'), {
      startingVersion: rewrite,
      ignoreChanges: true,
    })
    expect(changes.batches.flat()).toEqual([
      [2, 'n2'],
      [3, 'changed'],
    ])
  })

  it('a batch run again after a crash reads the same files; the restart continues exactly once', async () => {
    const root = await tempDir('sl-delta-src-')
    const table = join(root, 't')
    await append(table, [rows(0, 1), rows(1, 1), rows(2, 1), rows(3, 1)])
    const cp = join(root, 'cp')
    const first = await stream(table, cp, { maxFilesPerTrigger: 3 })
    expect(first.batches).toEqual([rows(0, 3), rows(3, 1)])
    // Crash after the offsets WAL of batch 1, before its commit: the batch runs again.
    await fs.rm(join(cp, 'commits', '1'))
    await append(table, [rows(4, 1)], 4)
    const again = await stream(table, cp, { maxFilesPerTrigger: 3 })
    expect(again.batches).toEqual([rows(3, 1), rows(4, 1)])
    // The same for batch 0 (no start offset): the initial snapshot's files, the same ones.
    const cp2 = join(root, 'cp2')
    await stream(table, cp2, { maxFilesPerTrigger: 2 })
    for (const f of await fs.readdir(join(cp2, 'commits'))) await fs.rm(join(cp2, 'commits', f))
    for (const f of await fs.readdir(join(cp2, 'offsets')))
      if (f !== '0') await fs.rm(join(cp2, 'offsets', f))
    await append(table, [rows(5, 1)], 5)
    const replay = await stream(table, cp2, { maxFilesPerTrigger: 2 })
    expect(replay.batches[0]).toEqual(rows(0, 2))
    expect(replay.batches.flat()).toEqual(rows(0, 6))
  })

  it('schema from the table: API calls before start, no user schema, clear errors', async () => {
    const root = await tempDir('sl-delta-src-')
    const table = join(root, 't')
    const missing = spark.readStream.format('delta').load(join(root, 'nope'))
    await expect(
      missing.writeStream.format('memory').queryName('m0').start(),
    ).rejects.toMatchObject({ code: 'SL_SOURCE_TABLE_NOT_FOUND' })
    await append(table, [rows(0, 2)])
    const df = spark.readStream.format('delta').load(table)
    expect(df.isStreaming).toBe(true)
    expect((await df.resolveSchema()).fields.map((f) => f.name)).toEqual(['id', 'name'])
    const selected = df.filter(col('id').gt(0)).select('name')
    const q = await selected.writeStream.format('memory').queryName('delta_src_m1').start()
    await q.processAllAvailable()
    await q.stop()
    expect((await spark.table('delta_src_m1').collectRows()).rows).toEqual([['n1']])
    expect(() => spark.readStream.format('delta').schema('id INT').load(table)).toThrow(
      /delta source/,
    )
    await expect(
      stream(table, join(root, 'cpx'), { withEventTimeOrder: true }).then((r) => {
        throw r.error
      }),
    ).rejects.toMatchObject({ code: 'SL_SOURCE_INVALID_OPTION' })
    await expect(stream(table, join(root, 'cpy'), { startingVersion: 9 })).rejects.toMatchObject({
      code: 'SL_SOURCE_DELTA_VERSION_NOT_FOUND',
    })
  })

  it('a commit removed by log clean-up before the stream read it: a clear error', async () => {
    const root = await tempDir('sl-delta-src-')
    const table = join(root, 't')
    await append(table, [rows(0, 1), rows(1, 1), rows(2, 1)])
    const cp = join(root, 'cp')
    await stream(table, cp)
    await append(table, [rows(3, 1), rows(4, 1)], 3) // versions 3, 4
    await DeltaLog.forTable(table).checkpoint(4)
    for (const v of [0, 1, 2, 3])
      await fs.rm(join(table, '_delta_log', `${String(v).padStart(20, '0')}.json`))
    const r = await stream(table, cp)
    expect(r.error).toMatchObject({ code: 'SL_SOURCE_DELTA_COMMIT_MISSING' })
    expect(String((r.error as Error).message)).toContain('version 3 next')
    expect(String((r.error as Error).message)).toContain('earliest commit there is 4')
  })

  it('a schema change mid-stream fails; the restarted query reads with the new schema', async () => {
    const root = await tempDir('sl-delta-src-')
    const table = join(root, 't')
    await append(table, [rows(0, 1)])
    const cp = join(root, 'cp')
    const run = () =>
      spark.readStream
        .format('delta')
        .load(table)
        .writeStream.foreachBatch(async (df) => {
          seen.push(...(await df.collectRows()).rows)
        })
        .option('checkpointLocation', cp)
        .start()
    const seen: unknown[][] = []
    const q = await run()
    await q.processAllAvailable()
    await addColumn(table)
    await expect(q.processAllAvailable()).rejects.toMatchObject({
      code: 'SL_SOURCE_DELTA_SCHEMA_CHANGED',
    })
    const restarted = await run()
    await restarted.processAllAvailable()
    await restarted.stop()
    expect(seen).toEqual([
      [0, 'n0'],
      [1, 'n1', 'x'],
    ])
  })
})

/** An OPTIMIZE-like commit: the live files replaced by one file of their rows, dataChange=false. */
async function compact(table: string): Promise<void> {
  const log = DeltaLog.forTable(table)
  const snapshot = await log.snapshot()
  const all = (
    await Promise.all(
      snapshot.files.map(async (f) =>
        (await import('../../../src/delta/index.js')).readFileRows(snapshot, [f]),
      ),
    )
  ).flatMap((r) => r.flat())
  const add: AddAction = { ...(await writeDataFile(table, SCHEMA, all)), dataChange: false }
  const now = Date.now()
  const tx = await log.startTransaction(snapshot)
  await tx.commit(
    [...snapshot.files.map((f) => ({ remove: removeWithTimestamp(f, now, false) })), { add }],
    {
      name: 'OPTIMIZE',
      parameters: {},
    },
  )
}

/** A DELETE of a whole file: one remove with dataChange=true. */
async function deleteFirstFile(table: string): Promise<{ version: number; file: string }> {
  const log = DeltaLog.forTable(table)
  const snapshot = await log.snapshot()
  const first = [...snapshot.files].sort((a, b) => a.modificationTime - b.modificationTime)[0]!
  const tx = await log.startTransaction(snapshot)
  const version = await tx.commit([{ remove: removeWithTimestamp(first, Date.now()) }], {
    name: 'DELETE',
    parameters: {},
  })
  return { version, file: first.path }
}

/** An UPDATE: a file removed and its rows written again (one changed), dataChange=true. */
async function rewriteFirstFile(table: string): Promise<number> {
  const log = DeltaLog.forTable(table)
  const snapshot = await log.snapshot()
  const target = snapshot.files.find((f) => f.stats?.includes('"minValues":{"id":2'))!
  const add = await writeDataFile(table, SCHEMA, [
    [2, 'n2'],
    [3, 'changed'],
  ])
  const tx = await log.startTransaction(snapshot)
  return tx.commit([{ remove: removeWithTimestamp(target, Date.now()) }, { add }], {
    name: 'UPDATE',
    parameters: {},
  })
}

/** ALTER TABLE ADD COLUMN and an append with it: one commit with a new metaData and a file. */
async function addColumn(table: string): Promise<void> {
  const wide = parseDdlSchema('id INT, name STRING, extra STRING')
  const log = DeltaLog.forTable(table)
  const snapshot = await log.snapshot()
  const schemaString = JSON.stringify({
    type: 'struct',
    fields: wide.fields.map((f) => ({
      name: f.name,
      type: f.dataType.type,
      nullable: true,
      metadata: {},
    })),
  })
  const add = await writeDataFile(table, wide, [[1, 'n1', 'x']])
  const tx = await log.startTransaction(snapshot)
  await tx.commit([{ metaData: { ...snapshot.metadata, schemaString } }, { add }], {
    name: 'WRITE',
    parameters: { mode: 'Append' },
  })
}

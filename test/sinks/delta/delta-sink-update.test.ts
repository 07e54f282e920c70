/** Update output mode into Delta: an idempotent upsert keyed by the grouping keys. */
import { execFile } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import {
  DeltaLog,
  newTableMetadata,
  readSnapshotRows,
  type Action,
} from '../../../src/delta/index.js'
import { DeltaSink } from '../../../src/sinks/delta/delta-sink.js'
import { parseDdlSchema, type Row } from '../../../src/types/index.js'
import { bundleForNode } from '../../delta/support/bundle-child.js'
import { tempDir } from '../../support/temp-dir.js'
import {
  LatestModel,
  WINDOW_SCHEMA,
  random,
  startedSink,
  tableRows,
  updateCtx,
  win,
  windowBatch,
} from './support/upsert-table.js'

const run = promisify(execFile)

async function lastEntry(path: string) {
  return (await DeltaLog.forTable(path).history(1))[0]!
}

async function commitActions(path: string, version: number): Promise<Action[]> {
  const text = await fs.readFile(
    join(path, '_delta_log', `${String(version).padStart(20, '0')}.json`),
    'utf8',
  )
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Action)
}

const addsOf = (actions: Action[]) => actions.flatMap((a) => ('add' in a ? [a.add] : []))

async function parquetFiles(path: string): Promise<string[]> {
  return (await fs.readdir(path)).filter((f) => f.endsWith('.parquet')).sort()
}

describe('DeltaSink in update mode', () => {
  it('holds the latest row of every (window, event_type) after each batch, one version per batch', async () => {
    const path = join(await tempDir(), 't')
    const sink = await startedSink(path)
    const model = new LatestModel()
    const rnd = random(7)
    for (let b = 0; b < 15; b++) {
      const batch = windowBatch(b, rnd)
      await sink.addBatch(b, batch)
      model.apply(batch)
      const snapshot = await DeltaLog.forTable(path).snapshot()
      expect(snapshot.version).toBe(b)
      expect(snapshot.txnVersion('q-up')).toBe(b)
      expect(await tableRows(path)).toEqual(model.sorted())
    }
    // Every key is in the table once.
    const rows = await readSnapshotRows(await DeltaLog.forTable(path).snapshot())
    expect(new Set(rows.map((r) => JSON.stringify([r[0], r[1]]))).size).toBe(rows.length)
  })

  it('replaces updated keys, inserts new ones, and keeps the other rows of a rewritten file', async () => {
    const path = join(await tempDir(), 't')
    const sink = await startedSink(path)
    await sink.addBatch(0, [
      [win(0), 'click', 1, 1.5],
      [win(0), 'view', 2, 2.5],
      [win(0), null, 3, 3.5],
      [null, 'click', 4, 4.5],
    ])
    await sink.addBatch(1, [
      [win(0), 'click', 10, 10.5], // updated
      [win(0), null, 30, 30.5], // null matches null
      [null, 'click', 40, 40.5], // a null window matches a null window
      [win(1), 'click', 5, 5.5], // new
      [win(1), 'click', 6, 6.5], // same key again in the batch: the last wins
    ])
    expect(await tableRows(path)).toEqual(
      [
        JSON.stringify([null, 'click', 40, 40.5]),
        JSON.stringify([win(0), 'click', 10, 10.5]),
        JSON.stringify([win(0), 'view', 2, 2.5]),
        JSON.stringify([win(0), null, 30, 30.5]),
        JSON.stringify([win(1), 'click', 6, 6.5]),
      ].sort(),
    )
    const entry = await lastEntry(path)
    expect(entry).toMatchObject({
      version: 1,
      operation: 'STREAMING UPDATE',
      operationParameters: { outputMode: 'Update', queryId: 'q-up', epochId: '1' },
      operationMetrics: {
        numAddedFiles: '2', // the survivor (view) and the batch's rows
        numRemovedFiles: '1',
        numOutputRows: '5',
        numSourceRows: '5',
        numUpdatedRows: '3',
        numInsertedRows: '1',
        numCopiedRows: '1',
        numDeletedRows: '3',
        numFilesBeforeSkipping: '1',
        numFilesRead: '1',
      },
      isBlindAppend: false,
      txn: { appId: 'q-up', version: 1 },
    })
    expect(Number(entry.operationMetrics['numOutputBytes'])).toBeGreaterThan(0)
  })

  it('writes removes with the fields Spark writes, stats copied from the add', async () => {
    const path = join(await tempDir(), 't')
    const sink = await startedSink(path)
    await sink.addBatch(0, [[win(0), 'click', 1, 1]])
    const [added] = addsOf(await commitActions(path, 0))
    await sink.addBatch(1, [[win(0), 'click', 2, 2]])
    const actions = await commitActions(path, 1)
    expect(Object.keys(actions[0]!)).toEqual(['commitInfo'])
    const removes = actions.flatMap((a) => ('remove' in a ? [a.remove] : []))
    expect(removes).toHaveLength(1)
    expect(removes[0]!.deletionTimestamp).toBeGreaterThan(0)
    expect(removes).toEqual([
      {
        path: added!.path,
        dataChange: true,
        deletionTimestamp: removes[0]!.deletionTimestamp,
        extendedFileMetadata: true,
        partitionValues: {},
        size: added!.size,
        stats: added!.stats,
      },
    ])
    expect(addsOf(actions)).toHaveLength(1) // no survivors: no rewritten file
    expect(actions.filter((a) => 'txn' in a)).toHaveLength(1)
    expect(await tableRows(path)).toEqual([JSON.stringify([win(0), 'click', 2, 2])])
    // The previous version still reads the old value (time travel).
    expect(await tableRows(path, 0)).toEqual([JSON.stringify([win(0), 'click', 1, 1])])
  })

  it('skips a re-delivered batch id, also after a restart', async () => {
    const path = join(await tempDir(), 't')
    const sink = await startedSink(path)
    await sink.addBatch(0, [[win(0), 'click', 1, 1]])
    await sink.addBatch(1, [[win(0), 'click', 2, 2]])
    const before = await tableRows(path)
    await sink.addBatch(1, [[win(0), 'click', 99, 99]])
    await sink.addBatch(0, [[win(5), 'view', 99, 99]])
    const restarted = await startedSink(path)
    await restarted.addBatch(1, [[win(0), 'click', 2, 2]])
    const snapshot = await DeltaLog.forTable(path).snapshot()
    expect(snapshot.version).toBe(1)
    expect(await tableRows(path)).toEqual(before)
    await restarted.addBatch(2, [[win(0), 'click', 3, 3]])
    expect(await tableRows(path)).toEqual([JSON.stringify([win(0), 'click', 3, 3])])
  })

  it('commits an empty batch as a txn-only version', async () => {
    const path = join(await tempDir(), 't')
    const sink = await startedSink(path)
    await sink.addBatch(0, [[win(0), 'click', 1, 1]])
    await sink.addBatch(1, [])
    const snapshot = await DeltaLog.forTable(path).snapshot()
    expect(snapshot.version).toBe(1)
    expect(snapshot.txnVersion('q-up')).toBe(1)
    expect(snapshot.files).toHaveLength(1)
    expect(await lastEntry(path)).toMatchObject({ numAddedFiles: 0, numRemovedFiles: 0 })
    expect((await commitActions(path, 1)).map((a) => Object.keys(a)[0])).toEqual([
      'commitInfo',
      'txn',
    ])
  })

  it('upserts a global aggregation (no grouping keys) as a one-row table', async () => {
    const schema = parseDdlSchema('n BIGINT, total DOUBLE')
    const path = join(await tempDir(), 't')
    const sink = await startedSink(path, updateCtx('q-g', [], schema))
    await sink.addBatch(0, [[1, 1.5]])
    await sink.addBatch(1, [[3, 4.5]])
    expect(await readSnapshotRows(await DeltaLog.forTable(path).snapshot())).toEqual([[3, 4.5]])
  })

  it('appends when the query has no aggregation (no upsert keys)', async () => {
    const path = join(await tempDir(), 't')
    const sink = await startedSink(path, updateCtx('q-a', null))
    await sink.addBatch(0, [[win(0), 'click', 1, 1]])
    await sink.addBatch(1, [[win(0), 'click', 1, 1]])
    expect(await tableRows(path)).toHaveLength(2)
    expect(await lastEntry(path)).toMatchObject({
      operationParameters: { outputMode: 'Update' },
      isBlindAppend: true,
      numRemovedFiles: 0,
    })
  })

  it('does not read files whose key ranges cannot match', async () => {
    const path = join(await tempDir(), 't')
    const sink = await startedSink(path)
    // Batch b holds windows 10b .. 10b+9: ten files with disjoint window ranges.
    for (let b = 0; b < 10; b++) {
      const rows: Row[] = []
      for (let w = 10 * b; w < 10 * b + 10; w++) rows.push([win(w), 'click', w, w])
      await sink.addBatch(b, rows)
    }
    const snapshot = await DeltaLog.forTable(path).snapshot()
    expect(snapshot.files).toHaveLength(10)
    // Delete the data files of batches 0..7 from disk: reading one would fail.
    const byBatch = await Promise.all(
      [...Array(10).keys()].map(async (v) =>
        addsOf(await commitActions(path, v)).map((a) => a.path),
      ),
    )
    for (const p of byBatch.slice(0, 8).flat()) await fs.rm(join(path, p))
    await sink.addBatch(10, [
      [win(95), 'click', -1, -1], // in batch 9's file
      [win(100), 'click', 100, 100], // new
    ])
    expect((await lastEntry(path)).operationMetrics).toMatchObject({
      numFilesBeforeSkipping: '10',
      numFilesSkipped: '9',
      numFilesRead: '1',
      numUpdatedRows: '1',
      numInsertedRows: '1',
      numRemovedFiles: '1',
    })
    // A key of an old window does need the old file: the sink reads it (and finds it missing).
    await expect(sink.addBatch(11, [[win(3), 'click', 0, 0]])).rejects.toMatchObject({
      code: 'SL_DELTA_DATA_FILE_NOT_FOUND',
    })
  })

  it('leaves the table unchanged when the process dies between writing files and committing', async () => {
    const root = await tempDir()
    const path = join(root, 't')
    const sink = await startedSink(path)
    const model = new LatestModel()
    const batches = [
      [
        [win(0), 'click', 1, 1],
        [win(0), 'view', 2, 2],
      ],
      [
        [win(0), 'click', 3, 3],
        [win(1), 'buy', 4, 4],
      ],
    ] as Row[][]
    for (const [b, batch] of batches.entries()) {
      await sink.addBatch(b, batch)
      model.apply(batch)
    }
    const before = await tableRows(path)
    const filesBefore = await parquetFiles(path)
    // Batch 2 rewrites batch 1's file (keeping (1, buy)) and adds its rows, then is killed.
    const batch2: Row[] = [
      [win(0), 'click', 5, 5],
      [win(2), null, 6, 6],
    ]
    const batchFile = join(root, 'batch.json')
    await fs.writeFile(batchFile, JSON.stringify({ batchId: 2, rows: batch2 }))
    const child = await bundleForNode(join(__dirname, 'support/upsert-child.ts'))
    const crashed = await run(process.execPath, [child, path, batchFile], {
      env: { ...process.env, STREAMLAKE_CRASH_AT: 'delta-sink-files-written:1' },
    }).catch((e: { signal?: string; stdout?: string }) => e)
    expect(crashed).toMatchObject({ signal: 'SIGKILL', stdout: '' })
    // Orphan files only: the log did not move and the table reads as before.
    expect((await DeltaLog.forTable(path).snapshot()).version).toBe(1)
    expect(await tableRows(path)).toEqual(before)
    const orphans = (await parquetFiles(path)).filter((f) => !filesBefore.includes(f))
    expect(orphans.length).toBeGreaterThanOrEqual(2)
    // The restarted query re-delivers batch 2; then it is skipped when delivered again.
    const { stdout } = await run(process.execPath, [child, path, batchFile], { env: process.env })
    expect(stdout).toBe('committed')
    model.apply(batch2)
    expect(await tableRows(path)).toEqual(model.sorted())
    await run(process.execPath, [child, path, batchFile], { env: process.env })
    expect((await DeltaLog.forTable(path).snapshot()).version).toBe(2)
    expect(await tableRows(path)).toEqual(model.sorted())
  })
})

describe('DeltaSink update mode errors', () => {
  it('rejects an upsert key that is not a column, naming it', async () => {
    const path = join(await tempDir(), 't')
    const error = await new DeltaSink(path)
      .start(updateCtx('q', ['window', 'eventType']))
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'SL_SINK_UPSERT_KEY_NOT_FOUND', name: 'AnalysisError' })
    expect((error as Error).message).toContain('eventType')
    expect((error as Error).message).toContain('window, event_type, n, total')
    expect(await DeltaLog.forTable(path).tableExists()).toBe(false)
  })

  it('rejects update mode on a table created with a different schema', async () => {
    const path = join(await tempDir(), 't')
    const other = await startedSink(
      path,
      updateCtx('q0', ['k'], parseDdlSchema('k STRING, n BIGINT')),
    )
    await other.addBatch(0, [['a', 1]])
    const error = await new DeltaSink(path).start(updateCtx()).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'SL_SINK_SCHEMA_MISMATCH', path })
    expect((error as Error).message).toContain('struct<k:string,n:bigint>')
  })

  it('rejects upserts into a partitioned table', async () => {
    const path = join(await tempDir(), 't')
    const log = DeltaLog.forTable(path)
    const txn = await log.startTransaction()
    await txn.commit(
      [{ metaData: newTableMetadata(WINDOW_SCHEMA, { partitionColumns: ['event_type'] }) }],
      { name: 'CREATE TABLE', parameters: {} },
    )
    await expect(new DeltaSink(path).start(updateCtx())).rejects.toMatchObject({
      code: 'SL_SINK_UPSERT_PARTITIONED_TABLE',
    })
  })
})

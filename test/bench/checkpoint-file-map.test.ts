/**
 * The benchmark's engine-independent latency bookkeeping, on a real streamlake query fed file by
 * file: the checkpoint says which batch read which file (also across the no-data batches of a
 * windowed query), and the watcher sees each batch's Delta commit with its txn version.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CheckpointFileMap } from '../../bench/support/checkpoint-file-map.js'
import { DeltaCommitWatcher, epochMs } from '../../bench/support/delta-commit-watcher.js'
import { startPassthrough } from '../../src/apps/passthrough-app.js'
import { startTumbling } from '../../src/apps/windowed-apps.js'
import { generateEvents, SparkSession, type StreamingQuery } from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function feedFileByFile(
  start: typeof startPassthrough,
  table: string,
  checkpoint: string,
  expectNoDataBatches: boolean,
): Promise<void> {
  const root = await tempDir()
  const staged = join(root, 'staged')
  // 6 files with 7, 8, … events (event counts tell the files apart), 3 minutes apart.
  for (let i = 0; i < 6; i++)
    await generateEvents({
      out: staged,
      batches: 1,
      eventsPerBatch: 7 + i,
      seed: 11,
      startTime: new Date(Date.UTC(2026, 10, 24, 10, 3 * i)),
      intervalMs: 180_000,
    })
  const names = (await fs.readdir(staged)).sort()
  const eventsOf = new Map(names.map((n, i) => [n, 7 + i]))
  const input = join(root, 'input')
  await fs.mkdir(input)
  const spark = SparkSession.builder().config('spark.sql.session.timeZone', 'UTC').getOrCreate()
  const o = { input, data: join(root, 'data'), checkpoints: join(root, 'checkpoints') }
  const watcher = new DeltaCommitWatcher(join(o.data, table))
  watcher.start()
  const query: StreamingQuery = await start(spark, o)
  const renamed = new Map<string, number>()
  for (const n of names) {
    await fs.rename(join(staged, n), join(input, n))
    renamed.set(n, epochMs())
    await query.processAllAvailable()
    await sleep(30)
  }
  await query.stop()
  await sleep(50)
  await watcher.stop()
  const map = new CheckpointFileMap(join(o.checkpoints, checkpoint))
  await map.refresh()

  expect([...map.admittedFiles].sort()).toEqual(names)
  const rowsByBatch = new Map<number, number>()
  for (const n of names) {
    const b = map.batchOfFile(n)
    expect(b, n).toBeDefined()
    rowsByBatch.set(b!, (rowsByBatch.get(b!) ?? 0) + eventsOf.get(n)!)
    const commit = watcher.commitOfBatch(b!)
    expect(commit, `commit of batch ${b}`).toBeDefined()
    expect(commit!.seenAtMs).toBeGreaterThan(renamed.get(n)!)
  }
  // The engine's own account of what each batch read agrees with the map read from disk.
  const fromProgress = new Map(
    query.recentProgress.filter((p) => p.numInputRows > 0).map((p) => [p.batchId, p.numInputRows]),
  )
  expect(rowsByBatch).toEqual(fromProgress)
  // Executed no-data batches (stateful queries) ran addBatch; idle triggers' progress (recorded
  // every noDataProgressEventInterval, as Spark does) did not.
  const noDataBatches = query.recentProgress.filter(
    (p) => p.numInputRows === 0 && p.durationMs['addBatch'] !== undefined,
  )
  expect(noDataBatches.length > 0).toBe(expectNoDataBatches)
  // Every commit's txn.version is a distinct batch id.
  const txns = [...watcher.commits.values()].map((c) => c.txnVersion)
  expect(new Set(txns).size).toBe(txns.length)
}

describe('CheckpointFileMap + DeltaCommitWatcher', () => {
  it('map each file of a pass-through query to the batch and commit that made its rows visible', async () => {
    await feedFileByFile(startPassthrough, 'events', 'raw_events', false)
  })

  it('skip the no-data batches of a windowed query (files map to the batch that read them)', async () => {
    await feedFileByFile(startTumbling, 'tumbling_aggregates', 'tumbling', true)
  })
})

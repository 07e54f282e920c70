/**
 * Auto compaction of the streaming Delta sink (sinks/delta/auto-compaction.ts): after the batch
 * that brings the small files of its partitions to minNumFiles, one OPTIMIZE commit with
 * `auto: true` and dataChange=false; the batch's own commit stays complete; options are checked;
 * the table property `delta.autoOptimize.autoCompact` turns it on. A query killed with SIGKILL
 * between the batch commit and the compaction commit (and right after it) and restarted keeps
 * every row exactly once and compacts only what is small.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { DeltaLog, readSnapshotRows } from '../../../src/delta/index.js'
import { readCommit } from '../../../src/delta/snapshot-loader.js'
import { DeltaSink } from '../../../src/sinks/delta/delta-sink.js'
import { parseDdlSchema, type Row } from '../../../src/types/index.js'
import { bundleForNode } from '../../delta/support/bundle-child.js'
import { tempDir } from '../../support/temp-dir.js'

const schema = parseDdlSchema('id INT, p STRING')
const ctx = { queryId: 'q-1', outputMode: 'append' as const, schema, timeZone: 'UTC' }
const run = promisify(execFile)

async function ids(path: string): Promise<number[]> {
  const rows = await readSnapshotRows(await DeltaLog.forTable(path).snapshot())
  return rows.map((r) => Number(r[0])).sort((a, b) => a - b)
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)

describe('DeltaSink auto compaction', () => {
  it('compacts the written partition once it holds minNumFiles small files', async () => {
    const path = join(await tempDir(), 't')
    const sink = new DeltaSink(path, { autoCompact: 'true', 'autoCompact.minNumFiles': '4' }, ['p'])
    await sink.start(ctx)
    for (let b = 0; b < 4; b++) {
      const rows: Row[] = [
        [b * 2, 'a'],
        [b * 2 + 1, b === 3 ? 'b' : 'a'],
      ]
      await sink.addBatch(b, rows)
    }
    // Batches 0..2 put three files into p=a; batch 3 the fourth (and one into p=b): compaction.
    const log = DeltaLog.forTable(path)
    const snapshot = await log.snapshot()
    expect(snapshot.version).toBe(4)
    expect(snapshot.txnVersion('q-1')).toBe(3)
    const actions = await readCommit(log.store, 4)
    const info = actions[0]!
    expect('commitInfo' in info && info.commitInfo).toMatchObject({
      operation: 'OPTIMIZE',
      operationParameters: { auto: 'true' },
    })
    expect(actions.filter((a) => 'remove' in a)).toHaveLength(4)
    expect(actions.every((a) => !('add' in a) || !a.add.dataChange)).toBe(true)
    expect(snapshot.files.map((f) => f.partitionValues['p']).sort()).toEqual(['a', 'b'])
    expect(await ids(path)).toEqual(range(8))
    expect(sink.lastAutoCompaction?.metrics.numFilesRemoved).toBe(4)
    // The next batch leaves two files in p=a: below the threshold, no new compaction.
    await sink.addBatch(4, [[8, 'a']])
    expect((await log.snapshot()).version).toBe(5)
  })

  it('is on with the table property delta.autoOptimize.autoCompact, off with the option false', async () => {
    const path = join(await tempDir(), 't')
    const first = new DeltaSink(path, { 'autoCompact.minNumFiles': '2' })
    await first.start(ctx)
    await first.addBatch(0, [[0, 'a']])
    const log = DeltaLog.forTable(path)
    const snapshot = await log.snapshot()
    const txn = await log.startTransaction(snapshot)
    await txn.commit(
      [
        {
          metaData: {
            ...snapshot.metadata,
            configuration: { 'delta.autoOptimize.autoCompact': 'auto' },
          },
        },
      ],
      { name: 'SET TBLPROPERTIES', parameters: {} },
    )
    const off = new DeltaSink(path, { autoCompact: 'false', 'autoCompact.minNumFiles': '2' })
    await off.start(ctx)
    await off.addBatch(1, [[1, 'a']])
    expect((await log.snapshot()).files).toHaveLength(2)
    const on = new DeltaSink(path, { 'autoCompact.minNumFiles': '2' })
    await on.start(ctx)
    await on.addBatch(2, [[2, 'a']])
    expect((await log.snapshot()).files).toHaveLength(1)
    expect(await ids(path)).toEqual(range(3))
  })

  it('refuses invalid options naming them', async () => {
    const path = join(await tempDir(), 't')
    for (const [option, value] of [
      ['autoCompact', 'yes'],
      ['autoCompact.minNumFiles', '0'],
      ['autoCompact.maxFileSize', 'big'],
    ] as const) {
      const sink = new DeltaSink(path, { autoCompact: 'true', [option]: value })
      await sink.start(ctx)
      await expect(sink.addBatch(0, [[0, 'a']])).rejects.toMatchObject({
        code: 'SL_API_INVALID_OPTION',
        message: expect.stringContaining(option) as unknown,
      })
    }
  })
})

describe('auto compaction: crash between the batch commit and the compaction commit', () => {
  let child: string
  beforeAll(async () => {
    child = await bundleForNode(join(__dirname, 'support/auto-compact-child.ts'))
  }, 120_000)

  async function source(path: string, commits: number): Promise<void> {
    const sink = new DeltaSink(path)
    await sink.start({ ...ctx, queryId: 'source' })
    for (let c = 0; c < commits; c++) await sink.addBatch(c, [[c, 'x']])
  }

  for (const point of ['delta-optimize-files-written', 'delta-optimize-committed'])
    it(`killed at ${point}, restarted: every row once, compacted once`, async () => {
      const root = await tempDir('sl-auto-compact-crash-')
      const [src, target, checkpoint] = ['src', 'target', 'cp'].map((n) => join(root, n))
      await source(src!, 7)
      const args = [child, src!, target!, checkpoint!]
      const crashed = await run(process.execPath, args, {
        env: { ...process.env, STREAMLAKE_CRASH_AT: `${point}:1` },
      }).catch((e: { signal?: string }) => e)
      expect((crashed as { signal?: string }).signal).toBe('SIGKILL')
      const { stdout } = await run(process.execPath, args)
      expect(stdout).toBe('done')
      expect(await ids(target!)).toEqual(range(7))
      const log = DeltaLog.forTable(target!)
      const history = await log.history()
      const optimizes = history.filter((h) => h.operation === 'OPTIMIZE')
      // 7 one-file batches, compaction at 3 small files (all are small): without a crash the
      // table is compacted after batches 2, 4 and 6. The batch re-run after the crash commits
      // nothing and so triggers nothing; the next batches catch up. Whatever the crash point,
      // no row is lost or doubled and fewer than minNumFiles small files are left.
      expect(optimizes.length).toBeGreaterThanOrEqual(1)
      expect((await log.snapshot()).files.length).toBeLessThan(3)
      for (const h of history.filter((e) => e.operation === 'STREAMING UPDATE'))
        expect(h.numRemovedFiles).toBe(0)
    }, 120_000)
})

/**
 * Expired log clean-up (delta/log-cleanup.ts), Delta's MetadataCleanup: cut-off at midnight UTC of
 * now − logRetentionDuration; only files below the newest checkpoint whose preceding commit expired
 * go (Delta's BufferingLogDeletionIterator flushes at a checkpoint when the file before it
 * expired); the table stays readable at its latest version, and time travel before the kept
 * checkpoint fails. Runs after checkpoints of a DeltaLog.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  cleanupCutoff,
  planLogCleanup,
  type VersionedLogFile,
} from '../../src/delta/log-cleanup.js'
import {
  DeltaLog,
  newTableMetadata,
  readSnapshotRows,
  writeDataFile,
} from '../../src/delta/index.js'
import { parseDdlSchema } from '../../src/types/index.js'
import { tempTablePath } from './support/temp-table.js'

const DAY = 86_400_000

describe('cleanupCutoff', () => {
  it('is midnight UTC of now minus the retention', () => {
    const now = Date.UTC(2026, 0, 31, 15, 30)
    expect(cleanupCutoff(now, 30 * DAY)).toBe(Date.UTC(2026, 0, 1))
  })
})

describe('planLogCleanup', () => {
  const commit = (v: number, t: number): VersionedLogFile => ({
    name: `${v}.json`,
    version: v,
    kind: 'commit',
    mtimeMs: t,
  })
  const checkpoint = (v: number, t: number, part = 1, parts = 1): VersionedLogFile => ({
    name: `${v}.checkpoint.${part}.parquet`,
    version: v,
    kind: 'checkpoint',
    part,
    parts,
    mtimeMs: t,
  })
  const files = [
    ...Array.from({ length: 25 }, (_, v) => commit(v, v * 10)),
    checkpoint(10, 100),
    checkpoint(20, 200),
    { name: '5.crc', version: 5, kind: 'other', mtimeMs: 50 } as const,
  ]

  it('deletes everything older than the newest checkpoint not newer than the expired commits', () => {
    // Commits 0..15 expired (t <= 155): the checkpoint to keep is 10.
    expect(planLogCleanup(files, 155)).toEqual([
      '0.json',
      '1.json',
      '2.json',
      '3.json',
      '4.json',
      '5.crc',
      '5.json',
      '6.json',
      '7.json',
      '8.json',
      '9.json',
    ])
  })

  it('deletes nothing until the commit before a checkpoint expired, and never the kept one', () => {
    expect(planLogCleanup(files, 85)).toEqual([]) // commits 0..8: no checkpoint at or below 9
    expect(planLogCleanup(files, 10_000)).not.toContain('20.checkpoint.1.parquet')
    expect(planLogCleanup(files, 10_000)).toContain('10.checkpoint.1.parquet')
  })

  it('keeps the checkpoint one past the newest expired commit, as Delta does', () => {
    // Commit 9 expired (t = 90), 10 not: Delta flushes its buffer at checkpoint 10 because the
    // file before it (9.json) expired, so 0..9 go and the table starts at checkpoint 10.
    expect(planLogCleanup(files, 95)).toHaveLength(11)
    expect(planLogCleanup(files, 95)).toContain('9.json')
    expect(planLogCleanup(files, 95)).not.toContain('10.json')
  })

  it('counts a commit not later than the one before it as later (Delta adjusts file times)', () => {
    // Commit 3 was modified late (t = 1000): 4..15 have old times but come after it, so only
    // 0..2 expire and no checkpoint is at or below 3.
    const late = files.map((f) => (f.name === '3.json' ? { ...f, mtimeMs: 1000 } : f))
    expect(planLogCleanup(late, 155)).toEqual([])
  })

  it('ignores an empty checkpoint file', () => {
    const empty = files.map((f) => (f.name === '10.checkpoint.1.parquet' ? { ...f, size: 0 } : f))
    expect(planLogCleanup(empty, 155)).toEqual([])
  })

  it('ignores an incomplete multi-part checkpoint', () => {
    const partial = [...files.filter((f) => f.kind !== 'checkpoint'), checkpoint(10, 100, 1, 2)]
    expect(planLogCleanup(partial, 155)).toEqual([])
  })
})

describe('log clean-up after checkpoints', () => {
  it('expires old commits of a table and leaves it readable', async () => {
    let now = Date.UTC(2026, 0, 1, 12)
    const schema = parseDdlSchema('id BIGINT')
    const log = DeltaLog.forTable(await tempTablePath(), { clock: () => now })
    const logDir = path.join(log.tablePath, '_delta_log')
    for (let v = 0; v < 25; v++) {
      const txn = await log.startTransaction()
      await txn.commit(
        [
          ...(v === 0
            ? [
                {
                  metaData: newTableMetadata(schema, {
                    configuration: { 'delta.logRetentionDuration': 'interval 1 day' },
                  }),
                },
              ]
            : []),
          { add: await writeDataFile(log.tablePath, schema, [[v]]) },
        ],
        { name: 'WRITE', parameters: { mode: 'Append' } },
      )
      // Every commit (and the checkpoint with it) an hour after the previous one.
      const t = new Date(now)
      for (const name of await fs.readdir(logDir))
        if (name.startsWith(String(v).padStart(20, '0')))
          await fs.utimes(path.join(logDir, name), t, t)
      now += 3_600_000
    }
    // 25 hours after the start: cut-off = midnight of Jan 1 (+1 h start) → nothing expired yet.
    expect((await fs.readdir(logDir)).filter((n) => n.endsWith('.json'))).toHaveLength(25)
    now = Date.UTC(2026, 0, 3, 1) // cut-off Jan 2 00:00: commits 0..12 expired, checkpoint 10 kept
    const result = await log.cleanupExpiredLogs()
    expect(result.deleted).toEqual(
      Array.from({ length: 10 }, (_, v) => `${String(v).padStart(20, '0')}.json`),
    )
    const fresh = DeltaLog.forTable(log.tablePath)
    const rows = await readSnapshotRows(await fresh.snapshot())
    expect(rows.map((r) => Number(r[0])).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 25 }, (_, v) => v),
    )
    await expect(fresh.snapshot(5)).rejects.toMatchObject({ code: 'SL_DELTA_VERSION_NOT_FOUND' })
    expect((await fresh.snapshot(10)).version).toBe(10)
  })
})

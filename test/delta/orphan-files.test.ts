/**
 * Orphan data files (delta/orphan-files.ts): only the owner's files that no live file or
 * tombstone references, older than the retention and younger than the table's
 * deletedFileRetentionDuration, are deleted; the log's stale temp files go too.
 */
import { existsSync, promises as fs } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  DeltaLog,
  newTableMetadata,
  readSnapshotRows,
  removeWithTimestamp,
  writeDataFile,
  type AddAction,
} from '../../src/delta/index.js'
import {
  referencedPaths,
  removeOrphanFiles,
  selectOrphanFiles,
} from '../../src/delta/orphan-files.js'
import { parseDdlSchema } from '../../src/types/index.js'
import { tempDir } from '../support/temp-dir.js'

const schema = parseDdlSchema('k STRING, n BIGINT')
const HOUR = 3_600_000
const DAY = 24 * HOUR
const OWNER = 'query-1'

async function age(file: string, ms: number): Promise<void> {
  const t = (Date.now() - ms) / 1000
  await fs.utimes(file, t, t)
}

describe('selectOrphanFiles', () => {
  it('keeps referenced files and files outside the age window', () => {
    const now = 10 * DAY
    const rule = { modifiedBeforeMs: now - HOUR, modifiedAfterMs: now - 7 * DAY }
    const listed = [
      { path: 'a.parquet', mtimeMs: now - 2 * HOUR },
      { path: 'referenced.parquet', mtimeMs: now - 2 * HOUR },
      { path: 'young.parquet', mtimeMs: now - HOUR / 2 },
      { path: 'ancient.parquet', mtimeMs: now - 8 * DAY },
      { path: 'p=1/b.parquet', mtimeMs: now - 3 * DAY },
    ]
    expect(selectOrphanFiles(listed, new Set(['referenced.parquet']), rule)).toEqual([
      'a.parquet',
      'p=1/b.parquet',
    ])
  })
})

describe('removeOrphanFiles', () => {
  async function table(): Promise<{
    dir: string
    log: DeltaLog
    live: AddAction
    gone: AddAction
  }> {
    const dir = path.join(await tempDir(), 't')
    const log = DeltaLog.forTable(dir)
    const live = await writeDataFile(dir, schema, [['a', 1]], { owner: OWNER })
    const gone = await writeDataFile(dir, schema, [['b', 2]], { owner: OWNER })
    await (
      await log.startTransaction()
    ).commit([{ metaData: newTableMetadata(schema) }, { add: live }, { add: gone }], {
      name: 'WRITE',
      parameters: {},
    })
    // Complete mode's shape: a later commit removes a file; its tombstone keeps it for VACUUM.
    await (
      await log.startTransaction()
    ).commit([{ remove: removeWithTimestamp(gone, Date.now()) }], {
      name: 'DELETE',
      parameters: {},
    })
    return { dir, log, live, gone }
  }

  it('deletes the owner’s unreferenced files and stale log temp files, and nothing else', async () => {
    const { dir, log, live, gone } = await table()
    const orphan = await writeDataFile(dir, schema, [['x', 9]], { owner: OWNER })
    const others = await writeDataFile(dir, schema, [['y', 9]], { owner: 'query-2' })
    const spark = await writeDataFile(dir, schema, [['z', 9]])
    const ancient = await writeDataFile(dir, schema, [['w', 9]], { owner: OWNER })
    await age(path.join(dir, ancient.path), 8 * DAY)
    const tempName = `.00000000000000000002.json.0f3c2b1a-1234-4abc-8def-0123456789ab.tmp`
    await fs.writeFile(path.join(dir, '_delta_log', tempName), '{')
    await age(path.join(dir, '_delta_log', tempName), 2 * HOUR)
    const before = await readSnapshotRows(await log.snapshot())

    const result = await removeOrphanFiles(dir, () => log.snapshot(), {
      owner: OWNER,
      retentionMs: 0,
    })
    expect(result.dataFiles).toEqual([path.join(dir, orphan.path)])
    expect(result.tempFiles).toEqual([path.join(dir, '_delta_log', tempName)])
    expect(existsSync(path.join(dir, orphan.path))).toBe(false)
    for (const kept of [live, gone, others, spark, ancient])
      expect(existsSync(path.join(dir, kept.path)), kept.path).toBe(true)
    expect(await readSnapshotRows(await log.snapshot())).toEqual(before)
    expect(await readSnapshotRows(await log.snapshot(0))).toHaveLength(2)
  })

  it('keeps an orphan younger than the retention', async () => {
    const { dir, log } = await table()
    const orphan = await writeDataFile(dir, schema, [['x', 9]], { owner: OWNER })
    const run = () =>
      removeOrphanFiles(dir, () => log.snapshot(), { owner: OWNER, retentionMs: HOUR })
    expect((await run()).dataFiles).toEqual([])
    expect(existsSync(path.join(dir, orphan.path))).toBe(true)
    await age(path.join(dir, orphan.path), 2 * HOUR)
    expect((await run()).dataFiles).toEqual([path.join(dir, orphan.path)])
  })

  it('sees a commit that lands while the folder is listed', async () => {
    const { dir, log } = await table()
    const late = await writeDataFile(dir, schema, [['l', 1]], { owner: OWNER })
    let loads = 0
    const result = await removeOrphanFiles(
      dir,
      async () => {
        // The second load, after the listing, sees the commit made in between.
        if (++loads === 2)
          await (
            await log.startTransaction()
          ).commit([{ add: late }], { name: 'WRITE', parameters: {} })
        return log.snapshot()
      },
      { owner: OWNER, retentionMs: 0 },
    )
    expect(result.dataFiles).toEqual([])
    expect(existsSync(path.join(dir, late.path))).toBe(true)
  })

  it('does nothing for a table that does not exist yet', async () => {
    const dir = path.join(await tempDir(), 'none')
    const log = DeltaLog.forTable(dir)
    expect(
      await removeOrphanFiles(dir, () => log.snapshot(), { owner: OWNER, retentionMs: 0 }),
    ).toMatchObject({ dataFiles: [], tempFiles: [] })
    expect(existsSync(dir)).toBe(false)
  })

  it('counts a file added under its absolute file: URI as referenced', async () => {
    const { dir, log } = await table()
    const file = await writeDataFile(dir, schema, [['u', 1]], { owner: OWNER })
    const uri = `file://${path.join(dir, file.path)}`
    await (
      await log.startTransaction()
    ).commit([{ add: { ...file, path: uri } }], { name: 'WRITE', parameters: {} })
    expect(referencedPaths(await log.snapshot()).has(file.path)).toBe(true)
    await removeOrphanFiles(dir, () => log.snapshot(), { owner: OWNER, retentionMs: 0 })
    expect(existsSync(path.join(dir, file.path))).toBe(true)
  })
})

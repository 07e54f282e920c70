/**
 * RESTORE (delta/restore.ts): the latest version holds an older version's rows again, in one
 * RESTORE commit with Spark's metric names; files VACUUM deleted make it fail clearly (Spark:
 * "Not all files from version … are available"); timestamp travel uses commit file times.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  DeltaLog,
  newTableMetadata,
  optimizeTable,
  readSnapshotRows,
  removeWithTimestamp,
  restoreTable,
  vacuumTable,
  versionAtTimestamp,
  writeDataFile,
} from '../../src/delta/index.js'
import { readCommit } from '../../src/delta/snapshot-loader.js'
import { parseDdlSchema } from '../../src/types/index.js'
import { tempTablePath } from './support/temp-table.js'

const schema = parseDdlSchema('id BIGINT')

async function table(clock?: () => number): Promise<DeltaLog> {
  const log = DeltaLog.forTable(await tempTablePath(), clock ? { clock } : {})
  for (let v = 0; v < 3; v++) {
    const txn = await log.startTransaction()
    await txn.commit(
      [
        ...(v === 0 ? [{ metaData: newTableMetadata(schema) }] : []),
        { add: await writeDataFile(log.tablePath, schema, [[v]]) },
      ],
      { name: 'WRITE', parameters: { mode: 'Append' } },
    )
  }
  // Version 3 deletes the first file.
  const snapshot = await log.snapshot()
  const txn = await log.startTransaction(snapshot)
  await txn.commit([{ remove: removeWithTimestamp(snapshot.files[0]!, Date.now()) }], {
    name: 'DELETE',
    parameters: {},
  })
  return log
}

const ids = async (log: DeltaLog): Promise<number[]> =>
  (await readSnapshotRows(await log.snapshot())).map((r) => Number(r[0])).sort()

describe('restoreTable', () => {
  it('brings back the rows of an older version in a RESTORE commit', async () => {
    const log = await table()
    expect(await ids(log)).toEqual([1, 2])
    const result = await restoreTable(log, { version: 1 })
    expect(result).toMatchObject({
      version: 4,
      numRestoredFiles: 1,
      numRemovedFiles: 1,
      numOfFilesAfterRestore: 2,
    })
    expect(await ids(log)).toEqual([0, 1])
    const info = (await readCommit(log.store, 4))[0]!
    expect('commitInfo' in info && info.commitInfo).toMatchObject({
      operation: 'RESTORE',
      operationParameters: { version: '1' },
      readVersion: 3,
    })
    expect(
      Object.keys(('commitInfo' in info && info.commitInfo.operationMetrics) || {}).sort(),
    ).toEqual([
      'numOfFilesAfterRestore',
      'numRemovedFiles',
      'numRestoredFiles',
      'removedFilesSize',
      'restoredFilesSize',
      'tableSizeAfterRestore',
    ])
  })

  it('refuses when VACUUM deleted a file of the target version', async () => {
    let now = Date.now()
    const log = await table(() => now)
    await optimizeTable(log)
    now += 8 * 86_400_000
    await vacuumTable(log, { logging: false })
    await expect(restoreTable(log, { version: 2 })).rejects.toMatchObject({
      code: 'SL_DELTA_RESTORE_FILES_MISSING',
    })
  })

  it('finds the version of a timestamp from the commit file times', async () => {
    const log = await table()
    const logDir = path.join(log.tablePath, '_delta_log')
    for (let v = 0; v < 4; v++) {
      const t = new Date(Date.UTC(2026, 0, 1, v))
      await fs.utimes(path.join(logDir, `${String(v).padStart(20, '0')}.json`), t, t)
    }
    expect(await versionAtTimestamp(log, Date.UTC(2026, 0, 1, 1, 30))).toBe(1)
    expect(await versionAtTimestamp(log, Date.UTC(2026, 0, 1, 3))).toBe(3)
    await expect(versionAtTimestamp(log, Date.UTC(2025, 0, 1))).rejects.toMatchObject({
      code: 'SL_DELTA_TIMESTAMP_NOT_FOUND',
    })
    await restoreTable(log, {
      timestampMs: Date.UTC(2026, 0, 1, 2),
      timestamp: '2026-01-01 02:00:00',
    })
    expect(await ids(log)).toEqual([0, 1, 2])
  })
})

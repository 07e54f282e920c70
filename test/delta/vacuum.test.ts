/**
 * VACUUM (delta/vacuum.ts): Delta's retention check, the files it deletes (tombstoned and
 * unreferenced files older than the retention) and never deletes (live files, young tombstones,
 * _delta_log, hidden files), the dry run, and the VACUUM START/END commits as Spark 4.2 / Delta
 * 4.4 wrote them on this machine (parameters retentionCheckEnabled, defaultRetentionMillis,
 * specifiedRetentionMillis; metrics numFilesToDelete, sizeOfDataToDelete / numDeletedFiles,
 * numVacuumedDirectories; SnapshotIsolation, isBlindAppend true).
 */
import { existsSync, promises as fs } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  DeltaLog,
  newTableMetadata,
  optimizeTable,
  readSnapshotRows,
  vacuumTable,
  writeDataFile,
} from '../../src/delta/index.js'
import { readCommit } from '../../src/delta/snapshot-loader.js'
import { parseDdlSchema, type Row } from '../../src/types/index.js'
import { tempTablePath } from './support/temp-table.js'

const schema = parseDdlSchema('id BIGINT')
const HOUR = 3_600_000

async function table(clock: () => number): Promise<{ log: DeltaLog; rows: Row[] }> {
  const log = DeltaLog.forTable(await tempTablePath(), { clock })
  const rows: Row[] = []
  for (let b = 0; b < 3; b++) {
    const batch: Row[] = [[b * 2], [b * 2 + 1]]
    rows.push(...batch)
    const txn = await log.startTransaction()
    await txn.commit(
      [
        ...(b === 0 ? [{ metaData: newTableMetadata(schema) }] : []),
        { add: await writeDataFile(log.tablePath, schema, batch) },
      ],
      { name: 'WRITE', parameters: { mode: 'Append' } },
    )
  }
  return { log, rows }
}

describe('vacuumTable', () => {
  it('refuses a retention below delta.deletedFileRetentionDuration unless the check is off', async () => {
    const { log } = await table(Date.now)
    await expect(vacuumTable(log, { retentionHours: 1 })).rejects.toMatchObject({
      code: 'SL_DELTA_VACUUM_RETENTION_TOO_SHORT',
      message: expect.stringContaining('retentionDurationCheck.enabled=false') as unknown,
    })
    await expect(
      vacuumTable(log, { retentionHours: 1, retentionCheck: false, dryRun: true }),
    ).resolves.toMatchObject({ files: [] })
  })

  it('deletes old tombstoned and unreferenced files only, and logs VACUUM START/END', async () => {
    let now = Date.now()
    const { log, rows } = await table(() => now)
    const compacted = await optimizeTable(log) // three tombstones, deletionTimestamp = now
    expect(compacted.version).toBe(3)
    const orphan = path.join(log.tablePath, 'part-00000-orphan-c000.snappy.parquet')
    await fs.writeFile(orphan, 'not referenced')
    const hidden = path.join(log.tablePath, '.hidden.parquet')
    await fs.writeFile(hidden, 'hidden')
    // Right after OPTIMIZE, a 0-hour VACUUM would delete the tombstones; the default (7 days) nothing.
    expect((await vacuumTable(log, { dryRun: true })).files).toEqual([])
    now += 8 * 24 * HOUR // a week later: everything unreferenced is old enough
    const tombstones = (await log.snapshot()).tombstones.map((t) =>
      path.join(log.tablePath, t.path),
    )
    const dry = await vacuumTable(log, { dryRun: true })
    expect(dry.files).toEqual([...tombstones, orphan].sort())
    expect(existsSync(orphan)).toBe(true)
    expect((await log.snapshot()).version).toBe(3) // a dry run commits nothing
    const done = await vacuumTable(log)
    expect(done.files).toEqual(dry.files)
    for (const f of done.files) expect(existsSync(f)).toBe(false)
    expect(existsSync(hidden)).toBe(true)
    const snapshot = await log.snapshot()
    expect(snapshot.version).toBe(5)
    expect(await readSnapshotRows(snapshot)).toEqual(expect.arrayContaining(rows))
    const start = (await readCommit(log.store, 4))[0]!
    const end = (await readCommit(log.store, 5))[0]!
    expect('commitInfo' in start && start.commitInfo).toMatchObject({
      operation: 'VACUUM START',
      operationParameters: { retentionCheckEnabled: 'true', defaultRetentionMillis: '604800000' },
      operationMetrics: { numFilesToDelete: '4', sizeOfDataToDelete: String(done.bytes) },
      isolationLevel: 'SnapshotIsolation',
      isBlindAppend: true,
    })
    expect('commitInfo' in end && end.commitInfo).toMatchObject({
      operation: 'VACUUM END',
      operationParameters: { status: 'COMPLETED' },
      operationMetrics: { numDeletedFiles: '4', numVacuumedDirectories: '1' },
    })
    expect(await readCommit(log.store, 4)).toHaveLength(1) // commitInfo only
  })

  it('keeps tombstones younger than the retention and writes specifiedRetentionMillis', async () => {
    let now = Date.now()
    const { log } = await table(() => now)
    await optimizeTable(log)
    now += 2 * HOUR
    const result = await vacuumTable(log, { retentionHours: 3, retentionCheck: false })
    expect(result.files).toEqual([])
    const start = (await readCommit(log.store, 4))[0]!
    expect('commitInfo' in start && start.commitInfo.operationParameters).toEqual({
      retentionCheckEnabled: 'false',
      defaultRetentionMillis: '604800000',
      specifiedRetentionMillis: String(3 * HOUR),
    })
  })

  it('refuses a folder without a Delta table (every file would look unreferenced)', async () => {
    const log = DeltaLog.forTable(await tempTablePath())
    await fs.mkdir(log.tablePath, { recursive: true })
    await fs.writeFile(path.join(log.tablePath, 'data.parquet'), 'x')
    await expect(
      vacuumTable(log, { retentionHours: 0, retentionCheck: false }),
    ).rejects.toMatchObject({
      code: 'SL_DELTA_TABLE_NOT_FOUND',
    })
    expect(existsSync(path.join(log.tablePath, 'data.parquet'))).toBe(true)
  })
})

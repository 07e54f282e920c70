/**
 * DeltaTable (api/delta-table.ts, delta-optimize-builder.ts): Delta's API shape over a table a
 * streaming query wrote — history() with DESCRIBE HISTORY's columns, optimize().where(partition
 * predicate).executeCompaction(), refusals for non-partition predicates and Z-order, vacuum()
 * with the retention check and its session switch, restoreToVersion().
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeltaTable, SparkSession, col } from '../../src/index.js'
import { DeltaSink } from '../../src/sinks/delta/delta-sink.js'
import { parseDdlSchema } from '../../src/types/index.js'
import { tempDir } from '../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

async function streamedTable(): Promise<string> {
  const path = join(await tempDir(), 'events')
  const sink = new DeltaSink(path, {}, ['day'])
  await sink.start({
    queryId: 'q',
    outputMode: 'append',
    schema: parseDdlSchema('id INT, day DATE'),
    timeZone: 'UTC',
  })
  for (let b = 0; b < 4; b++)
    await sink.addBatch(b, [
      [b * 2, 20454], // 2026-01-01
      [b * 2 + 1, 20455],
    ])
  return path
}

const ids = async (table: DeltaTable): Promise<number[]> =>
  (await (await table.toDF()).collectRows()).rows.map((r) => Number(r[0])).sort((a, b) => a - b)

describe('DeltaTable', () => {
  it('optimize().where(…).executeCompaction() compacts the chosen partition; history() shows it', async () => {
    const table = DeltaTable.forPath(spark, await streamedTable())
    const result = await table.optimize().where("day = '2026-01-01'").executeCompaction()
    const [row] = (await result.collectRows()).rows
    expect(row![0]).toBe(table.path)
    const metrics = row![1] as unknown[]
    expect(metrics.slice(0, 2)).toEqual([1, 4]) // numFilesAdded, numFilesRemoved
    expect(await ids(table)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    const history = await table.history()
    expect(history.schema.fields.map((f) => f.name)).toEqual([
      'version',
      'timestamp',
      'userId',
      'userName',
      'operation',
      'operationParameters',
      'job',
      'notebook',
      'clusterId',
      'readVersion',
      'isolationLevel',
      'isBlindAppend',
      'operationMetrics',
      'userMetadata',
      'engineInfo',
    ])
    const rows = (await history.collectRows()).rows
    expect(rows.map((r) => r[4])).toEqual([
      'OPTIMIZE',
      'STREAMING UPDATE',
      'STREAMING UPDATE',
      'STREAMING UPDATE',
      'STREAMING UPDATE',
    ])
    const params = rows[0]![5] as Map<string, string>
    expect(params.get('predicate')).toBe('["day = \'2026-01-01\'"]')
    expect(rows[0]![10]).toBe('SnapshotIsolation')
  })

  it('refuses a predicate on a data column and Z-ordering', async () => {
    const table = DeltaTable.forPath(spark, await streamedTable())
    await expect(table.optimize().where('id > 3').executeCompaction()).rejects.toMatchObject({
      code: 'SL_DELTA_NON_PARTITION_PREDICATE',
    })
    await expect(table.optimize().executeZOrderBy('id')).rejects.toMatchObject({
      code: 'SL_DELTA_ZORDER_UNSUPPORTED',
    })
  })

  it('vacuum() checks the retention unless the session turns the check off; restoreToVersion()', async () => {
    const table = DeltaTable.forPath(spark, await streamedTable())
    await table.optimize().executeCompaction()
    await expect(table.vacuum(0)).rejects.toMatchObject({
      code: 'SL_DELTA_VACUUM_RETENTION_TOO_SHORT',
    })
    const session = spark.newSession()
    session.conf.set('spark.databricks.delta.retentionDurationCheck.enabled', false)
    // Restore first (the old files are still there), then vacuum with 0 hours deletes the
    // compacted files the restore removed.
    await table.restoreToVersion(2)
    expect(await ids(table)).toEqual([0, 1, 2, 3, 4, 5])
    const deleted = (await (await DeltaTable.forPath(session, table.path).vacuum(0)).collectRows())
      .rows
    expect(deleted.length).toBe(4) // the 2 compacted files + the 2 files of batch 3
    expect(await ids(table)).toEqual([0, 1, 2, 3, 4, 5])
    await expect(table.restoreToVersion(4)).rejects.toMatchObject({
      code: 'SL_DELTA_RESTORE_FILES_MISSING',
    })
  })

  it('names a missing table', async () => {
    const table = DeltaTable.forPath(spark, join(await tempDir(), 'nothing'))
    await expect(table.history()).rejects.toMatchObject({ code: 'SL_DELTA_TABLE_NOT_FOUND' })
    expect(await DeltaTable.isDeltaTable(spark, table.path)).toBe(false)
  })
})

describe('DeltaTable.delete / update (copy-on-write)', () => {
  it('deletes matching rows, rewriting only the files that hold them', async () => {
    const table = DeltaTable.forPath(spark, await streamedTable())
    await table.delete('id >= 5')
    expect(await ids(table)).toEqual([0, 1, 2, 3, 4])
    const [last] = (await (await table.history(1)).collectRows()).rows
    expect(last![4]).toBe('DELETE')
    const metrics = last![12] as Map<string, string>
    // Batches 2 (ids 4, 5) and 3 (6, 7): 4 files; id 4's file is rewritten, the others removed.
    expect(Object.fromEntries(metrics)).toMatchObject({
      numRemovedFiles: '3',
      numAddedFiles: '0',
      numDeletedRows: '3',
    })
    await table.delete(col('id').equalTo(4))
    expect(await ids(table)).toEqual([0, 1, 2, 3])
    await table.delete()
    expect(await ids(table)).toEqual([])
  })

  it('updates matching rows with values and columns, cast to the column type', async () => {
    const table = DeltaTable.forPath(spark, await streamedTable())
    await table.update("day = '2026-01-02'", { id: col('id').plus(100) })
    expect(await ids(table)).toEqual([0, 2, 4, 6, 101, 103, 105, 107])
    // A string value is a SQL expression, as in Delta's API: the quoted text is the literal.
    await table.update(col('id').equalTo(0), { day: "'2026-02-01'" })
    // The row moves to another partition: read back with its new day.
    const rows = (await (await table.toDF()).where(col('id').equalTo(0)).collectRows()).rows
    expect(rows).toEqual([[0, 20485]]) // 2026-02-01
    const history = (await (await table.history(2)).collectRows()).rows
    expect(history.map((r) => r[4])).toEqual(['UPDATE', 'UPDATE'])
    expect(Object.fromEntries(history[1]![12] as Map<string, string>)).toMatchObject({
      numUpdatedRows: '4',
    })
    await expect(table.update(undefined, { nope: 1 })).rejects.toMatchObject({
      code: 'SL_API_INVALID_ARGUMENT',
    })
  })

  it('reads string values as SQL expressions (Delta Python update(set=), Scala updateExpr)', async () => {
    const table = DeltaTable.forPath(spark, await streamedTable())
    await table.update({ condition: 'id < 2', set: { id: 'id * 10 + 1' } })
    expect(await ids(table)).toEqual([1, 2, 3, 4, 5, 6, 7, 11])
    await table.updateExpr({ id: 'id + 100' })
    expect(await ids(table)).toEqual([101, 102, 103, 104, 105, 106, 107, 111])
    await table.updateExpr('id > 105', { id: '0 - id' })
    expect(await ids(table)).toEqual([-111, -107, -106, 101, 102, 103, 104, 105])
    const [last] = (await (await table.history(1)).collectRows()).rows
    expect(Object.fromEntries(last![5] as Map<string, string>)).toEqual({
      predicate: '["id > 105"]',
    })
    await expect(table.updateExpr({ id: 'id +' })).rejects.toMatchObject({
      code: 'SL_API_INVALID_OPTION',
    })
  })
})

describe('DeltaTable.restoreToTimestamp', () => {
  it('takes a Date or a session-zone timestamp string; a time outside the log is refused', async () => {
    const table = DeltaTable.forPath(spark, await streamedTable())
    await expect(table.restoreToTimestamp('2000-01-01 00:00:00')).rejects.toMatchObject({
      code: 'SL_DELTA_TIMESTAMP_NOT_FOUND',
    })
    await expect(table.restoreToTimestamp('not a time')).rejects.toMatchObject({
      code: 'SL_API_INVALID_ARGUMENT',
    })
    // After the last commit: refused, as Spark's time travel (DELTA_TIMESTAMP_GREATER_THAN_COMMIT).
    await expect(table.restoreToTimestamp(new Date(Date.now() + 60_000))).rejects.toMatchObject({
      code: 'SL_DELTA_TIMESTAMP_NOT_FOUND',
    })
    // Commit file times an hour apart (Delta's timestamp travel reads them); 01:30 is version 1.
    for (let v = 0; v < 4; v++) {
      const t = new Date(Date.UTC(2026, 0, 1, v))
      await fs.utimes(join(table.path, '_delta_log', `${String(v).padStart(20, '0')}.json`), t, t)
    }
    await table.restoreToTimestamp('2026-01-01 01:30:00')
    expect(await ids(table)).toEqual([0, 1, 2, 3])
  })
})

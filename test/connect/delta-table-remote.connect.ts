/**
 * DeltaTable on a remote session: every operation runs on Spark as Delta's SQL through Spark
 * Connect. Two copies of one table, the same calls — embedded on one copy, remote on the other —
 * give the same table contents after each step and the same result rows (the counts both
 * engines define the same way; byte sizes and times are each engine's own).
 */
import { promises as fs } from 'node:fs'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { count } from '../../src/api/aggregate-functions.js'
import { DeltaTable } from '../../src/api/delta-table.js'
import { col, lit } from '../../src/api/functions.js'
import { SparkSession } from '../../src/api/session.js'
import { DeltaLog } from '../../src/delta/index.js'
import type { Row } from '../../src/types/index.js'
import { tempDir } from '../support/temp-dir.js'

let root: string
let remote: SparkSession
let embedded: SparkSession

beforeAll(async () => {
  root = await tempDir('streamlake-connect-delta-table-')
  remote = SparkSession.builder()
    .remote(inject('sparkConnectUrl'))
    .config('spark.sql.session.timeZone', 'UTC')
    // Delta's VACUUM lists the table in this many tasks (default 10,000: 147 s for the two
    // listings of this test's VACUUM on 2 loaded cores, 14 s with 2).
    .config('spark.sql.sources.parallelPartitionDiscovery.parallelism', 2)
    .getOrCreate()
  embedded = SparkSession.builder().getOrCreate().newSession()
  embedded.conf.set('spark.sql.session.timeZone', 'UTC')
  // The table every test copies: two commits, so two files in partitions a and b.
  const original = join(root, 'original')
  const write = (rows: unknown[][], mode: 'errorifexists' | 'append') =>
    embedded
      .createDataFrame(rows, SCHEMA)
      .write.format('delta')
      .mode(mode)
      .partitionBy('part')
      .save(original)
  await write(
    [
      [1, 'a', 10, 'x'],
      [2, 'a', 20, null],
      [3, 'b', 30, "it's"],
    ],
    'errorifexists',
  )
  await write(
    [
      [4, 'b', 40, 'back\\slash'],
      [5, null, 50, 'y'],
      [6, 'a', 60, 'z'],
    ],
    'append',
  )
})

afterAll(async () => {
  await remote.stop()
})

const SCHEMA = 'id INT, part STRING, n BIGINT, s STRING'

async function contents(path: string): Promise<string[]> {
  const { rows } = await embedded.read.format('delta').load(path).collectRows()
  return rows.map((r) => JSON.stringify(r)).sort()
}

async function rowsOf(df: Promise<{ collectRows(): Promise<{ rows: Row[] }> }>): Promise<Row[]> {
  return (await (await df).collectRows()).rows
}

/** Runs `step` on both copies and checks they hold the same rows afterwards. */
async function both<T>(
  step: (table: DeltaTable, spark: SparkSession) => Promise<T>,
  paths: { ours: string; spark: string },
): Promise<{ ours: T; spark: T }> {
  const ours = await step(DeltaTable.forPath(embedded, paths.ours), embedded)
  const spark = await step(DeltaTable.forPath(remote, paths.spark), remote)
  expect(await contents(paths.spark)).toEqual(await contents(paths.ours))
  return { ours, spark }
}

describe('DeltaTable on Spark Connect', () => {
  it('optimize, delete, update, merge, history, restore and vacuum give the embedded results', async () => {
    const original = join(root, 'original')
    const paths = { ours: join(root, 'ours'), spark: join(root, 'spark') }
    await fs.cp(original, paths.ours, { recursive: true })
    await fs.cp(original, paths.spark, { recursive: true })

    // OPTIMIZE of one partition: the same files in, so the same bin-packing counts.
    const optimized = await both(
      async (t) => rowsOf(t.optimize().where("part = 'a'").executeCompaction()),
      paths,
    )
    const counts = (r: Row[]) => {
      const m = r[0]![1] as unknown[]
      return { added: m[0], removed: m[1], partitions: m[4], considered: m[6], skipped: m[7] }
    }
    expect(counts(optimized.spark)).toEqual(counts(optimized.ours))
    expect(counts(optimized.spark)).toMatchObject({ added: 1, removed: 2, partitions: 1 })

    // DELETE with a Column and with a SQL string; UPDATE with Column, SQL and literal values.
    await both((t) => t.delete(col('id').equalTo(1)), paths)
    await both((t) => t.delete('n >= 45 AND part IS NULL'), paths)
    await both(
      (t) =>
        t.update({
          condition: col('part').equalTo(lit('b')),
          set: { n: col('n').multiply(2), s: lit("o'k\\") },
        }),
      paths,
    )
    await both((t) => t.update('s IS NULL', { s: "'unknown'", n: 'n + 1' }), paths)

    // MERGE with every clause kind, conditions as SQL strings and Columns.
    const updates = (spark: SparkSession) =>
      spark
        .createDataFrame(
          [
            [2, 'a', 200, 'm'],
            [3, 'b', -1, 'gone'],
            [7, 'c', 70, 'new'],
            [8, 'c', 80, 'all'],
          ],
          SCHEMA,
        )
        .alias('s')
    const merged = await both(
      async (t, spark) =>
        rowsOf(
          t
            .alias('t')
            .merge(updates(spark), col('t.id').equalTo(col('s.id')))
            .whenMatchedDelete('s.n < 0')
            .whenMatchedUpdate({ set: { n: col('s.n'), s: 's.s' } })
            .whenNotMatchedInsert({
              condition: col('s.id').lt(8),
              values: { id: 's.id', part: 's.part', n: 's.n', s: lit('ins') },
            })
            .whenNotMatchedInsertAll()
            .whenNotMatchedBySourceUpdate({ condition: "t.part = 'a'", set: { n: 't.n + 1000' } })
            .whenNotMatchedBySourceDelete()
            .execute(),
        ),
      paths,
    )
    expect(merged.spark).toEqual(merged.ours)
    // affected = 1 updated + 1 deleted (matched) + 2 inserted + 1 updated + 1 deleted (by source)
    expect(merged.ours).toEqual([[6, 2, 2, 2]])

    // A second MERGE: a condition on source.col(), updateAll / insertAll.
    const merged2 = await both(async (t, spark) => {
      const src = spark.createDataFrame([[7, 'c', 7000, 'again']], SCHEMA)
      return rowsOf(
        t
          .alias('t')
          .merge(src, col('t.id').equalTo(src.col('id')))
          .whenMatchedUpdateAll()
          .whenNotMatchedInsertAll()
          .execute(),
      )
    }, paths)
    expect(merged2.spark).toEqual(merged2.ours)
    expect(merged2.ours).toEqual([[1, 1, 0, 0]])

    // A third MERGE with schema evolution: the source's new column is added to the table.
    const merged3 = await both(async (t, spark) => {
      const src = spark
        .createDataFrame([[8, 'c', 8, 'evolved', 0.5]], `${SCHEMA}, x DOUBLE`)
        .alias('s')
      return rowsOf(
        t
          .alias('t')
          .merge(src, 't.id = s.id')
          .whenMatchedUpdateAll()
          .whenNotMatchedInsertAll()
          .withSchemaEvolution()
          .execute(),
      )
    }, paths)
    expect(merged3.spark).toEqual(merged3.ours)

    // History: the same versions and operations, newest first, in DESCRIBE HISTORY's columns.
    const history = await both(async (t) => rowsOf(t.history()), paths)
    const ops = (rows: Row[]) => rows.map((r) => [r[0], r[4]])
    expect(ops(history.spark)).toEqual(ops(history.ours))
    expect(ops(history.ours).map(([, op]) => op)).toEqual([
      'MERGE',
      'MERGE',
      'MERGE',
      'UPDATE',
      'UPDATE',
      'DELETE',
      'DELETE',
      'OPTIMIZE',
      'WRITE',
      'WRITE',
    ])
    expect(
      (await (await DeltaTable.forPath(remote, paths.spark).history(2)).collectRows()).rows,
    ).toHaveLength(2)

    // Time travel reads and toDF() on the server.
    const v1 = remote.read.format('delta').option('versionAsOf', 1).load(paths.spark)
    const v1Ours = embedded.read.format('delta').option('versionAsOf', 1).load(paths.ours)
    const sorted = async (df: typeof v1) =>
      (await df.collectRows()).rows.map((r) => JSON.stringify(r)).sort()
    expect(await sorted(v1)).toEqual(await sorted(v1Ours))
    expect(await sorted(await DeltaTable.forPath(remote, paths.spark).toDF())).toEqual(
      await contents(paths.spark),
    )

    // RESTORE to version 1: the files of version 1, the same in both copies.
    const restored = await both(async (t) => rowsOf(t.restoreToVersion(1)), paths)
    const restoredCounts = (r: Row[]) => [r[0]![0], r[0]![1], r[0]![3], r[0]![5]]
    expect(restoredCounts(restored.spark)).toEqual(restoredCounts(restored.ours))

    // Z-order runs on Spark (not implemented embedded), leaving the rows as they are.
    const before = await contents(paths.spark)
    const z = await rowsOf(DeltaTable.forPath(remote, paths.spark).optimize().executeZOrderBy('n'))
    expect(z).toHaveLength(1)
    expect(await contents(paths.spark)).toEqual(before)

    // VACUUM: Delta's retention check refuses 0 hours on both engines…
    const refusedRemote = await DeltaTable.forPath(remote, paths.spark)
      .vacuum(0)
      .catch((e: unknown) => e)
    expect(refusedRemote).toMatchObject({ code: 'SL_CONNECT_SPARK_ERROR' })
    expect(String(refusedRemote)).toContain('DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT')
    const refusedOurs = await DeltaTable.forPath(embedded, paths.ours)
      .vacuum(0)
      .catch((e: unknown) => e)
    expect((refusedOurs as { code: string }).code).toMatch(/^SL_DELTA_/)
    // …and, with the session setting off (mirrored on the server), deletes every unneeded file.
    for (const spark of [remote, embedded])
      spark.conf.set('spark.databricks.delta.retentionDurationCheck.enabled', 'false')
    for (const [spark, path] of [
      [remote, paths.spark],
      [embedded, paths.ours],
    ] as const) {
      const live = new Set(
        (await DeltaLog.forTable(path).snapshot()).files.map((f) => basename(f.path)),
      )
      const onDisk = async () =>
        (await fs.readdir(path, { recursive: true }))
          .filter((f) => f.endsWith('.parquet') && !f.startsWith('_delta_log'))
          .map((f) => basename(f))
      const stale = (await onDisk()).filter((f) => !live.has(f)).sort()
      expect(stale.length).toBeGreaterThan(0)
      const deleted = await rowsOf(DeltaTable.forPath(spark, path).vacuum(0))
      expect(deleted.map((r) => basename(String(r[0]))).sort()).toEqual(stale)
      expect((await onDisk()).sort()).toEqual([...live].sort())
    }
    expect(await contents(paths.spark)).toEqual(await contents(paths.ours))
  })

  it('isDeltaTable asks Spark; relative paths and expressions without SQL text are refused', async () => {
    expect(await DeltaTable.isDeltaTable(remote, join(root, 'original'))).toBe(true)
    const folder = join(root, 'not-a-table')
    await fs.mkdir(folder)
    expect(await DeltaTable.isDeltaTable(remote, folder)).toBe(false)
    expect(await DeltaTable.isDeltaTable(remote, join(root, 'missing'))).toBe(false)

    const relative = await DeltaTable.forPath(remote, 'relative/t')
      .delete('id = 1')
      .catch((e: unknown) => e)
    expect(relative).toMatchObject({ code: 'SL_CONNECT_DELTA_UNSUPPORTED' })
    expect(String(relative)).toContain('DeltaTable.delete')
    const aggregate = await DeltaTable.forPath(remote, join(root, 'original'))
      .delete(count('id').gt(1))
      .catch((e: unknown) => e)
    expect(aggregate).toMatchObject({ code: 'SL_CONNECT_DELTA_UNSUPPORTED' })
    expect(String(aggregate)).toContain('aggregate count')
    // Nothing of the refused calls reached the table.
    expect(await contents(join(root, 'original'))).toHaveLength(6)
  })

  it('restoreToTimestamp restores the version that was latest at a Date, on the server', async () => {
    const path = join(root, 'restore-by-time')
    await fs.cp(join(root, 'original'), path, { recursive: true })
    const table = DeltaTable.forPath(remote, path)
    await table.delete('id > 1')
    const history = (await (await table.history()).collectRows()).rows
    // Version 1's commit time as DESCRIBE HISTORY gives it (microseconds), as a Date.
    const v1 = history.find((r) => r[0] === 1)!
    const restored = (
      await (await table.restoreToTimestamp(new Date(Number(v1[1]) / 1000))).collectRows()
    ).rows
    expect(restored[0]![3]).toBeGreaterThan(0) // num_restored_files
    const sorted = async (version?: number) =>
      (
        await (
          version === undefined
            ? await table.toDF()
            : remote.read.format('delta').option('versionAsOf', version).load(path)
        ).collectRows()
      ).rows
        .map((r) => JSON.stringify(r))
        .sort()
    expect(await sorted()).toEqual(await sorted(1))
    expect(await sorted()).toHaveLength(6)
  })

  it('idempotent DML: txnAppId/txnVersion reach the server, and an unset one is unset there', async () => {
    const path = join(root, 'idempotent')
    await fs.cp(join(root, 'original'), path, { recursive: true })
    const table = DeltaTable.forPath(remote, path)
    const n = async () =>
      (await (await table.toDF()).filter(col('id').equalTo(2)).collectRows()).rows[0]![2]
    remote.conf.set('spark.databricks.delta.write.txnAppId', 'nightly')
    remote.conf.set('spark.databricks.delta.write.txnVersion', '7')
    await table.update('id = 2', { n: 'n + 1' })
    await table.update('id = 2', { n: 'n + 1' }) // the same (app, version): skipped by Delta
    expect(await n()).toBe(21)
    remote.conf.unset('spark.databricks.delta.write.txnAppId')
    remote.conf.unset('spark.databricks.delta.write.txnVersion')
    await table.update('id = 2', { n: 'n + 1' })
    expect(await n()).toBe(22)
  })
})

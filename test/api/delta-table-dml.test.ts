/**
 * DeltaTable.delete / update (api/delta-table-dml.ts) under concurrency and replay, as Delta's
 * DeleteCommand / UpdateCommand with ConflictChecker (Delta OSS commits them Serializable):
 *
 * - a commit interleaved between the command's read and its commit that adds a file — a blind
 *   append too — in a partition the command read fails it (ConcurrentAppendException →
 *   SL_DELTA_CONFLICT, its new files deleted); an append to a partition the condition excludes
 *   does not, and the command then commits after it;
 * - a concurrent removal of a file the command read fails it (ConcurrentDeleteReadException);
 * - the idempotent-DML session settings txnAppId/txnVersion skip a replayed DELETE/UPDATE
 *   (DeltaCommand.hasBeenExecuted), also from a foreachBatch replayed after a crash.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeltaTable, SparkSession, type DataFrame } from '../../src/index.js'
import { DeltaLog } from '../../src/delta/index.js'
import { tempDir } from '../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

const DDL = 'id INT, n BIGINT, p STRING'

/** A table partitioned by p: one append per list (a file per partition each). */
async function table(...appends: [number, number, string][][]): Promise<DeltaTable> {
  const path = join(await tempDir(), 't')
  for (const rows of appends) await append(path, rows)
  return DeltaTable.forPath(spark, path)
}

async function append(path: string, rows: [number, number, string][]): Promise<void> {
  await spark
    .createDataFrame(rows, DDL)
    .write.format('delta')
    .mode('append')
    .partitionBy('p')
    .save(path)
}

/** Runs `concurrent` after the command read the table and wrote its files, before it commits. */
function interleave(t: DeltaTable, concurrent: () => Promise<void>): void {
  const start = t.log.startTransaction.bind(t.log)
  t.log.startTransaction = async (snapshot) => {
    t.log.startTransaction = start // once: the concurrent writer starts its own transaction
    await concurrent()
    return start(snapshot)
  }
}

const rows = async (path: string): Promise<unknown[][]> =>
  (await (await DeltaTable.forPath(spark, path).toDF()).collectRows()).rows
    .map((r) => [Number(r[0]), Number(r[1]), r[2]])
    .sort((a, b) => (a[0] as number) - (b[0] as number))

/** The data files of the table folder (new files of a failed command must be gone). */
async function dataFiles(path: string): Promise<string[]> {
  const out: string[] = []
  for (const e of await fs.readdir(path, { recursive: true }))
    if (String(e).endsWith('.parquet')) out.push(String(e))
  return out.sort()
}

const BASE: [number, number, string][] = [
  [1, 10, 'x'],
  [2, 20, 'x'],
  [3, 30, 'y'],
]

describe('DeltaTable.delete / update: conflicts with concurrent commits', () => {
  for (const op of ['delete', 'update'] as const) {
    const run = (t: DeltaTable, condition: string) =>
      op === 'delete' ? t.delete(condition) : t.update(condition, { n: 'n + 1' })

    it(`${op}: a concurrent (blind) append in a partition it read is SL_DELTA_CONFLICT`, async () => {
      const t = await table(BASE)
      const before = await dataFiles(t.path)
      interleave(t, () => append(t.path, [[9, 90, 'x']]))
      await expect(run(t, "p = 'x' AND n >= 20")).rejects.toMatchObject({
        code: 'SL_DELTA_CONFLICT',
        message: expect.stringMatching(/ConcurrentAppend/) as unknown,
      })
      // Only the concurrent append's file was added; the command's own new file is deleted.
      expect((await dataFiles(t.path)).length).toBe(before.length + 1)
      expect(await rows(t.path)).toEqual([
        [1, 10, 'x'],
        [2, 20, 'x'],
        [3, 30, 'y'],
        [9, 90, 'x'],
      ])
    })

    it(`${op}: without a partition predicate, an append to any partition conflicts`, async () => {
      const t = await table(BASE)
      interleave(t, () => append(t.path, [[9, 90, 'z']]))
      await expect(run(t, 'n >= 20')).rejects.toMatchObject({ code: 'SL_DELTA_CONFLICT' })
    })

    it(`${op}: an append to a partition its condition excludes does not conflict`, async () => {
      const t = await table(BASE)
      interleave(t, () => append(t.path, [[9, 90, 'y']]))
      await run(t, "p = 'x' AND n >= 20")
      expect(await rows(t.path)).toEqual([
        [1, 10, 'x'],
        ...(op === 'delete' ? [] : [[2, 21, 'x']]),
        [3, 30, 'y'],
        [9, 90, 'y'],
      ])
      const [last] = await DeltaLog.forTable(t.path).history(1)
      expect(last!.operation).toBe(op.toUpperCase())
      expect(last!.readVersion).toBe(0) // read before the append (version 1), committed after it
    })

    it(`${op}: a concurrent removal of a file it read is SL_DELTA_CONFLICT`, async () => {
      // Two files in x: the command rewrites the one holding id 4, the other was only read.
      const t = await table(BASE, [[4, 40, 'x']])
      interleave(t, async () => {
        const snapshot = await t.log.snapshot()
        const txn = await t.log.startTransaction(snapshot)
        // The first x file (ids 1, 2) goes, as a concurrent OPTIMIZE or DELETE would remove it.
        const first = snapshot.files.filter((f) => f.partitionValues['p'] === 'x')[0]!
        await txn.commit(
          [{ remove: { ...first, deletionTimestamp: Date.now(), dataChange: true } }],
          {
            name: 'DELETE',
            parameters: { predicate: '["id < 3"]' },
          },
        )
      })
      await expect(run(t, 'id = 4')).rejects.toMatchObject({
        code: 'SL_DELTA_CONFLICT',
        message: expect.stringMatching(/ConcurrentDeleteRead/) as unknown,
      })
    })
  }
})

describe('DeltaTable.delete / update: idempotent DML (txnAppId / txnVersion)', () => {
  it('skips a version the table already has for the app id; autoReset unsets the version', async () => {
    const t0 = await table(BASE)
    const session = spark.newSession()
    const t = DeltaTable.forPath(session, t0.path)
    session.conf.set('spark.databricks.delta.write.txnAppId', 'cleanup')
    session.conf.set('spark.databricks.delta.write.txnVersion', 3)
    await t.update('id = 1', { n: 'n + 1' })
    await t.update('id = 1', { n: 'n + 1' }) // replayed: skipped
    expect((await t.log.snapshot()).txnVersion('cleanup')).toBe(3)
    session.conf.set('spark.databricks.delta.write.txnVersion', 4)
    await t.delete('id = 3')
    await t.delete('id = 2') // version 4 again: skipped
    expect(await rows(t.path)).toEqual([
      [1, 11, 'x'],
      [2, 20, 'x'],
    ])
    expect((await t.log.snapshot()).txnVersion('cleanup')).toBe(4)
    // An UPDATE that matches nothing still commits its txn, as Delta's; a DELETE does not.
    session.conf.set('spark.databricks.delta.write.txnVersion', 5)
    await t.update('id = 100', { n: '0' })
    expect((await t.log.snapshot()).txnVersion('cleanup')).toBe(5)
    session.conf.set('spark.databricks.delta.write.txnVersion', 6)
    const version = (await t.log.snapshot()).version
    await t.delete('id = 100')
    expect((await t.log.snapshot()).version).toBe(version)
    // autoReset: the version is used once, then unset.
    session.conf.set('spark.databricks.delta.write.txnVersion.autoReset.enabled', 'true')
    session.conf.set('spark.databricks.delta.write.txnVersion', 7)
    await t.delete('id = 2')
    expect(session.conf.get('spark.databricks.delta.write.txnVersion')).toBeUndefined()
    session.conf.unset('spark.databricks.delta.write.txnAppId')
    session.conf.set('spark.databricks.delta.write.txnVersion', 8)
    await expect(t.delete('id = 1')).rejects.toMatchObject({ code: 'SL_API_INVALID_OPTION' })
  })

  it('a foreachBatch DELETE + UPDATE replayed after a crash applies each batch once', async () => {
    const root = await tempDir()
    const input = join(root, 'in')
    const checkpoint = join(root, 'cp')
    await fs.mkdir(input)
    const t0 = await table([
      [1, 0, 'x'],
      [2, 0, 'x'],
      [3, 0, 'y'],
    ])
    let crash = true
    const session = spark.newSession()
    const table1 = DeltaTable.forPath(session, t0.path)
    // Each batch bumps n of the ids it names by one (not idempotent by itself) and deletes the
    // 'drop' ids; one app id per command, since a (appId, version) marks one command as done.
    const apply = async (batch: DataFrame, batchId: number): Promise<void> => {
      const events = (await batch.collectRows()).rows as [number, string][]
      const ids = (op: string) => events.filter((e) => e[1] === op).map((e) => e[0])
      session.conf.set('spark.databricks.delta.write.txnVersion', batchId)
      session.conf.set('spark.databricks.delta.write.txnAppId', 'bumps')
      if (ids('bump').length > 0)
        await table1.update(`id IN (${ids('bump').join(', ')})`, { n: 'n + 1' })
      session.conf.set('spark.databricks.delta.write.txnAppId', 'drops')
      if (ids('drop').length > 0) await table1.delete(`id IN (${ids('drop').join(', ')})`)
      if (batchId === 1 && crash) {
        crash = false
        throw new Error('crash after the Delta commit, before the checkpoint commit')
      }
    }
    const run = async (): Promise<void> => {
      const q = await spark.readStream
        .format('json')
        .schema('id INT, op STRING')
        .load(input)
        .writeStream.foreachBatch(apply)
        .option('checkpointLocation', checkpoint)
        .trigger({ availableNow: true })
        .start()
      await q.awaitTermination().catch(() => undefined)
    }
    const write = (name: string, events: [number, string][]) =>
      fs.writeFile(
        join(input, name),
        events.map(([id, op]) => JSON.stringify({ id, op })).join('\n') + '\n',
      )
    await write('a.json', [
      [1, 'bump'],
      [3, 'bump'],
    ])
    await run()
    await write('b.json', [
      [1, 'bump'],
      [2, 'bump'],
      [3, 'drop'],
    ])
    await run() // batch 1 updates, then fails before its checkpoint commit
    await run() // batch 1 again: its UPDATE and DELETE are skipped (txnVersion 1 in the table)
    expect(await rows(t0.path)).toEqual([
      [1, 2, 'x'],
      [2, 1, 'x'],
    ])
    const snapshot = await DeltaLog.forTable(t0.path).snapshot()
    expect([snapshot.txnVersion('bumps'), snapshot.txnVersion('drops')]).toEqual([1, 1])
  })
})

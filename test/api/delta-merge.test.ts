/**
 * DeltaTable.merge (api/delta-merge*.ts): Delta's MERGE semantics on tables our batch writer
 * wrote — clauses in order with conditions, NOT MATCHED BY SOURCE, the multiple-match error and
 * its one exception (a single unconditional delete), Delta's result and commitInfo metrics,
 * copy-on-write of only the files Delta touches, idempotent DML with txnAppId/txnVersion, schema
 * evolution. Expected rows follow Delta's documented rules ("Upsert into a table using merge":
 * a row takes the first clause whose condition holds; a row no clause takes is left as is).
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeltaTable, SparkSession, col, sum, type DataFrame } from '../../src/index.js'
import { DeltaLog } from '../../src/delta/index.js'
import { tempDir } from '../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

const DDL = 'id INT, v STRING, n BIGINT'

/** A table of `files` appends (one file each). */
async function table(
  ...files: (readonly [number, string | null, number])[][]
): Promise<DeltaTable> {
  const path = join(await tempDir(), 't')
  for (const rows of files)
    await spark
      .createDataFrame(
        rows.map((r) => [...r]),
        DDL,
      )
      .write.format('delta')
      .mode('append')
      .save(path)
  return DeltaTable.forPath(spark, path)
}

const source = (rows: unknown[][], ddl = 'id INT, v STRING, n BIGINT, op STRING') =>
  spark.createDataFrame(rows, ddl).alias('s')

async function rows(t: DeltaTable): Promise<unknown[][]> {
  return (await (await t.toDF()).collectRows()).rows.sort((a, b) =>
    String(a[0]).localeCompare(String(b[0]), undefined, { numeric: true }),
  )
}

async function result(df: Promise<DataFrame>): Promise<unknown[][]> {
  return (await (await df).collectRows()).rows
}

describe('DeltaTable.merge', () => {
  it('upserts: matched rows updated, unmatched source rows inserted, one MERGE commit', async () => {
    const t = await table(
      [
        [1, 'a', 10],
        [2, 'b', 20],
      ],
      [[3, 'c', 30]],
    )
    const s = source([
      [2, 'B', 2, 'u'],
      [4, 'D', 4, 'u'],
    ])
    const before = (await t.log.snapshot()).version
    const out = await result(
      t
        .alias('t')
        .merge(s, 't.id = s.id')
        .whenMatchedUpdate({ set: { v: 's.v', n: 't.n + s.n' } })
        .whenNotMatchedInsertAll()
        .execute(),
    )
    expect(out).toEqual([[2, 1, 0, 1]])
    expect(await rows(t)).toEqual([
      [1, 'a', 10],
      [2, 'B', 22],
      [3, 'c', 30],
      [4, 'D', 4],
    ])
    const snapshot = await t.log.snapshot()
    expect(snapshot.version).toBe(before + 1)
    const [entry] = await t.log.history(1)
    expect(entry!.operation).toBe('MERGE')
    expect(entry!.operationParameters).toEqual({
      predicate: '["t.id = s.id"]',
      matchedPredicates: '[{"actionType":"update"}]',
      notMatchedPredicates: '[{"actionType":"insert"}]',
      notMatchedBySourcePredicates: '[]',
    })
    const m = entry!.operationMetrics
    // Only the file holding id 2 is rewritten: id 1 is copied, id 3's file is left alone.
    expect({
      numSourceRows: m['numSourceRows'],
      numTargetRowsUpdated: m['numTargetRowsUpdated'],
      numTargetRowsInserted: m['numTargetRowsInserted'],
      numTargetRowsCopied: m['numTargetRowsCopied'],
      numOutputRows: m['numOutputRows'],
      numTargetFilesRemoved: m['numTargetFilesRemoved'],
      numTargetFilesAdded: m['numTargetFilesAdded'],
    }).toEqual({
      numSourceRows: '2',
      numTargetRowsUpdated: '1',
      numTargetRowsInserted: '1',
      numTargetRowsCopied: '1',
      numOutputRows: '3',
      numTargetFilesRemoved: '1',
      numTargetFilesAdded: '2',
    })
    expect(entry!.isolationLevel).toBe('Serializable')
  })

  it('applies the first clause whose condition holds, per kind, in order', async () => {
    const t = await table([
      [1, 'a', 1],
      [2, 'b', 2],
      [3, 'c', 3],
      [4, 'd', 4],
      [5, 'e', 5],
      [6, 'f', 6],
    ])
    const s = source([
      [1, 'x', 100, 'delete'],
      [2, 'y', 200, 'upsert'],
      [3, 'z', 300, 'other'],
      [7, 'new', 700, 'upsert'],
      [8, 'skip', 800, 'delete'],
      [9, 'nine', 900, 'other'],
    ])
    const out = await result(
      t
        .alias('t')
        .merge(s, col('t.id').eq(col('s.id')))
        .whenMatchedDelete("s.op = 'delete'")
        .whenMatchedUpdate({ condition: "s.op = 'upsert'", set: { v: 's.v' } })
        .whenMatchedUpdate({ set: { v: "'matched'" } })
        .whenNotMatchedInsert({ condition: "s.op = 'upsert'", values: { id: 's.id', v: 's.v' } })
        .whenNotMatchedInsert({ values: { id: 's.id', v: "'other'", n: -1 } })
        .whenNotMatchedBySourceDelete('t.n = 4')
        .whenNotMatchedBySourceUpdate({ condition: 't.n > 4', set: { n: 't.n * 10' } })
        .execute(),
    )
    // id 1 deleted (first clause); 2 updated by the second; 3 by the third (no condition);
    // 7 inserted by the first insert (n null), 8 and 9 by the second; 4 deleted, 5 and 6
    // updated by NOT MATCHED BY SOURCE.
    expect(await rows(t)).toEqual([
      [2, 'y', 2],
      [3, 'matched', 3],
      [5, 'e', 50],
      [6, 'f', 60],
      [7, 'new', null],
      [8, 'other', -1],
      [9, 'other', -1],
    ])
    expect(out).toEqual([[9, 4, 2, 3]])
    const m = (await t.log.history(1))[0]!.operationMetrics
    expect([
      m['numTargetRowsMatchedUpdated'],
      m['numTargetRowsNotMatchedBySourceUpdated'],
      m['numTargetRowsMatchedDeleted'],
      m['numTargetRowsNotMatchedBySourceDeleted'],
      m['numTargetRowsCopied'],
    ]).toEqual(['2', '2', '1', '1', '0'])
  })

  it('a matched row no clause takes is copied; a merge that changes nothing still commits', async () => {
    const t = await table([
      [1, 'a', 1],
      [2, 'b', 2],
    ])
    const s = source([[1, 'x', 0, 'keep']])
    const out = await result(
      t
        .alias('t')
        .merge(s, 't.id = s.id')
        .whenMatchedUpdate({ condition: "s.op = 'change'", set: { v: 's.v' } })
        .whenNotMatchedInsertAll()
        .execute(),
    )
    expect(out).toEqual([[0, 0, 0, 0]])
    expect(await rows(t)).toEqual([
      [1, 'a', 1],
      [2, 'b', 2],
    ])
    const [entry] = await t.log.history(1)
    expect(entry!.operation).toBe('MERGE')
    // Not matched-only: Delta rewrites the file with the matched row and copies both rows.
    expect(entry!.operationMetrics['numTargetRowsCopied']).toBe('2')
  })

  it('matches null keys with <=> only, as SQL does', async () => {
    const t = await table([
      [1, null, 1],
      [2, 'b', 2],
    ])
    const s = source([
      [9, null, 10, ''],
      [9, 'b', 20, ''],
    ])
    const safe = await result(
      t
        .alias('t')
        .merge(s, 't.v <=> s.v')
        .whenMatchedUpdate({ set: { n: 's.n' } })
        .execute(),
    )
    expect(safe).toEqual([[2, 2, 0, 0]])
    expect(await rows(t)).toEqual([
      [1, null, 10],
      [2, 'b', 20],
    ])
    const plain = await result(
      t
        .alias('t')
        .merge(s, 't.v = s.v')
        .whenMatchedUpdate({ set: { n: 't.n + 1' } })
        .execute(),
    )
    expect(plain).toEqual([[1, 1, 0, 0]])
    expect(await rows(t)).toEqual([
      [1, null, 10],
      [2, 'b', 21],
    ])
  })

  it('refuses a target row matched by two source rows, unless the only clause is an unconditional delete', async () => {
    const t = await table([
      [1, 'a', 1],
      [2, 'b', 2],
    ])
    const s = source([
      [1, 'x', 0, ''],
      [1, 'y', 0, ''],
    ])
    const version = (await t.log.snapshot()).version
    await expect(
      t.alias('t').merge(s, 't.id = s.id').whenMatchedUpdateAll().execute(),
    ).rejects.toMatchObject({ code: 'SL_DELTA_MERGE_MULTIPLE_MATCHES' })
    await expect(
      t.alias('t').merge(s, 't.id = s.id').whenMatchedDelete('s.v = "x"').execute(),
    ).rejects.toThrow(/1 target row\(s\) matched more than one source row/)
    expect((await t.log.snapshot()).version).toBe(version)
    // Insert-only merges never look at matches (Delta's insert-only path).
    expect(
      await result(t.alias('t').merge(s, 't.id = s.id').whenNotMatchedInsertAll().execute()),
    ).toEqual([[0, 0, 0, 0]])
    expect(
      await result(t.alias('t').merge(s, 't.id = s.id').whenMatchedDelete().execute()),
    ).toEqual([[1, 0, 1, 0]])
    expect(await rows(t)).toEqual([[2, 'b', 2]])
  })

  it('resolves bare names on the one side that has them and source.col(name); refuses ambiguity and wrong-side references', async () => {
    const t = await table([[1, 'a', 1]])
    const s = spark.createDataFrame([[1, 'z']], 'key INT, w STRING')
    await t
      .merge(s, col('id').eq(s.col('key')))
      .whenMatchedUpdate({ set: { v: col('w') } })
      .execute()
    expect(await rows(t)).toEqual([[1, 'z', 1]])
    const same = source([[1, 'q', 0, '']])
    await expect(
      t.alias('t').merge(same, 'id = s.id').whenMatchedDelete().executeMerge(),
    ).rejects.toMatchObject({ code: 'SL_PLAN_AMBIGUOUS_REFERENCE' })
    await expect(
      t
        .alias('t')
        .merge(same, 't.id = s.id')
        .whenNotMatchedInsert({ values: { id: 't.id' } })
        .execute(),
    ).rejects.toThrow(/may only use source columns/)
    await expect(t.alias('t').merge(same, 't.id = s.id').execute()).rejects.toThrow(
      /at least one when… clause/,
    )
    await expect(
      t
        .alias('t')
        .merge(same, 't.id = s.id')
        .whenMatchedDelete()
        .whenMatchedUpdateAll('s.n > 0')
        .execute(),
    ).rejects.toThrow(/only the last one may omit its condition/)
    await expect(
      t.alias('t').merge(same, 't.id + s.id').whenMatchedDelete().execute(),
    ).rejects.toThrow(/must be a boolean expression/)
  })

  it('is idempotent with txnAppId/txnVersion: a replayed version is skipped', async () => {
    const t = await table([[1, 'a', 1]])
    const s = source([[2, 'b', 2, '']])
    const session = spark.newSession()
    const tt = DeltaTable.forPath(session, t.path).alias('t')
    session.conf.set('spark.databricks.delta.write.txnAppId', 'upsert-query')
    session.conf.set('spark.databricks.delta.write.txnVersion', 7)
    const run = () => result(tt.merge(s, 't.id = s.id').whenNotMatchedInsertAll().execute())
    expect(await run()).toEqual([[1, 0, 0, 1]])
    expect(await run()).toEqual([]) // batch 7 replayed: skipped, nothing inserted twice
    expect((await t.log.snapshot()).txnVersion('upsert-query')).toBe(7)
    expect(await rows(t)).toEqual([
      [1, 'a', 1],
      [2, 'b', 2],
    ])
    session.conf.unset('spark.databricks.delta.write.txnVersion')
    await expect(run()).rejects.toMatchObject({ code: 'SL_API_INVALID_OPTION' })
  })

  it('conflicts with a data change committed while it ran, and leaves no files behind', async () => {
    const t = await table([[1, 'a', 1]])
    const s = source([
      [1, 'A', 1, ''],
      [2, 'B', 2, ''],
    ])
    // The source is read after the merge's snapshot: append to the table at that moment.
    const collect = s.collectRows.bind(s)
    s.collectRows = async () => {
      await spark
        .createDataFrame([[2, 'other', 0]], DDL)
        .write.format('delta')
        .mode('append')
        .save(t.path)
      return collect()
    }
    await expect(
      t
        .alias('t')
        .merge(s, 't.id = s.id')
        .whenMatchedUpdateAll()
        .whenNotMatchedInsertAll()
        .execute(),
    ).rejects.toMatchObject({ code: 'SL_DELTA_CONFLICT' })
    expect(await rows(t)).toEqual([
      [1, 'a', 1],
      [2, 'other', 0],
    ])
    const live = new Set((await t.log.snapshot()).files.map((f) => f.path))
    const parquet = (await fs.readdir(t.path)).filter((f) => f.endsWith('.parquet'))
    expect(parquet.filter((f) => !live.has(f))).toEqual([])
  })

  it('withSchemaEvolution() adds the source columns the table lacks', async () => {
    const t = await table([[1, 'a', 1]])
    const s = spark
      .createDataFrame(
        [
          [1, 'A', 5, true],
          [2, 'B', 6, false],
        ],
        'id INT, v STRING, n BIGINT, flag BOOLEAN',
      )
      .alias('s')
    await t
      .alias('t')
      .merge(s, 't.id = s.id')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .withSchemaEvolution()
      .execute()
    expect((await DeltaLog.forTable(t.path).snapshot()).schema.fields.map((f) => f.name)).toEqual([
      'id',
      'v',
      'n',
      'flag',
    ])
    expect(await rows(t)).toEqual([
      [1, 'A', 5, true],
      [2, 'B', 6, false],
    ])
    // The session setting does the same.
    const auto = spark.newSession()
    auto.conf.set('spark.databricks.delta.schema.autoMerge.enabled', true)
    const viaConf = await table([[1, 'a', 1]])
    await DeltaTable.forPath(auto, viaConf.path)
      .alias('t')
      .merge(s, 't.id = s.id')
      .whenNotMatchedInsertAll()
      .execute()
    expect(await rows(viaConf)).toEqual([
      [1, 'a', 1, null],
      [2, 'B', 6, false],
    ])
    // Without it, insertAll writes the table's columns only (the extra source column is ignored).
    const plain = await table([[1, 'a', 1]])
    await plain.alias('t').merge(s, 't.id = s.id').whenNotMatchedInsertAll().execute()
    expect(await rows(plain)).toEqual([
      [1, 'a', 1],
      [2, 'B', 6],
    ])
  })

  it('a Delta stream reads an insert-only merge as new rows and stops at a merge that rewrote files', async () => {
    const t = await table([[1, 'a', 1]])
    await t
      .alias('t')
      .merge(source([[2, 'b', 2, '']]), 't.id = s.id')
      .whenNotMatchedInsertAll()
      .execute()
    const read = async (checkpoint: string): Promise<{ rows: unknown[][]; error: unknown }> => {
      const out: unknown[][] = []
      const q = await spark.readStream
        .format('delta')
        .load(t.path)
        .writeStream.foreachBatch(async (df) => {
          out.push(...(await df.collectRows()).rows)
        })
        .option('checkpointLocation', checkpoint)
        .trigger({ availableNow: true })
        .start()
      const error = await q.awaitTermination().then(
        () => q.exception(),
        (e: unknown) => e,
      )
      return { rows: out, error }
    }
    const checkpoint = join(await tempDir(), 'cp')
    const first = await read(checkpoint)
    expect(first.error).toBeNull()
    expect(first.rows.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [1, 'a', 1],
      [2, 'b', 2],
    ])
    await t
      .alias('t')
      .merge(source([[2, 'B', 2, '']]), 't.id = s.id')
      .whenMatchedUpdateAll()
      .execute()
    expect((await read(checkpoint)).error).toMatchObject({ code: 'SL_SOURCE_DELTA_DATA_CHANGED' })
  })

  it('upserts each micro-batch from foreachBatch exactly once when a batch is replayed after a crash', async () => {
    const root = await tempDir()
    const input = join(root, 'in')
    const path = join(root, 'totals')
    const checkpoint = join(root, 'cp')
    await fs.mkdir(input)
    await spark.createDataFrame([], 'key STRING, total BIGINT').write.format('delta').save(path)
    let crashAfterMerge = true
    // docs/delta-merge.md's example: one session per query carries the txn settings.
    const session = spark.newSession()
    const upsert = async (batch: DataFrame, batchId: number): Promise<void> => {
      session.conf.set('spark.databricks.delta.write.txnAppId', 'totals-upsert')
      session.conf.set('spark.databricks.delta.write.txnVersion', batchId)
      await DeltaTable.forPath(session, path)
        .alias('t')
        .merge(batch.groupBy('key').agg(sum('n').alias('n')).alias('s'), 't.key = s.key')
        .whenMatchedUpdate({ set: { total: 't.total + s.n' } })
        .whenNotMatchedInsert({ values: { key: 's.key', total: 's.n' } })
        .execute()
      if (batchId === 1 && crashAfterMerge) {
        crashAfterMerge = false
        throw new Error('crash after the Delta commit, before the checkpoint commit')
      }
    }
    const run = async (): Promise<void> => {
      const q = await spark.readStream
        .format('json')
        .schema('key STRING, n BIGINT')
        .load(input)
        .writeStream.foreachBatch(upsert)
        .option('checkpointLocation', checkpoint)
        .trigger({ availableNow: true })
        .start()
      await q.awaitTermination().catch(() => undefined)
    }
    const events = (lines: [string, number][]) =>
      lines.map(([key, n]) => JSON.stringify({ key, n })).join('\n') + '\n'
    await fs.writeFile(
      join(input, 'a.json'),
      events([
        ['x', 1],
        ['y', 2],
        ['x', 3],
      ]),
    )
    await run()
    await fs.writeFile(
      join(input, 'b.json'),
      events([
        ['x', 10],
        ['z', 5],
      ]),
    )
    await run() // batch 1 merges, then fails
    await run() // batch 1 again: its merge is skipped (txnVersion 1 already in the table)
    expect(await rows(tableAt(path))).toEqual([
      ['x', 14],
      ['y', 2],
      ['z', 5],
    ])
    expect((await DeltaLog.forTable(path).snapshot()).txnVersion('totals-upsert')).toBe(1)
  })
})

function tableAt(path: string): DeltaTable {
  return DeltaTable.forPath(spark, path)
}

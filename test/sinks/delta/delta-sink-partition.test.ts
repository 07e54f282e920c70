import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeltaLog, readSnapshotRows } from '../../../src/delta/index.js'
import { SparkSession } from '../../../src/index.js'
import { MemoryStream } from '../../../src/testing/index.js'
import { simpleString } from '../../../src/types/index.js'
import { tempDir } from '../../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()

async function rows(path: string): Promise<unknown[][]> {
  const all = await readSnapshotRows(await DeltaLog.forTable(path).snapshot())
  return all.sort((a, b) => String(a[0]).localeCompare(String(b[0])))
}

describe('DeltaSink partitionBy and mergeSchema (writeStream)', () => {
  it('writes a partitioned table: partitionColumns, Hive directories, null and escaped values', async () => {
    const root = await tempDir()
    const path = join(root, 't')
    const input = new MemoryStream(spark, 'k STRING, day DATE, n INT')
    const q = await input
      .toDF()
      .writeStream.format('delta')
      .partitionBy('day', 'k')
      .option('checkpointLocation', join(root, 'cp'))
      .start(path)
    input.addData({ k: 'a:b', day: '2026-01-02', n: 1 }, { k: null, day: '2026-01-02', n: 2 })
    await q.processAllAvailable()
    input.addData({ k: 'a:b', day: '2026-01-02', n: 3 }, { k: 'c', day: null, n: 4 })
    await q.processAllAvailable()
    await q.stop()
    const snapshot = await DeltaLog.forTable(path).snapshot()
    expect(snapshot.partitionColumns).toEqual(['day', 'k'])
    const files = snapshot.files.map((f) => [
      f.path.split('/').slice(0, 2).join('/'),
      f.partitionValues,
    ])
    expect(files.map((f) => f[0]).sort()).toEqual([
      'day=2026-01-02/k=__HIVE_DEFAULT_PARTITION__',
      'day=2026-01-02/k=a%253Ab',
      'day=2026-01-02/k=a%253Ab',
      'day=__HIVE_DEFAULT_PARTITION__/k=c',
    ])
    expect(files.map((f) => f[1])).toContainEqual({ day: null, k: 'c' })
    expect(await fs.readdir(join(path, 'day=2026-01-02'))).toEqual(
      expect.arrayContaining(['k=a%3Ab', 'k=__HIVE_DEFAULT_PARTITION__']),
    )
    expect((await rows(path)).map((r) => [r[0], r[2]])).toEqual([
      ['a:b', 1],
      ['a:b', 3],
      ['c', 4],
      [null, 2],
    ])
  })

  it('refuses a partitioning different from the existing table, and unknown partition columns at start', async () => {
    const root = await tempDir()
    const path = join(root, 't')
    await spark
      .createDataFrame([{ k: 'a', n: 1 }], 'k STRING, n INT')
      .write.format('delta')
      .partitionBy('k')
      .save(path)
    const input = new MemoryStream(spark, 'k STRING, n INT')
    const error = await input
      .toDF()
      .writeStream.format('delta')
      .partitionBy('n')
      .option('checkpointLocation', join(root, 'cp'))
      .start(path)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'SL_SINK_PARTITION_COLUMNS_MISMATCH', path })
    expect((error as Error).message).toContain('the write gives [n], the table has [k]')
    const unknown = await input
      .toDF()
      .writeStream.format('delta')
      .partitionBy('nope')
      .option('checkpointLocation', join(root, 'cp2'))
      .start(join(root, 'new'))
      .catch((e: unknown) => e)
    expect(unknown).toMatchObject({ code: 'SL_DELTA_INVALID_SCHEMA' })
    expect((unknown as Error).message).toContain('partition column nope is not in the schema')
  })

  it('mergeSchema adds the query columns to the table in the first batch that writes them', async () => {
    const root = await tempDir()
    const path = join(root, 't')
    await spark
      .createDataFrame([{ k: 'a', n: 1 }], 'k STRING, n INT')
      .write.format('delta')
      .save(path)
    const input = new MemoryStream(spark, 'n INT, extra DOUBLE, k STRING')
    const start = (merge: boolean) =>
      input
        .toDF()
        .writeStream.format('delta')
        .option('mergeSchema', merge)
        .option('checkpointLocation', join(root, 'cp'))
        .start(path)
    await expect(start(false)).rejects.toMatchObject({ code: 'SL_SINK_SCHEMA_MISMATCH' })
    const q = await start(true)
    input.addData({ n: 2, extra: 0.5, k: 'b' })
    await q.processAllAvailable()
    input.addData({ n: 3, extra: null, k: 'c' })
    await q.processAllAvailable()
    await q.stop()
    const snapshot = await DeltaLog.forTable(path).snapshot()
    expect(simpleString(snapshot.schema)).toBe('struct<k:string,n:int,extra:double>')
    expect(snapshot.version).toBe(2)
    expect(await rows(path)).toEqual([
      ['a', 1, null],
      ['b', 2, 0.5],
      ['c', 3, null],
    ])
    const typed = new MemoryStream(spark, 'k STRING, n STRING')
    const error = await typed
      .toDF()
      .writeStream.format('delta')
      .option('mergeSchema', 'true')
      .option('checkpointLocation', join(root, 'cp2'))
      .start(path)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'SL_SINK_SCHEMA_TYPE_MISMATCH' })
  })

  it('mergeSchema adds nested struct fields; nested fields in another order go to their table position', async () => {
    const root = await tempDir()
    const path = join(root, 't')
    await spark
      .createDataFrame([{ k: 'a', s: { a: 1, b: 'x' } }], 'k STRING, s STRUCT<a: INT, b: STRING>')
      .write.format('delta')
      .save(path)
    const input = new MemoryStream(spark, 'k STRING, s STRUCT<b: STRING, a: INT, c: INT>')
    const start = (merge: boolean, cp: string) =>
      input
        .toDF()
        .writeStream.format('delta')
        .option('mergeSchema', merge)
        .option('checkpointLocation', join(root, cp))
        .start(path)
    await expect(start(false, 'cp0')).rejects.toMatchObject({ code: 'SL_SINK_SCHEMA_MISMATCH' })
    const q = await start(true, 'cp')
    input.addData({ k: 'b', s: { b: 'y', a: 2, c: 3 } }, { k: 'c', s: null })
    await q.processAllAvailable()
    await q.stop()
    const snapshot = await DeltaLog.forTable(path).snapshot()
    expect(simpleString(snapshot.schema)).toBe('struct<k:string,s:struct<a:int,b:string,c:int>>')
    expect(await rows(path)).toEqual([
      ['a', [1, 'x', null]],
      ['b', [2, 'y', 3]],
      ['c', null],
    ])
  })

  it('mergeSchema with the new column last (the table columns in order, the common case) commits the wider schema', async () => {
    const root = await tempDir()
    const path = join(root, 't')
    await spark
      .createDataFrame([{ k: 'a', n: 1 }], 'k STRING, n INT')
      .write.format('delta')
      .save(path)
    const input = new MemoryStream(spark, 'k STRING, n INT, extra DOUBLE')
    const q = await input
      .toDF()
      .writeStream.format('delta')
      .option('mergeSchema', true)
      .option('checkpointLocation', join(root, 'cp'))
      .start(path)
    input.addData({ k: 'b', n: 2, extra: 0.5 })
    await q.processAllAvailable()
    input.addData({ k: 'c', n: 3, extra: 1.5 })
    await q.processAllAvailable()
    await q.stop()
    const snapshot = await DeltaLog.forTable(path).snapshot()
    expect(simpleString(snapshot.schema)).toBe('struct<k:string,n:int,extra:double>')
    expect(await rows(path)).toEqual([
      ['a', 1, null],
      ['b', 2, 0.5],
      ['c', 3, 1.5],
    ])
  })
})

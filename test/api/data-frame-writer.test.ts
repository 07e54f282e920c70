import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeltaLog, readSnapshotRows } from '../../src/delta/index.js'
import { col, from_json, SparkSession } from '../../src/index.js'
import { schemaFromJson, simpleString } from '../../src/types/index.js'
import { tempDir } from '../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()
const people = (rows: unknown[][], ddl = 'id INT, name STRING, part STRING') => {
  const names = ddl.split(',').map((c) => c.trim().split(' ')[0]!)
  const objects = rows.map((r): Record<string, unknown> =>
    Object.fromEntries(names.map((n, i): [string, unknown] => [n, r[i]])),
  )
  return spark.createDataFrame(objects, ddl)
}

async function tableRows(path: string): Promise<unknown[][]> {
  const rows = await readSnapshotRows(await DeltaLog.forTable(path).snapshot())
  return rows.sort((a, b) => (a[0] as number) - (b[0] as number))
}

async function lastCommit(path: string): Promise<Record<string, unknown>[]> {
  const log = join(path, '_delta_log')
  const files = (await fs.readdir(log)).filter((f) => f.endsWith('.json')).sort()
  const text = await fs.readFile(join(log, files.at(-1)!), 'utf8')
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

describe('df.write.format("delta")', () => {
  it('creates a table (nullable columns, WRITE commit), then errorifexists fails and ignore skips', async () => {
    const path = join(await tempDir(), 't')
    await people([[1, 'a', 'x']])
      .write.format('delta')
      .save(path)
    const snapshot = await DeltaLog.forTable(path).snapshot()
    expect(simpleString(snapshot.schema)).toBe('struct<id:int,name:string,part:string>')
    expect(snapshot.schema.fields.every((f) => f.nullable)).toBe(true)
    const info = (await lastCommit(path))[0]!['commitInfo'] as Record<string, unknown>
    expect(info).toMatchObject({
      operation: 'WRITE',
      operationParameters: { mode: 'ErrorIfExists', partitionBy: '[]' },
      isBlindAppend: true,
    })
    const error = await people([[2, 'b', 'y']])
      .write.format('delta')
      .save(path)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'SL_SINK_PATH_EXISTS', path })
    expect((error as Error).message).toContain(".mode('append')")
    await people([[2, 'b', 'y']])
      .write.format('delta')
      .mode('ignore')
      .save(path)
    expect((await DeltaLog.forTable(path).snapshot()).version).toBe(0)
    expect(await tableRows(path)).toEqual([[1, 'a', 'x']])
  })

  it('append adds, overwrite replaces in one commit (remove + add)', async () => {
    const path = join(await tempDir(), 't')
    await people([[1, 'a', 'x']])
      .write.format('delta')
      .mode('append')
      .save(path)
    await people([[2, 'b', 'y']])
      .write.format('delta')
      .mode('append')
      .save(path)
    expect(await tableRows(path)).toEqual([
      [1, 'a', 'x'],
      [2, 'b', 'y'],
    ])
    await people([[3, 'c', 'z']])
      .write.format('delta')
      .mode('overwrite')
      .save(path)
    expect(await tableRows(path)).toEqual([[3, 'c', 'z']])
    const actions = await lastCommit(path)
    expect(actions.filter((a) => 'remove' in a)).toHaveLength(2)
    expect(actions.filter((a) => 'add' in a)).toHaveLength(1)
    expect(actions[0]!['commitInfo']).toMatchObject({
      operationParameters: { mode: 'Overwrite' },
      isBlindAppend: false,
    })
  })

  it('partitionBy: Hive directories with escaping, null and empty string as __HIVE_DEFAULT_PARTITION__', async () => {
    const path = join(await tempDir(), 't')
    await people([
      [1, 'a', 'a b'],
      [2, 'b', 'x/y=1:%'],
      [3, 'c', null],
      [4, 'd', ''],
      [5, 'e', 'a b'],
    ])
      .write.format('delta')
      .partitionBy('part')
      .save(path)
    const snapshot = await DeltaLog.forTable(path).snapshot()
    expect(snapshot.partitionColumns).toEqual(['part'])
    const adds = snapshot.files.map((f) => [f.path.split('/')[0], f.partitionValues['part']])
    expect(adds.sort()).toEqual(
      [
        ['part=a%20b', 'a b'],
        ['part=x%252Fy%253D1%253A%2525', 'x/y=1:%'],
        ['part=__HIVE_DEFAULT_PARTITION__', null],
      ].sort(),
    )
    const dirs = (await fs.readdir(path)).filter((d) => d.startsWith('part=')).sort()
    expect(dirs).toEqual(['part=__HIVE_DEFAULT_PARTITION__', 'part=a b', 'part=x%2Fy%3D1%3A%25'])
    expect(await tableRows(path)).toEqual([
      [1, 'a', 'a b'],
      [2, 'b', 'x/y=1:%'],
      [3, 'c', null],
      [4, 'd', null],
      [5, 'e', 'a b'],
    ])
    const error = await people([[6, 'f', 'q']])
      .write.format('delta')
      .mode('append')
      .partitionBy('name')
      .save(path)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'SL_SINK_PARTITION_COLUMNS_MISMATCH' })
  })

  it('schema: a new column needs mergeSchema (error names it), a missing one is written as null', async () => {
    const path = join(await tempDir(), 't')
    await people([[1, 'a', 'x']])
      .write.format('delta')
      .save(path)
    const wider = people([[2, 'b', 'y', 2.5]], 'id INT, name STRING, part STRING, score DOUBLE')
    const error = await wider.write
      .format('delta')
      .mode('append')
      .save(path)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'SL_SINK_SCHEMA_NEW_COLUMNS', path })
    expect((error as Error).message).toContain('column(s) score')
    expect((error as Error).message).toContain("option('mergeSchema', 'true')")
    expect((error as Error).message).toContain("option('overwriteSchema', 'true')")
    await wider.write.format('delta').mode('append').option('mergeSchema', 'true').save(path)
    // Columns by name, case-insensitively, in any order; the missing one is null.
    await people([['c', 3]], 'NAME STRING, id INT')
      .write.format('delta')
      .mode('append')
      .save(path)
    const snapshot = await DeltaLog.forTable(path).snapshot()
    expect(simpleString(snapshot.schema)).toBe(
      'struct<id:int,name:string,part:string,score:double>',
    )
    expect(await tableRows(path)).toEqual([
      [1, 'a', 'x', null],
      [2, 'b', 'y', 2.5],
      [3, 'c', null, null],
    ])
    const typeError = await people([['4', 'd']], 'id STRING, name STRING')
      .write.format('delta')
      .mode('append')
      .option('mergeSchema', true)
      .save(path)
      .catch((e: unknown) => e)
    expect(typeError).toMatchObject({ code: 'SL_SINK_SCHEMA_TYPE_MISMATCH' })
    expect((typeError as Error).message).toContain('column id')
    expect((typeError as Error).message).toContain('type int, the data has string')
  })

  it('mergeSchema adds nested struct fields (also in arrays and map values); old rows read them as null', async () => {
    const path = join(await tempDir(), 't')
    const json = (rows: string[], ddl: string) =>
      spark
        .createDataFrame(
          rows.map((j) => ({ j })),
          'j STRING',
        )
        .select(from_json(col('j'), ddl).alias('r'))
        .select('r.*')
    await json(
      ['{"id":1,"s":{"a":1,"b":"x"},"arr":[{"a":1}],"m":{"k":{"a":1}}}'],
      'id INT, s STRUCT<a: INT, b: STRING>, arr ARRAY<STRUCT<a: INT>>, m MAP<STRING, STRUCT<a: INT>>',
    )
      .write.format('delta')
      .save(path)
    const wider = json(
      ['{"id":2,"s":{"a":2,"b":"y","c":2.5},"arr":[{"a":2,"z":3}],"m":{"k":{"a":2,"w":"v"}}}'],
      'id INT, s STRUCT<a: INT, b: STRING, c: DOUBLE>, arr ARRAY<STRUCT<a: INT, z: INT>>, m MAP<STRING, STRUCT<a: INT, w: STRING>>',
    )
    await expect(wider.write.format('delta').mode('append').save(path)).rejects.toMatchObject({
      code: 'SL_SINK_SCHEMA_NEW_COLUMNS',
    })
    await wider.write.format('delta').mode('append').option('mergeSchema', 'true').save(path)
    await json(['{"id":3,"s":{"B":"q","a":3}}'], 'id INT, s STRUCT<B: STRING, a: INT>')
      .write.format('delta')
      .mode('append')
      .save(path)
    const snapshot = await DeltaLog.forTable(path).snapshot()
    expect(simpleString(snapshot.schema)).toBe(
      'struct<id:int,s:struct<a:int,b:string,c:double>,arr:array<struct<a:int,z:int>>,m:map<string,struct<a:int,w:string>>>',
    )
    expect(await tableRows(path)).toEqual([
      [1, [1, 'x', null], [[1, null]], new Map([['k', [1, null]]])],
      [2, [2, 'y', 2.5], [[2, 3]], new Map([['k', [2, 'v']]])],
      [3, [3, 'q', null], null, null],
    ])
  })

  it('overwriteSchema replaces schema and partitioning and keeps the table id', async () => {
    const path = join(await tempDir(), 't')
    await people([[1, 'a', 'x']])
      .write.format('delta')
      .save(path)
    const id = (await DeltaLog.forTable(path).snapshot()).metadata.id
    await people([['k', 7]], 'key STRING, n BIGINT')
      .write.format('delta')
      .mode('overwrite')
      .option('overwriteSchema', 'true')
      .partitionBy('key')
      .save(path)
    const snapshot = await DeltaLog.forTable(path).snapshot()
    expect(snapshot.metadata.id).toBe(id)
    expect(snapshot.partitionColumns).toEqual(['key'])
    expect(simpleString(schemaFromJson(snapshot.metadata.schemaString))).toBe(
      'struct<key:string,n:bigint>',
    )
    expect(await readSnapshotRows(snapshot)).toEqual([['k', 7]])
  })

  it('replaceWhere on a partition column replaces only matching partitions and checks the data', async () => {
    const path = join(await tempDir(), 't')
    await people([
      [1, 'a', 'x'],
      [2, 'b', 'y'],
      [3, 'c', 'x'],
    ])
      .write.format('delta')
      .partitionBy('part')
      .save(path)
    await people([[4, 'd', 'x']])
      .write.format('delta')
      .mode('overwrite')
      .option('replaceWhere', "part = 'x'")
      .save(path)
    expect(await tableRows(path)).toEqual([
      [2, 'b', 'y'],
      [4, 'd', 'x'],
    ])
    const info = (await lastCommit(path))[0]!['commitInfo'] as Record<string, unknown>
    expect(info['operationParameters']).toMatchObject({ predicate: '["part = \'x\'"]' })
    const error = await people([
      [5, 'e', 'x'],
      [6, 'f', 'z'],
    ])
      .write.format('delta')
      .mode('overwrite')
      .option('replaceWhere', "part IN ('x', 'y')")
      .save(path)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'SL_SINK_REPLACE_WHERE_MISMATCH', path })
    expect((error as Error).message).toContain("part IN ('x', 'y')")
    expect((error as Error).message).toContain('id: 6')
    expect((await DeltaLog.forTable(path).snapshot()).version).toBe(1)
  })

  it('partitionOverwriteMode=dynamic replaces only the partitions present in the data', async () => {
    const path = join(await tempDir(), 't')
    const seed = [
      [1, 'a', 'x'],
      [2, 'b', 'y'],
      [3, 'c', null],
    ]
    await people(seed).write.format('delta').partitionBy('part').save(path)
    await people([
      [4, 'd', 'x'],
      [5, 'e', 'z'],
    ])
      .write.format('delta')
      .mode('overwrite')
      .option('partitionOverwriteMode', 'dynamic')
      .save(path)
    // y and the null partition are untouched, x is replaced, z is new (Delta 4.4 does the same).
    expect(await tableRows(path)).toEqual([
      [2, 'b', 'y'],
      [3, 'c', null],
      [4, 'd', 'x'],
      [5, 'e', 'z'],
    ])
    const actions = await lastCommit(path)
    expect(actions[0]!['commitInfo']).toMatchObject({
      operation: 'WRITE',
      operationParameters: {
        mode: 'Overwrite',
        partitionBy: '[]',
        isDynamicPartitionOverwrite: 'true',
      },
      operationMetrics: { numFiles: '2', numRemovedFiles: '1' },
    })
    const removed = actions.filter((a) => a['remove'])
    expect(removed.map((a) => (a['remove'] as { path: string }).path.split('/')[0])).toEqual([
      'part=x',
    ])
    // An empty DataFrame has no partition: nothing is removed, and no commit is made (Delta's
    // commitIfNeeded; nor for an empty append).
    await people([])
      .write.format('delta')
      .mode('overwrite')
      .option('partitionOverwriteMode', 'DYNAMIC')
      .save(path)
    await people([]).write.format('delta').mode('append').save(path)
    expect(await tableRows(path)).toHaveLength(4)
    expect((await DeltaLog.forTable(path).snapshot()).version).toBe(1)
  })

  it('the session setting spark.sql.sources.partitionOverwriteMode makes overwrites dynamic; replaceWhere wins over it', async () => {
    const session = SparkSession.builder().getOrCreate().newSession()
    session.conf.set('spark.sql.sources.partitionOverwriteMode', 'dynamic')
    // Spark checks the value when set and returns it as given.
    expect(session.conf.get('spark.sql.sources.partitionOverwriteMode')).toBe('dynamic')
    expect(() => session.conf.set('spark.sql.sources.partitionOverwriteMode', 'foo')).toThrow(
      expect.objectContaining({ code: 'SL_API_INVALID_OPTION' }),
    )
    const rows = (r: unknown[][]) =>
      session.createDataFrame(
        r.map(([id, name, part]) => ({ id, name, part })),
        'id INT, name STRING, part STRING',
      )
    const path = join(await tempDir(), 't')
    await rows([
      [1, 'a', 'x'],
      [2, 'b', 'y'],
    ])
      .write.format('delta')
      .partitionBy('part')
      .save(path)
    await rows([[3, 'c', 'x']])
      .write.format('delta')
      .mode('overwrite')
      .save(path)
    expect(await tableRows(path)).toEqual([
      [2, 'b', 'y'],
      [3, 'c', 'x'],
    ])
    // replaceWhere as an option wins over the session's dynamic mode (Delta's WriteIntoDelta).
    await rows([[4, 'd', 'y']])
      .write.format('delta')
      .mode('overwrite')
      .option('replaceWhere', "part = 'y'")
      .save(path)
    expect(await tableRows(path)).toEqual([
      [3, 'c', 'x'],
      [4, 'd', 'y'],
    ])
    // The option wins over the session: static replaces everything.
    await rows([[5, 'e', 'z']])
      .write.format('delta')
      .mode('overwrite')
      .option('partitionOverwriteMode', 'static')
      .save(path)
    expect(await tableRows(path)).toEqual([[5, 'e', 'z']])
    // An unpartitioned table ignores dynamic mode: the whole table is replaced.
    const flat = join(await tempDir(), 'flat')
    await rows([[1, 'a', 'x']])
      .write.format('delta')
      .save(flat)
    await rows([[2, 'b', 'y']])
      .write.format('delta')
      .mode('overwrite')
      .save(flat)
    expect(await tableRows(flat)).toEqual([[2, 'b', 'y']])
  })

  it('partitionOverwriteMode=dynamic is refused with a replaceWhere option and with a value other than static/dynamic', async () => {
    const path = join(await tempDir(), 't')
    await people([[1, 'a', 'x']])
      .write.format('delta')
      .partitionBy('part')
      .save(path)
    const both = await people([[2, 'b', 'x']])
      .write.format('delta')
      .mode('overwrite')
      .option('partitionOverwriteMode', 'dynamic')
      .option('replaceWhere', "part = 'x'")
      .save(path)
      .catch((e: unknown) => e)
    expect(both).toMatchObject({ code: 'SL_API_INVALID_OPTION', option: 'partitionOverwriteMode' })
    expect((both as Error).message).toContain('replaceWhere')
    const bad = await people([[2, 'b', 'x']])
      .write.format('delta')
      .mode('overwrite')
      .option('partitionOverwriteMode', 'partial')
      .save(path)
      .catch((e: unknown) => e)
    expect(bad).toMatchObject({ code: 'SL_API_INVALID_OPTION', option: 'partitionOverwriteMode' })
    expect((await DeltaLog.forTable(path).snapshot()).version).toBe(0)
  })

  it('replaceWhere on a date partition with a string literal (coerced to date, as Spark)', async () => {
    const path = join(await tempDir(), 't')
    const ddl = 'id INT, day DATE'
    await people(
      [
        [1, '2026-01-01'],
        [2, '2026-01-02'],
      ],
      ddl,
    )
      .write.format('delta')
      .partitionBy('day')
      .save(path)
    await people([[3, '2026-01-01']], ddl)
      .write.format('delta')
      .mode('overwrite')
      .option('replaceWhere', "day = '2026-01-01'")
      .save(path)
    expect(await tableRows(path)).toEqual([
      [2, 20455],
      [3, 20454],
    ])
  })

  it('replaceWhere on a data column rewrites the other rows of a file', async () => {
    const path = join(await tempDir(), 't')
    await people([
      [1, 'a', 'x'],
      [2, 'b', 'y'],
      [3, 'c', 'x'],
    ])
      .write.format('delta')
      .save(path)
    await people([[10, 'j', 'x']])
      .write.format('delta')
      .mode('overwrite')
      .option('replaceWhere', 'id >= 2 AND NOT (id = 2)')
      .save(path)
    expect(await tableRows(path)).toEqual([
      [1, 'a', 'x'],
      [2, 'b', 'y'],
      [10, 'j', 'x'],
    ])
  })

  it('txnAppId/txnVersion: a version already committed by the appId is skipped', async () => {
    const path = join(await tempDir(), 't')
    const write = (id: number, version: number) =>
      people([[id, 'n', 'p']])
        .write.format('delta')
        .mode('append')
        .option('txnAppId', 'job-1')
        .option('txnVersion', version)
        .option('userMetadata', `run ${version}`)
        .save(path)
    await write(1, 0)
    await write(2, 1)
    await write(2, 1) // a retried foreachBatch
    await write(1, 0)
    const snapshot = await DeltaLog.forTable(path).snapshot()
    expect(snapshot.version).toBe(1)
    expect(snapshot.txnVersion('job-1')).toBe(1)
    expect(await tableRows(path)).toEqual([
      [1, 'n', 'p'],
      [2, 'n', 'p'],
    ])
    expect((await lastCommit(path))[0]!['commitInfo']).toMatchObject({ userMetadata: 'run 1' })
    const error = await people([[3, 'n', 'p']])
      .write.format('delta')
      .mode('append')
      .option('txnAppId', 'job-1')
      .save(path)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'SL_API_INVALID_OPTION', option: 'txnVersion' })
  })

  it('refuses unknown formats, modes and options, and streaming DataFrames', async () => {
    const df = people([[1, 'a', 'x']])
    const path = join(await tempDir(), 't')
    await expect(df.write.format('avro').save(path)).rejects.toMatchObject({
      code: 'SL_API_INVALID_OPTION',
      option: 'format',
    })
    expect(() => df.write.mode('upsert')).toThrow(
      expect.objectContaining({ code: 'SL_API_INVALID_OPTION' }),
    )
    const unknown = await df.write
      .format('delta')
      .option('mergeSchemas', 'true')
      .save(path)
      .catch((e: unknown) => e)
    expect(unknown).toMatchObject({ code: 'SL_API_UNKNOWN_OPTION', option: 'mergeSchemas' })
    expect((unknown as Error).message).toContain('mergeSchema')
    await expect(
      df.write.format('delta').option('replaceWhere', "part = 'x'").mode('append').save(path),
    ).rejects.toMatchObject({ code: 'SL_API_INVALID_OPTION', option: 'replaceWhere' })
    await expect(fs.stat(path)).rejects.toThrow()
    const stream = spark.readStream
      .format('json')
      .schema('a INT')
      .load(await tempDir())
    expect(() => stream.write).toThrow(
      expect.objectContaining({ code: 'SL_API_WRITE_STREAMING_DATAFRAME' }),
    )
  })

  it('on a remote session, options are checked before anything reaches the server', async () => {
    const remote = SparkSession.builder().remote('sc://localhost:1').getOrCreate()
    try {
      const df = remote.createDataFrame([{ a: 1 }], 'a INT')
      const error = await df.write
        .format('delta')
        .option('mergeSchemas', 'true')
        .save('/tmp/x')
        .catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'SL_API_UNKNOWN_OPTION', option: 'mergeSchemas' })
    } finally {
      await remote.stop()
    }
  })
})

describe('the default source, spark.sql.sources.default', () => {
  it('read.load, readStream.load and write.save without format use parquet, or the session setting', async () => {
    const session = SparkSession.builder().getOrCreate().newSession()
    expect(session.conf.get('spark.sql.sources.default')).toBe('parquet')
    const path = join(await tempDir(), 'out')
    await session.createDataFrame([{ id: 1 }, { id: 2 }], 'id INT').write.save(path)
    const names = (await fs.readdir(path)).filter((f) => f.startsWith('part-'))
    expect(names).toEqual([expect.stringMatching(/\.snappy\.parquet$/)])
    const read = session.read.load(path)
    expect(await read.collect()).toEqual([{ id: 1 }, { id: 2 }])
    const stream = session.readStream.schema('id INT').load(path)
    const q = await stream.writeStream
      .format('memory')
      .queryName('default_source_stream')
      .trigger({ availableNow: true })
      .start()
    await q.awaitTermination()
    expect(await session.table('default_source_stream').count()).toBe(2)

    session.conf.set('spark.sql.sources.default', 'json')
    const json = join(await tempDir(), 'json')
    await session.createDataFrame([{ id: 3 }], 'id INT').write.save(json)
    expect((await fs.readdir(json)).filter((f) => f.endsWith('.json'))).toHaveLength(1)
    expect(await session.read.load(json).collect()).toEqual([{ id: 3 }])
  })
})

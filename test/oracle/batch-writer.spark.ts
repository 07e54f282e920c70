/**
 * df.write against Spark (issue 17): what our batch writer writes, Spark reads back identically.
 * - json/csv/parquet: Spark writes the same rows itself; Spark's reading of our output equals its
 *   reading of its own (schema and rows), and for the text formats the files' text is the same
 *   (part-file names aside), which checks the renderings (timestamps, doubles, quoting, nulls).
 * - Delta: a table created partitioned by a string with characters needing escaping and nulls,
 *   appended with mergeSchema, overwritten with replaceWhere, written idempotently with
 *   txnAppId/txnVersion and userMetadata — read by Spark (rows, DESCRIBE DETAIL/HISTORY) and by
 *   our readers; then Spark appends to it and our reader agrees again.
 * - The streaming Delta sink with writeStream.partitionBy and mergeSchema, read by Spark.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeltaLog } from '../../src/delta/index.js'
import { MemoryStream } from '../../src/testing/index.js'
import { col, from_json, type DataFrame } from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'
import { compareTables } from './support/compare.js'
import {
  oracle,
  oracleCall,
  type OracleDeltaTable,
  type OracleRow,
  type SchemaJson,
} from './support/oracle-client.js'
import { oursSession, readOurDeltaTable } from './support/run-ours.js'

const DDL = 'id INT, name STRING, ts TIMESTAMP, day DATE, x DOUBLE, f FLOAT, ok BOOLEAN, n BIGINT'
/** The same rows for both engines; Spark casts the text columns (every column is sent as text). */
const ROWS: unknown[][] = [
  [1, 'plain', '2026-01-02 03:04:05.123456', '2026-01-02', 1, 0.1, true, 42],
  [2, 'a,"b"\nc', null, null, 1e10, null, false, -7],
  [3, '', '1969-12-31 23:59:59', '1969-12-31', NaN, 2.5, null, null],
  [4, null, '2026-06-30 12:00:00', '2026-06-30', 0.00001, -0.0, true, 9007199254740991],
  [5, '  padded  ', '2000-02-29 00:00:00.000001', '2000-02-29', -1.5e-7, 3.4e38, false, 0],
  [6, 'ü/x=1:%', '2026-01-02 03:04:05', '2026-01-02', 123456.789, 1.25, true, 1],
]
const NAMES = ['id', 'name', 'ts', 'day', 'x', 'f', 'ok', 'n']

function ours(rows = ROWS, ddl = DDL): DataFrame {
  const names = ddl.split(',').map((c) => c.trim().split(' ')[0]!)
  return oursSession().createDataFrame(
    rows.map((r): Record<string, unknown> => Object.fromEntries(names.map((n, i) => [n, r[i]]))),
    ddl,
  )
}

/** Rows as text for the oracle, which casts them to the DDL's types as Spark casts strings. */
function sparkRows(rows: unknown[][]): (string | null)[][] {
  return rows.map((r) => r.map((v) => (v === null ? null : Object.is(v, -0) ? '-0.0' : String(v))))
}

interface SparkRead {
  schema: SchemaJson
  rows: OracleRow[]
}

async function partTexts(path: string): Promise<[string, string][]> {
  const out: [string, string][] = []
  const walk = async (dir: string): Promise<void> => {
    for (const e of (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (e.isDirectory()) await walk(join(dir, e.name))
      else if (e.name.startsWith('part-'))
        out.push([
          dir === path ? '.' : dir.slice(path.length + 1),
          await fs.readFile(join(dir, e.name), 'utf8'),
        ])
    }
  }
  await walk(path)
  return out
}

async function checkFormat(
  format: 'json' | 'csv' | 'parquet',
  options: Record<string, string>,
  partitionBy: string[] = [],
  readOptions: Record<string, string> = {},
): Promise<void> {
  const columns = NAMES
  const root = await tempDir('streamlake-oracle-')
  const oursPath = join(root, 'ours')
  const sparkPath = join(root, 'spark')
  await ours()
    .write.format(format)
    .options(options)
    .partitionBy(...partitionBy)
    .save(oursPath)
  const pick = (r: unknown[]) => columns.map((c) => r[NAMES.indexOf(c)])
  const ddlOf = (ddl: string) =>
    ddl
      .split(',')
      .map((c) => c.trim())
      .filter((c) => columns.includes(c.split(' ')[0]!))
      .join(', ')
  const spark = await oracleCall<{ files: string[]; texts?: [string, string][] }>(
    'batch_writer',
    'write_files',
    {
      path: sparkPath,
      format,
      rows: sparkRows(ROWS.map(pick)),
      ddl: ddlOf(DDL),
      options,
      partition_by: partitionBy,
    },
  )
  const read = (path: string) =>
    oracleCall<SparkRead>('batch_writer', 'read_files', {
      path,
      format,
      ddl: ddlOf(DDL),
      options: { ...options, ...readOptions },
    })
  const fromOurs = await read(oursPath)
  const fromSpark = await read(sparkPath)
  expect(fromOurs.rows).toHaveLength(ROWS.length)
  expect(fromOurs).toEqual(fromSpark)
  // The same layout: directories, one part file each, _SUCCESS.
  const shape = (files: string[]) =>
    files.map((f) => f.replace(/part-\d{5}-[0-9a-f-]{36}[.-]c000/, 'part-N')).sort()
  const ourFiles: string[] = []
  const walk = async (dir: string, rel: string): Promise<void> => {
    for (const e of await fs.readdir(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue
      if (e.isDirectory()) await walk(join(dir, e.name), `${rel}${e.name}/`)
      else ourFiles.push(`${rel}${e.name}`)
    }
  }
  await walk(oursPath, '')
  expect(shape(ourFiles)).toEqual(shape(spark.files))
  if (spark.texts) expect(await partTexts(oursPath)).toEqual(spark.texts)
}

describe('df.write json/csv/parquet: Spark reads ours as it reads its own', () => {
  it('json (default options)', async () => {
    await checkFormat('json', {})
  })

  it('json partitioned by a string with characters needing escaping and nulls', async () => {
    await checkFormat('json', {}, ['name'])
  })

  it('csv with header (quotes, newlines, empty string, nulls, padded values)', async () => {
    // multiLine: the value with a line break is quoted across two lines, as Spark writes it.
    await checkFormat('csv', { header: 'true' }, [], { multiLine: 'true' })
  })

  it("csv with sep ';', quote \"'\", nullValue 'NULL', escape '#'", async () => {
    await checkFormat('csv', { sep: ';', quote: "'", nullValue: 'NULL', escape: '#' }, [], {
      multiLine: 'true',
    })
  })

  it('parquet, partitioned by a boolean and a date', async () => {
    await checkFormat('parquet', {}, ['ok', 'day'])
  })
})

describe('df.write.format("delta"): Spark and our readers agree', () => {
  it('partitioned create, mergeSchema append, replaceWhere overwrite, idempotent txn writes', async () => {
    const path = join(await tempDir('streamlake-oracle-'), 't')
    const base = ours().select('id', 'name', 'ts', 'n')
    await base.write.format('delta').partitionBy('name').save(path)
    // mergeSchema: a new column x, columns in another order; a missing column (n) is null.
    await ours([[7, 'late', 1.5]], 'id INT, name STRING, x DOUBLE')
      .write.format('delta')
      .mode('append')
      .option('mergeSchema', 'true')
      .option('userMetadata', 'merge x')
      .save(path)
    // Replace the partition name = 'plain' (and only it).
    await ours([[8, 'plain', 9.5]], 'id INT, name STRING, x DOUBLE')
      .write.format('delta')
      .mode('overwrite')
      .option('replaceWhere', "name = 'plain'")
      .save(path)
    // Idempotent writes from a foreachBatch: the second write of version 0 is skipped.
    for (const v of [0, 0, 1]) {
      await ours([[100 + v, 'txn', v]], 'id INT, name STRING, x DOUBLE')
        .write.format('delta')
        .mode('append')
        .option('txnAppId', 'etl-job')
        .option('txnVersion', v)
        .save(path)
    }
    const spark = await oracle<OracleDeltaTable>({ op: 'readDelta', path, history: true })
    const mine = await readOurDeltaTable(oursSession(), path)
    const diffs = compareTables('our reader vs Spark', mine, spark)
    expect(diffs, diffs.join('\n')).toEqual([])
    expect(spark.version).toBe(4)
    expect(spark.schema.fields.map((f) => [f.name, f.type])).toEqual([
      ['id', 'integer'],
      ['name', 'string'],
      ['ts', 'timestamp'],
      ['n', 'long'],
      ['x', 'double'],
    ])
    const byId = new Map(spark.rows.map((r) => [r[0] as number, r]))
    expect([...byId.keys()].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 100, 101])
    expect(byId.get(4)![1]).toBeNull()
    expect(byId.get(3)![1]).toBeNull() // '' is written as the null partition, as Spark does
    expect(byId.get(6)![1]).toBe('ü/x=1:%')
    expect(byId.get(7)).toEqual([7, 'late', null, null, 1.5])
    const details = await oracleCall<{
      partitionColumns: string[]
      userMetadata: (string | null)[]
      operations: string[]
    }>('batch_writer', 'delta_details', { path })
    expect(details.partitionColumns).toEqual(['name'])
    expect(details.operations).toEqual(['WRITE', 'WRITE', 'WRITE', 'WRITE', 'WRITE'])
    expect(details.userMetadata[1]).toBe('merge x')
    expect(spark.history!.map((h) => h.operationParameters['mode'])).toEqual([
      'ErrorIfExists',
      'Append',
      'Overwrite',
      'Append',
      'Append',
    ])
    expect((await DeltaLog.forTable(path).snapshot()).txnVersion('etl-job')).toBe(1)

    // Spark appends to our table (its partitioning and evolved schema), we read what it reads.
    await oracleCall('batch_writer', 'spark_appends_to_ours', {
      path,
      rows: sparkRows([[200, 'spark', '2026-03-01 00:00:00', 5, 0.25]]),
      ddl: 'id INT, name STRING, ts TIMESTAMP, n BIGINT, x DOUBLE',
    })
    const after = await oracle<OracleDeltaTable>({ op: 'readDelta', path })
    const diffsAfter = compareTables(
      'our reader vs Spark after its append',
      await readOurDeltaTable(oursSession(), path),
      after,
    )
    expect(diffsAfter, diffsAfter.join('\n')).toEqual([])
    expect(after.rows).toHaveLength(10)
  })

  it('overwriteSchema: Spark sees the new schema and partitioning', async () => {
    const path = join(await tempDir('streamlake-oracle-'), 't')
    await ours().select('id', 'name').write.format('delta').save(path)
    await ours()
      .select('day', 'x')
      .write.format('delta')
      .mode('overwrite')
      .option('overwriteSchema', 'true')
      .partitionBy('day')
      .save(path)
    const spark = await oracle<OracleDeltaTable>({ op: 'readDelta', path })
    const diffs = compareTables(
      'our reader vs Spark',
      await readOurDeltaTable(oursSession(), path),
      spark,
    )
    expect(diffs, diffs.join('\n')).toEqual([])
    expect(spark.schema.fields.map((f) => f.name)).toEqual(['day', 'x'])
    expect(spark.rows).toHaveLength(ROWS.length)
    const details = await oracleCall<{ partitionColumns: string[] }>(
      'batch_writer',
      'delta_details',
      {
        path,
      },
    )
    expect(details.partitionColumns).toEqual(['day'])
  })
})

describe('writeStream.partitionBy into Delta: Spark reads the streaming table', () => {
  it('partitioned by a timestamp and a string (escaping, nulls), a column added with mergeSchema', async () => {
    const root = await tempDir('streamlake-oracle-')
    const path = join(root, 't')
    const spark = oursSession()
    const first = new MemoryStream(spark, 'id INT, ts TIMESTAMP, k STRING')
    const q1 = await first
      .toDF()
      .writeStream.format('delta')
      .partitionBy('ts', 'k')
      .option('checkpointLocation', join(root, 'cp1'))
      .start(path)
    first.addData(
      { id: 1, ts: '2026-01-02 03:04:05.123456', k: 'a b' },
      { id: 2, ts: null, k: 'x/y=1:%' },
      { id: 3, ts: '2026-01-02 03:04:05.123456', k: null },
    )
    await q1.processAllAvailable()
    await q1.stop()
    const second = new MemoryStream(spark, 'k STRING, extra DOUBLE, id INT, ts TIMESTAMP')
    const q2 = await second
      .toDF()
      .writeStream.format('delta')
      .option('mergeSchema', 'true')
      .option('checkpointLocation', join(root, 'cp2'))
      .start(path)
    second.addData({ k: 'a b', extra: 0.5, id: 4, ts: '1999-12-31 23:59:59' })
    await q2.processAllAvailable()
    await q2.stop()
    const sparkView = await oracle<OracleDeltaTable>({ op: 'readDelta', path })
    const diffs = compareTables(
      'our reader vs Spark',
      await readOurDeltaTable(oursSession(), path),
      sparkView,
    )
    expect(diffs, diffs.join('\n')).toEqual([])
    expect(sparkView.schema.fields.map((f) => f.name)).toEqual(['id', 'ts', 'k', 'extra'])
    const byId = new Map(sparkView.rows.map((r) => [r[0] as number, r]))
    expect(byId.get(1)).toEqual([1, Date.UTC(2026, 0, 2, 3, 4, 5) * 1000 + 123456, 'a b', null])
    expect(byId.get(2)).toEqual([2, null, 'x/y=1:%', null])
    expect(byId.get(3)![2]).toBeNull()
    expect(byId.get(4)).toEqual([4, Date.UTC(1999, 11, 31, 23, 59, 59) * 1000, 'a b', 0.5])
    const details = await oracleCall<{ partitionColumns: string[] }>(
      'batch_writer',
      'delta_details',
      { path },
    )
    expect(details.partitionColumns).toEqual(['ts', 'k'])
  })
})

describe('partitionOverwriteMode=dynamic: our overwrite leaves what Spark leaves', () => {
  const PDDL = 'id INT, name STRING, part STRING'
  const seed = [
    [1, 'a', 'x'],
    [2, 'b', 'y'],
    [3, 'c', null],
    [4, 'd', 'x'],
  ]
  interface Step {
    rows: unknown[][]
    mode: string
    options?: Record<string, string>
    partition_by?: string[]
  }
  const STEPS: Step[] = [
    { rows: seed, mode: 'errorifexists', partition_by: ['part'] },
    // x is replaced, z is new, y and the null partition stay.
    {
      rows: [
        [5, 'e', 'x'],
        [6, 'f', 'z'],
      ],
      mode: 'overwrite',
      options: { partitionOverwriteMode: 'dynamic' },
      partition_by: ['part'],
    },
    // No rows: no partition is replaced.
    {
      rows: [],
      mode: 'overwrite',
      options: { partitionOverwriteMode: 'dynamic' },
      partition_by: ['part'],
    },
    // The session setting (below) makes this one dynamic too: only y is replaced.
    { rows: [[7, 'g', 'y']], mode: 'overwrite', partition_by: ['part'] },
  ]
  const CONF = { 'spark.sql.sources.partitionOverwriteMode': 'dynamic' }

  async function runOurs(format: string, path: string, steps: Step[]): Promise<void> {
    const session = oursSession().newSession()
    for (const [i, step] of steps.entries()) {
      // The session setting applies to the last step only, as in the Spark run.
      if (i === steps.length - 1) session.conf.set(Object.keys(CONF)[0]!, 'dynamic')
      await session
        .createDataFrame(
          step.rows.map(([id, name, part]) => ({ id, name, part })),
          PDDL,
        )
        .write.format(format)
        .mode(step.mode)
        .options(step.options ?? {})
        .partitionBy(...(step.partition_by ?? []))
        .save(path)
    }
  }

  async function sparkRun(format: string, path: string) {
    // Spark: every step but the last without the session setting, the last with it.
    await oracleCall('batch_writer', 'overwrite_steps', {
      path,
      format,
      ddl: PDDL,
      steps: STEPS.slice(0, -1).map((s) => ({ ...s, rows: sparkRows(s.rows) })),
    })
    return oracleCall<{
      rows: OracleRow[]
      dirs?: string[]
      parameters?: Record<string, string>[]
    }>('batch_writer', 'overwrite_steps', {
      path,
      format,
      ddl: PDDL,
      steps: STEPS.slice(-1).map((s) => ({ ...s, rows: sparkRows(s.rows) })),
      conf: CONF,
    })
  }

  for (const format of ['parquet', 'json', 'csv'] as const) {
    it(`${format}: same rows and partition directories`, async () => {
      const root = await tempDir('streamlake-oracle-')
      await runOurs(format, join(root, 'ours'), STEPS)
      const spark = await sparkRun(format, join(root, 'spark'))
      const read = await oracleCall<{ rows: OracleRow[] }>('batch_writer', 'overwrite_steps', {
        path: join(root, 'ours'),
        format,
        ddl: PDDL,
        steps: [],
      })
      expect(spark.rows.map((r) => r[0])).toEqual([3, 5, 6, 7])
      expect(read.rows).toEqual(spark.rows)
      const ourDirs = new Set<string>()
      const walk = async (dir: string, rel: string): Promise<void> => {
        for (const e of await fs.readdir(dir, { withFileTypes: true })) {
          if (e.isDirectory()) await walk(join(dir, e.name), rel ? `${rel}/${e.name}` : e.name)
          else if (e.name.startsWith('part-')) ourDirs.add(rel)
        }
      }
      await walk(join(root, 'ours'), '')
      expect([...ourDirs].sort()).toEqual(spark.dirs)
    })
  }

  it('delta: same rows and commit parameters; a replaceWhere option with it fails on both', async () => {
    const root = await tempDir('streamlake-oracle-')
    const ourPath = join(root, 'ours')
    await runOurs('delta', ourPath, STEPS)
    const spark = await sparkRun('delta', join(root, 'spark'))
    const mine = await oracle<OracleDeltaTable>({ op: 'readDelta', path: ourPath, history: true })
    const byId = (rows: OracleRow[]) =>
      rows.slice().sort((a, b) => (a[0] as number) - (b[0] as number))
    expect(byId(mine.rows)).toEqual(spark.rows)
    expect(spark.rows.map((r) => r[0])).toEqual([3, 5, 6, 7])
    expect(mine.history!.map((h) => h.operationParameters)).toEqual(spark.parameters)
    const sparkError = await oracleCall('batch_writer', 'overwrite_steps', {
      path: join(root, 'spark'),
      format: 'delta',
      ddl: PDDL,
      steps: [
        {
          rows: sparkRows([[8, 'h', 'x']]),
          mode: 'overwrite',
          options: { partitionOverwriteMode: 'dynamic', replaceWhere: "part = 'x'" },
        },
      ],
    }).catch((e: unknown) => e)
    expect(String(sparkError)).toContain('DELTA_REPLACE_WHERE_WITH_DYNAMIC_PARTITION_OVERWRITE')
    await expect(
      oursSession()
        .createDataFrame([{ id: 8, name: 'h', part: 'x' }], PDDL)
        .write.format('delta')
        .mode('overwrite')
        .options({ partitionOverwriteMode: 'dynamic', replaceWhere: "part = 'x'" })
        .save(ourPath),
    ).rejects.toMatchObject({ code: 'SL_API_INVALID_OPTION', option: 'partitionOverwriteMode' })
  })
})

describe('mergeSchema with nested fields: Spark reads ours as it reads its own', () => {
  const BASE =
    'id INT, s STRUCT<a: INT, b: STRING>, arr ARRAY<STRUCT<a: INT>>, m MAP<STRING, STRUCT<a: INT>>'
  const WIDER =
    'id INT, s STRUCT<a: INT, b: STRING, c: DOUBLE>, arr ARRAY<STRUCT<a: INT, z: INT>>, m MAP<STRING, STRUCT<a: INT, w: STRING>>'
  interface Step {
    rows: string[]
    ddl: string
    mode: string
    options?: Record<string, string>
  }
  const STEPS: Step[] = [
    {
      ddl: BASE,
      mode: 'errorifexists',
      rows: ['{"id":1,"s":{"a":1,"b":"x"},"arr":[{"a":1}],"m":{"k":{"a":1}}}'],
    },
    // New fields inside the struct, the array's element struct and the map's value struct (one
    // map entry: PySpark hands maps over as dicts, whose order is not the file's).
    {
      ddl: WIDER,
      mode: 'append',
      options: { mergeSchema: 'true' },
      rows: [
        '{"id":2,"s":{"a":2,"b":"y","c":2.5},"arr":[{"a":2,"z":3},null],"m":{"k":{"a":2,"w":"v"}}}',
      ],
    },
    // No mergeSchema needed: nested fields in another order and case, missing ones (null).
    {
      ddl: 'id INT, s STRUCT<B: STRING, a: INT>, arr ARRAY<STRUCT<z: INT>>',
      mode: 'append',
      rows: ['{"id":3,"s":{"B":"q","a":3},"arr":[{"z":4}]}', '{"id":4,"s":null}'],
    },
  ]
  const jsonFrame = (rows: string[], ddl: string) =>
    oursSession()
      .createDataFrame(
        rows.map((j) => ({ j })),
        'j STRING',
      )
      .select(from_json(col('j'), ddl).alias('r'))
      .select('r.*')

  it('struct, array-of-struct and map-of-struct fields added, reordered and missing; a nested type change fails on both', async () => {
    const root = await tempDir('streamlake-oracle-')
    const ourPath = join(root, 'ours')
    for (const step of STEPS)
      await jsonFrame(step.rows, step.ddl)
        .write.format('delta')
        .mode(step.mode)
        .options(step.options ?? {})
        .save(ourPath)
    type Read = { rows: OracleRow[]; schema: SchemaJson }
    const spark = await oracleCall<Read>('batch_writer', 'overwrite_steps', {
      path: join(root, 'spark'),
      format: 'delta',
      ddl: 'id INT',
      steps: STEPS.map((s) => ({ ...s, json: true })),
    })
    const mine = await oracleCall<Read>('batch_writer', 'overwrite_steps', {
      path: ourPath,
      format: 'delta',
      ddl: 'id INT',
      steps: [],
    })
    expect(mine.schema).toEqual(spark.schema)
    expect(mine.rows).toEqual(spark.rows)
    expect(spark.rows).toHaveLength(4)
    const diffs = compareTables(
      'our reader vs Spark',
      await readOurDeltaTable(oursSession(), ourPath),
      await oracle<OracleDeltaTable>({ op: 'readDelta', path: ourPath }),
    )
    expect(diffs, diffs.join('\n')).toEqual([])
    // A nested type change: Delta's DELTA_FAILED_TO_MERGE_FIELDS, our type mismatch naming s.a.
    const change: Step = {
      ddl: 'id INT, s STRUCT<a: BIGINT>',
      mode: 'append',
      options: { mergeSchema: 'true' },
      rows: ['{"id":5,"s":{"a":5}}'],
    }
    const sparkError = await oracleCall('batch_writer', 'overwrite_steps', {
      path: join(root, 'spark'),
      format: 'delta',
      ddl: 'id INT',
      steps: [{ ...change, json: true }],
    }).catch((e: unknown) => e)
    expect(String(sparkError)).toContain('DELTA_FAILED_TO_MERGE_FIELDS')
    const ourError = await jsonFrame(change.rows, change.ddl)
      .write.format('delta')
      .mode('append')
      .option('mergeSchema', 'true')
      .save(ourPath)
      .catch((e: unknown) => e)
    expect(ourError).toMatchObject({ code: 'SL_SINK_SCHEMA_TYPE_MISMATCH' })
    expect((ourError as Error).message).toContain('column s.a ')
  })
})

describe('no format: spark.sql.sources.default (parquet) on both sides', () => {
  it('Spark reads our format-less write with read.load, we read its write the same way', async () => {
    const root = await tempDir('streamlake-oracle-')
    const session = oursSession()
    await session
      .createDataFrame(
        [
          { id: 1, s: 'a' },
          { id: 2, s: null },
        ],
        'id INT, s STRING',
      )
      .write.save(join(root, 'ours'))
    const spark = await oracleCall<{
      default: string
      rows: OracleRow[]
      schema: SchemaJson
      files: string[]
    }>('batch_writer', 'default_source', {
      ours_path: join(root, 'ours'),
      spark_path: join(root, 'spark'),
    })
    expect(spark.default).toBe(session.conf.get('spark.sql.sources.default'))
    expect(spark.rows).toEqual([
      [1, 'a'],
      [2, null],
    ])
    expect(spark.files).toEqual([expect.stringMatching(/^part-00000-.*\.snappy\.parquet$/)])
    const mine = await session.read.load(join(root, 'spark')).collectRows()
    expect(mine.schema.fields.map((f) => [f.name, f.dataType.type])).toEqual(
      spark.schema.fields.map((f) => [f.name, f.type]),
    )
    expect(mine.rows).toEqual(spark.rows)
  })
})

import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readParquetRows } from '../../../src/delta/parquet-row-reader.js'
import { col, SparkSession } from '../../../src/index.js'
import { parseDdlSchema } from '../../../src/types/index.js'
import { tempDir } from '../../support/temp-dir.js'

const spark = SparkSession.builder()
  .config('spark.sql.session.timeZone', 'UTC')
  .getOrCreate()
  .newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

const DDL = 'id INT, name STRING, ts TIMESTAMP, day DATE, x DOUBLE, f FLOAT, ok BOOLEAN'
const rows = [
  {
    id: 1,
    name: 'plain',
    ts: '2026-01-02 03:04:05.123456',
    day: '2026-01-02',
    x: 1,
    f: 0.1,
    ok: true,
  },
  { id: 2, name: 'a,"b"\nc', ts: null, day: null, x: 1e10, f: null, ok: false },
  { id: 3, name: '', ts: '1969-12-31 23:59:59', day: '1969-12-31', x: NaN, f: 2.5, ok: null },
  { id: 4, name: null, ts: null, day: null, x: 0.00001, f: null, ok: null },
]
const df = () => spark.createDataFrame(rows, DDL)

async function partFiles(dir: string, ext: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (d: string): Promise<void> => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(d, e.name))
      else if (e.name.endsWith(ext)) out.push(join(d, e.name))
    }
  }
  await walk(dir)
  return out.sort()
}

describe('df.write json / csv / parquet', () => {
  it('json: Spark layout (one part file + _SUCCESS) and JacksonGenerator renderings', async () => {
    const path = join(await tempDir(), 'out')
    await df().write.json(path)
    const entries = (await fs.readdir(path)).sort()
    expect(entries).toHaveLength(2)
    expect(entries[0]).toMatch(/^_SUCCESS$/)
    expect(entries[1]).toMatch(/^part-00000-[0-9a-f-]{36}-c000\.json$/)
    expect((await fs.stat(join(path, '_SUCCESS'))).size).toBe(0)
    const text = await fs.readFile(join(path, entries[1]!), 'utf8')
    // Expected per Spark's JSON writer: millisecond timestamps with the offset, null fields
    // omitted, doubles as Java prints them, NaN as a string.
    expect(text.split('\n')).toEqual([
      '{"id":1,"name":"plain","ts":"2026-01-02T03:04:05.123Z","day":"2026-01-02","x":1.0,"f":0.1,"ok":true}',
      '{"id":2,"name":"a,\\"b\\"\\nc","x":1.0E10,"ok":false}',
      '{"id":3,"name":"","ts":"1969-12-31T23:59:59.000Z","day":"1969-12-31","x":"NaN","f":2.5}',
      '{"id":4,"x":1.0E-5}',
      '',
    ])
  })

  it('csv: header, quoting with escape, nullValue, emptyValue, sep', async () => {
    const path = join(await tempDir(), 'out')
    await df().select('id', 'name', 'day', 'ok').write.option('header', true).csv(path)
    const [file] = await partFiles(path, '.csv')
    expect(await fs.readFile(file!, 'utf8')).toBe(
      'id,name,day,ok\n1,plain,2026-01-02,true\n2,"a,\\"b\\"\nc",,false\n3,"",1969-12-31,\n4,,,\n',
    )
    const other = join(await tempDir(), 'out')
    await df()
      .select('id', 'name')
      .write.format('csv')
      .options({ sep: ';', nullValue: 'NULL', quote: "'" })
      .save(other)
    const [file2] = await partFiles(other, '.csv')
    expect(await fs.readFile(file2!, 'utf8')).toBe('1;plain\n2;\'a,"b"\nc\'\n3;""\n4;NULL\n')
  })

  it('parquet: the rows read back; partitionBy makes Hive directories without the column', async () => {
    const path = join(await tempDir(), 'out')
    await df().write.partitionBy('ok').parquet(path)
    const dirs = (await fs.readdir(path)).sort()
    expect(dirs).toEqual(['_SUCCESS', 'ok=__HIVE_DEFAULT_PARTITION__', 'ok=false', 'ok=true'])
    const schema = parseDdlSchema('id INT, name STRING, ts TIMESTAMP, day DATE, x DOUBLE, f FLOAT')
    const read = async (dir: string) => {
      const [file] = await partFiles(join(path, dir), '.parquet')
      return readParquetRows(await fs.readFile(file!), schema.fields)
    }
    expect(await read('ok=true')).toEqual([
      [1, 'plain', Date.UTC(2026, 0, 2, 3, 4, 5) * 1000 + 123456, 20455, 1, Math.fround(0.1)],
    ])
    expect((await read('ok=__HIVE_DEFAULT_PARTITION__')).map((r) => r[0])).toEqual([3, 4])
  })

  it('modes: errorifexists fails, ignore keeps, append adds a part file, overwrite replaces', async () => {
    const path = join(await tempDir(), 'out')
    await df().write.json(path)
    await expect(df().write.json(path)).rejects.toMatchObject({
      code: 'SL_SINK_PATH_EXISTS',
      path,
    })
    await df().write.mode('ignore').json(path)
    expect(await partFiles(path, '.json')).toHaveLength(1)
    await df().write.mode('append').json(path)
    expect(await partFiles(path, '.json')).toHaveLength(2)
    await df().where(col('id').eq(1)).write.mode('overwrite').json(path)
    const files = await partFiles(path, '.json')
    expect(files).toHaveLength(1)
    expect((await fs.readFile(files[0]!, 'utf8')).split('\n')).toHaveLength(2)
    expect((await fs.readdir(path)).sort()).toEqual(['_SUCCESS', files[0]!.slice(path.length + 1)])
  })

  it('partitionOverwriteMode=dynamic replaces only the written partition directories', async () => {
    for (const format of ['json', 'csv', 'parquet'] as const) {
      const path = join(await tempDir(), 'out')
      await df().write.format(format).partitionBy('ok').save(path)
      const oldTrue = await partFiles(join(path, 'ok=true'), format)
      await df()
        .where(col('id').eq(2))
        .write.format(format)
        .mode('overwrite')
        .option('partitionOverwriteMode', 'dynamic')
        .partitionBy('ok')
        .save(path)
      // ok=false (id 2) is rewritten; ok=true and the null partition stay as they were.
      expect((await fs.readdir(path)).sort()).toEqual([
        '_SUCCESS',
        'ok=__HIVE_DEFAULT_PARTITION__',
        'ok=false',
        'ok=true',
      ])
      expect(await partFiles(join(path, 'ok=true'), format)).toEqual(oldTrue)
      expect(await partFiles(join(path, 'ok=false'), format)).toHaveLength(1)
      // No data, no partition: nothing is deleted.
      await df()
        .where(col('id').eq(99))
        .write.format(format)
        .mode('overwrite')
        .option('partitionOverwriteMode', 'dynamic')
        .partitionBy('ok')
        .save(path)
      expect(await partFiles(path, format)).toHaveLength(3)
      // Without partitionBy, dynamic mode replaces everything as static does (Spark's rule).
      await df()
        .where(col('id').eq(1))
        .write.format(format)
        .mode('overwrite')
        .option('partitionOverwriteMode', 'dynamic')
        .save(path)
      expect((await partFiles(path, format)).map((f) => f.slice(path.length + 1))).toEqual([
        expect.stringMatching(/^part-00000-.*-c000\./),
      ])
    }
  })

  it('the session partitionOverwriteMode applies to file writes; a bad option value is refused before writing', async () => {
    const session = SparkSession.builder().getOrCreate().newSession()
    session.conf.set('spark.sql.sources.partitionOverwriteMode', 'DYNAMIC')
    const path = join(await tempDir(), 'out')
    const two = session.createDataFrame(
      [
        { k: 'a', v: 1 },
        { k: 'b', v: 2 },
      ],
      'k STRING, v INT',
    )
    await two.write.partitionBy('k').json(path)
    await session
      .createDataFrame([{ k: 'b', v: 3 }], 'k STRING, v INT')
      .write.mode('overwrite')
      .partitionBy('k')
      .json(path)
    const texts = await Promise.all(
      (await partFiles(path, '.json')).map(async (f) => [
        f.slice(path.length + 1).split('/')[0],
        (await fs.readFile(f, 'utf8')).trim(),
      ]),
    )
    expect(texts).toEqual([
      ['k=a', '{"v":1}'],
      ['k=b', '{"v":3}'],
    ])
    await expect(
      two.write
        .mode('overwrite')
        .option('partitionOverwriteMode', 'foo')
        .partitionBy('k')
        .json(path),
    ).rejects.toMatchObject({ code: 'SL_API_INVALID_OPTION', option: 'partitionOverwriteMode' })
    expect(await partFiles(path, '.json')).toHaveLength(2)
  })

  it('refuses csv for nested columns and unknown options', async () => {
    const path = join(await tempDir(), 'out')
    const nested = spark.createDataFrame([{ a: [1, 2] }], 'a ARRAY<INT>')
    await expect(nested.write.csv(path)).rejects.toMatchObject({
      code: 'SL_SINK_UNSUPPORTED_TYPE',
    })
    await expect(df().write.option('mergeSchema', true).json(path)).rejects.toMatchObject({
      code: 'SL_API_UNKNOWN_OPTION',
    })
  })
})

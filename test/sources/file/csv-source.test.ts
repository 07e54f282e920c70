import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SparkSession } from '../../../src/index.js'
import { simpleString } from '../../../src/types/index.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

function inputDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'csv-src-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

describe('csv source', () => {
  it('streams CSV files with a schema, one file per batch with maxFilesPerTrigger', async () => {
    const dir = inputDir({ 'a.csv': 'id,name\n1,x\n2,"y, z"\n', 'b.csv': 'id,name\n3,\n' })
    const batches: unknown[][] = []
    const q = await spark.readStream
      .format('csv')
      .schema('id INT, name STRING')
      .option('header', true)
      .option('maxFilesPerTrigger', 1)
      .load(dir)
      .writeStream.foreachBatch(async (df) => {
        batches.push((await df.collect()).map((r) => [r['id'], r['name']]))
      })
      .option('checkpointLocation', mkdtempSync(join(tmpdir(), 'csv-cp-')))
      .trigger({ availableNow: true })
      .start()
    await q.awaitTermination()
    expect(batches).toEqual([
      [
        [1, 'x'],
        [2, 'y, z'],
      ],
      [[3, null]],
    ])
  })

  it('needs a schema for a stream, as Spark', async () => {
    const df = spark.readStream.format('csv').load(inputDir({}))
    await expect(
      df.writeStream.format('memory').queryName('csv_no_schema').start(),
    ).rejects.toMatchObject({ code: 'SL_SOURCE_SCHEMA_REQUIRED' })
  })

  it('reads a batch without a schema as STRING columns named by the header, or _c0, _c1', async () => {
    const dir = inputDir({ 'a.csv': 'id,name\n1,x\n' })
    const named = await spark.read.format('csv').option('header', 'true').load(dir).collect()
    expect(named).toEqual([{ id: '1', name: 'x' }])
    const positional = await spark.read.format('csv').load(dir).collect()
    expect(positional).toEqual([
      { _c0: 'id', _c1: 'name' },
      { _c0: '1', _c1: 'x' },
    ])
  })

  it('reads a batch with a schema', async () => {
    const dir = inputDir({ 'a.csv': '1,2026-01-02\n' })
    const rows = await spark.read.format('csv').schema('id LONG, d DATE').load(dir).collect()
    expect(rows.map((r) => [r['id'], String(r['d'])])).toEqual([[1, '2026-01-02']])
  })

  it('inferSchema: Spark 4.2 infers int, bigint, double, boolean, date, timestamp, decimal and string', async () => {
    // The file and the schema Spark 4.2 gave for it (spark.read.option('header', True)
    // .option('inferSchema', True).csv(path)).
    const dir = inputDir({
      'a.csv':
        'a,b,c,d,e,f,g,h,i,j,k\n' +
        '1,2147483648,1.5,true,2026-01-02,2026-01-02 03:04:05,x,12345678901234567890,,1e10,NaN\n' +
        '2,3,2,false,2026-01-03,2026-01-02T03:04:05.123Z,y,1,,-Inf,3\n',
    })
    const df = spark.read.option('header', true).option('inferSchema', true).csv(dir)
    expect(simpleString(await df.resolveSchema())).toBe(
      'struct<a:int,b:bigint,c:double,d:boolean,e:date,f:timestamp,g:string,h:decimal(20,0),i:string,j:double,k:double>',
    )
    const rows = await df.collect()
    expect(rows.map((r) => [r['a'], r['b'], r['c'], r['d'], r['i'], r['j'], r['k']])).toEqual([
      [1, 2147483648, 1.5, true, null, 1e10, NaN],
      [2, 3, 2, false, null, -Infinity, 3],
    ])
  })

  it('inferSchema widens across values and files as Spark: int < bigint < double, decimals, date < timestamp, else string', async () => {
    const dir = inputDir({
      'a.csv': '1,1,2026-01-01,1,true,12345678901234567890,1,x\n',
      'b.csv': '2147483648,2.5,2026-01-01 10:00:00,true,1,1.5,NULL,1\n',
    })
    const df = spark.read.option('inferSchema', 'true').option('nullValue', 'NULL').csv(dir)
    expect(simpleString(await df.resolveSchema())).toBe(
      'struct<_c0:bigint,_c1:double,_c2:timestamp,_c3:string,_c4:string,_c5:double,_c6:int,_c7:string>',
    )
  })

  it('names columns from the header as Spark: an empty name is _c<i>, repeated names get their index', async () => {
    const dir = inputDir({ 'a.csv': 'a,,A,b\n1,2,3,4\n' })
    const df = spark.read.option('header', true).csv(dir)
    expect((await df.resolveSchema()).fields.map((f) => f.name)).toEqual(['a0', '_c1', 'A2', 'b'])
  })

  it('multiLine: quoted values with line breaks, in a batch read and a stream', async () => {
    const dir = inputDir({ 'a.csv': 'id,note\n1,"two\nlines"\n2,"three\r\nline\nvalue"\n' })
    const batch = await spark.read
      .option('header', true)
      .option('multiLine', true)
      .option('inferSchema', true)
      .csv(dir)
      .collect()
    expect(batch).toEqual([
      { id: 1, note: 'two\nlines' },
      { id: 2, note: 'three\r\nline\nvalue' },
    ])
    const streamed: unknown[] = []
    const q = await spark.readStream
      .format('csv')
      .schema('id INT, note STRING')
      .option('header', true)
      .option('multiLine', true)
      .load(dir)
      .writeStream.foreachBatch(async (df) => {
        streamed.push(...(await df.collect()))
      })
      .option('checkpointLocation', mkdtempSync(join(tmpdir(), 'csv-cp-')))
      .trigger({ availableNow: true })
      .start()
    await q.awaitTermination()
    expect(streamed).toEqual(batch)
  })
})

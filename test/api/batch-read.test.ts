import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SparkSession, col, lit } from '../../src/index.js'
import { DeltaSink } from '../../src/sinks/delta/delta-sink.js'
import { parseDdlSchema } from '../../src/types/index.js'
import { tempDir } from '../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

describe('batch reads', () => {
  it('reads JSON with an inferred schema as Spark does (bigint, double, string; sorted fields)', async () => {
    const dir = await tempDir()
    await fs.writeFile(
      join(dir, 'a.json'),
      '{"name":"x","n":1,"v":1.5}\n{"name":"y","n":2,"v":2}\n',
    )
    const df = spark.read.json(dir)
    const schema = await df.resolveSchema()
    expect(schema.fields.map((f) => `${f.name}:${f.dataType.type}`)).toEqual([
      'n:long',
      'name:string',
      'v:double',
    ])
    expect(await df.collect()).toEqual([
      { n: 1, name: 'x', v: 1.5 },
      { n: 2, name: 'y', v: 2 },
    ])
  })

  it('filters and projects a Delta table, and travels back by version', async () => {
    const path = join(await tempDir(), 't')
    const sink = new DeltaSink(path)
    await sink.start({
      queryId: 'q',
      outputMode: 'append',
      schema: parseDdlSchema('k STRING, n BIGINT'),
      timeZone: 'UTC',
    })
    await sink.addBatch(0, [
      ['a', 1],
      ['b', 2],
    ])
    await sink.addBatch(1, [['c', 3]])
    const table = spark.read.format('delta').load(path)
    expect(await table.count()).toBe(3)
    const big = table.filter(col('n').geq(2)).select(col('k'), col('n').plus(lit(10)).alias('m'))
    expect(await big.collect()).toEqual([
      { k: 'b', m: 12 },
      { k: 'c', m: 13 },
    ])
    expect(await spark.read.format('delta').option('versionAsOf', 0).load(path).count()).toBe(2)
  })

  it('says clearly that a missing table does not exist', async () => {
    const missing = join(await tempDir(), 'nope')
    await expect(spark.read.format('delta').load(missing).count()).rejects.toMatchObject({
      code: 'SL_SOURCE_TABLE_NOT_FOUND',
      path: missing,
    })
  })

  it('refuses actions on streaming DataFrames with a hint', async () => {
    const df = spark.readStream.format('json').schema('a INT').load('/tmp')
    await expect(df.count()).rejects.toMatchObject({ code: 'SL_PLAN_STREAMING_ACTION' })
  })

  it("createDataFrame converts user values and show() prints Spark's table, truncating cells over 20 characters", async () => {
    const df = spark.createDataFrame(
      [
        { id: 1, ts: '2026-01-01 00:00:10.5', name: 'a very long name that is truncated' },
        [2, null, null],
      ],
      'id INT, ts TIMESTAMP, name STRING',
    )
    expect(await df.showString()).toBe(
      [
        '+---+--------------------+--------------------+',
        '| id|                  ts|                name|',
        '+---+--------------------+--------------------+',
        '|  1|2026-01-01 00:00:...|a very long name ...|',
        '|  2|                NULL|                NULL|',
        '+---+--------------------+--------------------+',
        '',
      ].join('\n'),
    )
  })
})

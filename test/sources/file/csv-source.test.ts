import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SparkSession } from '../../../src/index.js'

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
})

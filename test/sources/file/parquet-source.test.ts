import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SparkSession } from '../../../src/index.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

const SCHEMA = 'id INT, name STRING, ts TIMESTAMP, amount DECIMAL(10,2)'

/** A decimal's text (its scale shows), or null. */
const text = (v: unknown): string | null => (v === null ? null : String(v))

async function writeParquet(rows: unknown[]): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'pq-src-')), 'data')
  await spark.createDataFrame(rows, SCHEMA).write.format('parquet').save(dir)
  return dir
}

describe('parquet source', () => {
  it('streams Parquet files our writer wrote, with the user schema (missing column = NULL)', async () => {
    const dir = await writeParquet([
      { id: 1, name: 'a', ts: '2026-01-01 00:00:00', amount: 1.25 },
      { id: 2, name: null, ts: null, amount: null },
    ])
    const batches: unknown[][] = []
    const q = await spark.readStream
      .format('parquet')
      .schema('name STRING, id INT, ts TIMESTAMP, amount DECIMAL(10,2), extra STRING')
      .load(dir)
      .writeStream.foreachBatch(async (df) => {
        batches.push(
          (await df.collect()).map((r) => [r['name'], r['id'], text(r['amount']), r['extra']]),
        )
      })
      .option('checkpointLocation', mkdtempSync(join(tmpdir(), 'pq-cp-')))
      .trigger({ availableNow: true })
      .start()
    await q.awaitTermination()
    expect(batches.flat()).toEqual([
      ['a', 1, '1.25', null],
      [null, 2, null, null],
    ])
  })

  it('needs a schema for a stream, as Spark', async () => {
    const dir = await writeParquet([{ id: 1, name: 'a', ts: null, amount: null }])
    const df = spark.readStream.format('parquet').load(dir)
    await expect(
      df.writeStream.format('memory').queryName('pq_no_schema').start(),
    ).rejects.toMatchObject({ code: 'SL_SOURCE_SCHEMA_REQUIRED' })
  })

  it('reads a batch with the files’ own schema when none is given', async () => {
    const dir = await writeParquet([{ id: 7, name: 'x', ts: '2026-01-01 00:00:00', amount: 3.5 }])
    const df = spark.read.format('parquet').load(dir)
    const rows = await df.collect()
    expect((await df.resolveSchema()).fields.map((f) => [f.name, f.dataType])).toEqual([
      ['id', { type: 'integer' }],
      ['name', { type: 'string' }],
      ['ts', { type: 'timestamp' }],
      ['amount', { type: 'decimal', precision: 10, scale: 2 }],
    ])
    expect(rows.map((r) => [r['id'], r['name'], text(r['amount'])])).toEqual([[7, 'x', '3.50']])
  })

  it('refuses a schema type the file cannot be read as, naming file and column; allows widening', async () => {
    const dir = await writeParquet([{ id: 1, name: 'a', ts: null, amount: 2.5 }])
    await expect(
      spark.read.format('parquet').schema('id INT, name INT').load(dir).collect(),
    ).rejects.toMatchObject({
      code: 'SL_SOURCE_UNSUPPORTED_TYPE',
      path: expect.stringContaining(dir) as string,
    })
    const widened = await spark.read
      .format('parquet')
      .schema('id BIGINT, amount DECIMAL(12,3)')
      .load(dir)
      .collect()
    // Exact decimals (types/decimal-value.ts), rescaled to the schema's scale.
    expect(widened.map((r) => [r['id'], text(r['amount'])])).toEqual([[1, '2.500']])
  })
})

/**
 * Batch reads of files without a schema against Spark's (issue 17): CSV with and without a header
 * (STRING columns named by the header or _c0, _c1, …) and Parquet files Spark wrote (the schema
 * from the footer, nested columns included) — same schema (names, types, nullability) and rows.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { schemaToJson } from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'
import { compareTables } from './support/compare.js'
import { encodeValue, type DeltaTableResult } from './support/engine-result.js'
import { oracleCall, type OracleValue, type SchemaJson } from './support/oracle-client.js'
import { oursSession } from './support/run-ours.js'

async function ours(
  format: string,
  path: string,
  options: Record<string, string>,
): Promise<DeltaTableResult> {
  let reader = oursSession().read.format(format)
  for (const [k, v] of Object.entries(options)) reader = reader.option(k, v)
  const { schema, rows } = await reader.load(path).collectRows()
  return {
    schema: JSON.parse(schemaToJson(schema)) as SchemaJson,
    // Decimals compare exactly: their text with the column's scale, as the oracle sends Spark's.
    rows: rows.map((r) => r.map<OracleValue>(encodeValue)),
  }
}

const spark = (format: string, path: string, options: Record<string, string>, orderBy: string) =>
  oracleCall<DeltaTableResult>('batch_writer', 'read_files', {
    path,
    format,
    options,
    order_by: [orderBy],
  })

describe('batch file reads without a schema vs Spark', () => {
  it('CSV: header names the STRING columns; without it _c0, _c1, … and the header is a row', async () => {
    const dir = join(await tempDir('streamlake-csv-batch-'), 'in')
    await fs.mkdir(dir)
    await fs.writeFile(join(dir, 'a.csv'), 'id,name,note\n1,"x, y",\n2,,""\n')
    await fs.writeFile(join(dir, 'b.csv'), 'id,name,note\n3,z,"q""uote"\n')
    for (const [options, orderBy] of [
      [{ header: 'true' }, 'id'],
      [{}, '_c0'],
    ] as const) {
      const diffs = compareTables(
        `csv ${JSON.stringify(options)}`,
        await ours('csv', dir, options),
        await spark('csv', dir, options, orderBy),
      )
      expect(diffs, diffs.join('\n')).toEqual([])
    }
  })

  it('CSV inferSchema (with multiLine): the types Spark infers and the rows it reads', async () => {
    const dir = join(await tempDir('streamlake-csv-infer-'), 'in')
    await fs.mkdir(dir)
    const header = 'id,i,l,dec,dbl,b,d,ts,s,mixed,empty,note\n'
    await fs.writeFile(
      join(dir, 'a.csv'),
      header +
        '1,1,2147483648,12345678901234567890,1.5,true,2026-01-02,2026-01-02 03:04:05,x,1,,"multi\nline"\n' +
        '2,-7,3,1,1e10,FALSE,2026-01-03,2026-01-03T00:00:00Z,y,true,,plain\n',
    )
    await fs.writeFile(
      join(dir, 'b.csv'),
      header +
        '3,+5,-9,99999999999999999999999,NaN,True,2026-01-04,2026-01-04,"q,z",2.5,,"say \\"hi\\"\nthere"\n' +
        '4,,,,,,,,,,,\n',
    )
    const options = { header: 'true', inferSchema: 'true', multiLine: 'true' }
    const mine = await ours('csv', dir, options)
    const diffs = compareTables('csv inferSchema', mine, await spark('csv', dir, options, 'id'))
    expect(diffs, diffs.join('\n')).toEqual([])
    expect(mine.schema.fields.map((f) => f.type)).toEqual([
      'integer',
      'integer',
      'long',
      'decimal(23,0)',
      'double',
      'boolean',
      'date',
      'timestamp',
      'string',
      'string',
      'string',
      'string',
    ])
    // Without a header the header line is data: every column meets a name, so STRING ones.
    const plain = { inferSchema: 'true', multiLine: 'true' }
    const noHeader = compareTables(
      'csv inferSchema without header',
      await ours('csv', dir, plain),
      await spark('csv', dir, plain, '_c0'),
    )
    expect(noHeader, noHeader.join('\n')).toEqual([])
  })

  it('CSV enforceSchema=false: a header that does not name the schema columns fails on both', async () => {
    const dir = join(await tempDir('streamlake-csv-enforce-'), 'in')
    await fs.mkdir(dir)
    await fs.writeFile(join(dir, 'a.csv'), 'name,id\nx,1\n')
    const options = { header: 'true', enforceSchema: 'false' }
    const sparkError = await oracleCall('batch_writer', 'read_files', {
      path: dir,
      format: 'csv',
      ddl: 'id INT, name STRING',
      options,
    }).catch((e: unknown) => e)
    expect(String(sparkError)).toContain('CSV header does not conform to the schema')
    let reader = oursSession().read.format('csv').schema('id INT, name STRING')
    for (const [k, v] of Object.entries(options)) reader = reader.option(k, v)
    await expect(reader.load(dir).collect()).rejects.toMatchObject({
      code: 'SL_SOURCE_CSV_HEADER_MISMATCH',
    })
    // With the header in the schema's order (any case) both read it.
    await fs.writeFile(join(dir, 'a.csv'), 'ID,Name\n1,x\n')
    const sparkRead = await oracleCall<DeltaTableResult>('batch_writer', 'read_files', {
      path: dir,
      format: 'csv',
      ddl: 'id INT, name STRING',
      options,
    })
    expect(await reader.load(dir).collect()).toEqual([{ id: 1, name: 'x' }])
    expect(sparkRead.rows).toEqual([[1, 'x']])
  })

  it('Parquet files Spark wrote: the footer schema (nested columns too) and the rows', async () => {
    const dir = join(await tempDir('streamlake-pq-batch-'), 'in')
    await oracleCall('parquet_source', 'write_input', { path: dir })
    const diffs = compareTables(
      'parquet',
      await ours('parquet', dir, {}),
      await spark('parquet', dir, {}, 'id'),
    )
    expect(diffs, diffs.join('\n')).toEqual([])
  })
})

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

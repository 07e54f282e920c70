/**
 * Issue #17 leftovers against real Spark (PySpark 4.2 + Delta): a table whose columns Spark widened
 * with ALTER TABLE … CHANGE COLUMN … TYPE ('delta.enableTypeWidening'), where the files written
 * before the changes keep the narrow Parquet types, reads as Spark reads it (every widening Delta
 * supports, top level and nested); and maps read from Parquet — keyed by arrays, structs, dates,
 * ints in no sorted order, nested in arrays, structs and maps — have Spark's entries in Spark's
 * order (the file's). Tables come from oracle/scenarios/delta_type_widening.py.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DeltaLog, readSnapshotRows } from '../../src/delta/index.js'
import { EngineError } from '../../src/errors/index.js'
import { tempDir } from '../support/temp-dir.js'
import { compareRowSets } from './support/compare.js'
import { encodeValue } from './support/engine-result.js'
import {
  oracle,
  oracleCall,
  type OracleBatch,
  type OracleDeltaTable,
  type OracleError,
  type OracleRow,
  type OracleValue,
} from './support/oracle-client.js'
import { oursSession } from './support/run-ours.js'

function expectNoDiffs(diffs: string[]): void {
  expect(diffs, diffs.join('\n\n')).toEqual([])
}

// encodeValue, with decimals as the oracle encodes them (their exact text with the column's
// scale) whatever object holds them.
function encode(v: unknown): OracleValue {
  if (v instanceof Map) return [...v].map(([k, x]) => [encode(k), encode(x)])
  if (Array.isArray(v)) return v.map(encode)
  if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) return String(v)
  return encodeValue(v)
}

/** Our batch reader (spark.read.format('delta')) and readSnapshotRows, rows by id. */
async function ourRows(path: string): Promise<{ batch: OracleRow[]; lib: OracleRow[] }> {
  const byId = (rows: OracleRow[]) => rows.sort((a, b) => Number(a[0]) - Number(b[0]))
  const { rows } = await oursSession().read.format('delta').load(path).collectRows()
  const lib = await readSnapshotRows(await DeltaLog.forTable(path).snapshot())
  return { batch: byId(rows.map((r) => r.map(encode))), lib: byId(lib.map((r) => r.map(encode))) }
}

describe('type widening', () => {
  it('columns widened after files were written read as Spark reads them; writes are refused', async () => {
    const root = await tempDir('streamlake-oracle-')
    const path = join(root, 't')
    await oracleCall('delta_type_widening', 'type_widening', { path })
    const snapshot = await DeltaLog.forTable(path).snapshot()
    expect(snapshot.protocol.readerFeatures).toContain('typeWidening')
    // The first file still has the narrow types; the last one the wide ones.
    const types = await oracleCall<Record<string, string>>('delta_type_widening', 'parquet_types', {
      path,
    })
    const files = Object.values(types)
    expect(files).toHaveLength(2)
    expect(files.some((t) => t.includes('b:tinyint') && t.includes('d:date'))).toBe(true)
    expect(files.some((t) => t.includes('b:int') && t.includes('d:timestamp_ntz'))).toBe(true)

    const spark = await oracle<OracleDeltaTable>({ op: 'readDelta', path })
    expect(spark.rows).toHaveLength(5)
    const ours = await ourRows(path)
    expectNoDiffs(compareRowSets('our batch reader vs Spark', ours.batch, spark.rows, spark.schema))
    expectNoDiffs(compareRowSets('readSnapshotRows vs Spark', ours.lib, spark.rows, spark.schema))
    const { schema } = await oursSession().read.format('delta').load(path).collectRows()
    expect(schema.fields.map((f) => f.dataType)).toEqual(
      snapshot.schema.fields.map((f) => f.dataType),
    )

    // A Delta stream from the table's latest snapshot reads the old files widened too.
    const sparkStream = await oracle<{ batches: OracleBatch[]; error: OracleError | null }>({
      op: 'streamDelta',
      path,
      checkpoint: join(root, 'spark-checkpoint'),
    })
    expect(sparkStream.error).toBeNull()
    const streamed: OracleRow[] = []
    const q = await oursSession()
      .readStream.format('delta')
      .load(path)
      .writeStream.foreachBatch(async (df) => {
        for (const r of (await df.collectRows()).rows) streamed.push(r.map(encode))
      })
      .option('checkpointLocation', join(root, 'our-checkpoint'))
      .trigger({ availableNow: true })
      .start()
    await q.awaitTermination()
    const sparkStreamed = sparkStream.batches.flatMap((b) => b.rows)
    expectNoDiffs(
      compareRowSets('our Delta stream vs Spark', streamed, sparkStreamed, spark.schema),
    )

    const session = oursSession()
    const e = await session.read
      .format('delta')
      .load(path)
      .write.format('delta')
      .mode('append')
      .save(path)
      .then(
        () => undefined,
        (err: unknown) => err,
      )
    expect(e).toBeInstanceOf(EngineError)
    expect((e as EngineError).code).toBe('SL_DELTA_UNSUPPORTED_FEATURE')
    expect((e as EngineError).message).toContain('typeWidening')
  })
})

describe('type widening: golden tables', () => {
  it.each([
    ['type-widening', 'typeWidening-preview; every widening of Delta 3.2'],
    ['type-widening-nested', 'widened struct fields, array elements, map keys and values'],
  ])('%s (%s) reads as Spark reads it', async (table) => {
    const path = fileURLToPath(new URL(`../fixtures/delta-golden/${table}`, import.meta.url))
    const spark = await oracle<OracleDeltaTable>({ op: 'readDelta', path })
    expect(spark.rows.length).toBeGreaterThan(1)
    const ours = await ourRows(path)
    expectNoDiffs(compareRowSets('our batch reader vs Spark', ours.batch, spark.rows, spark.schema))
    expectNoDiffs(compareRowSets('readSnapshotRows vs Spark', ours.lib, spark.rows, spark.schema))
  })
})

describe('Parquet maps', () => {
  it('keys that are arrays, structs, dates and unsorted ints: Spark’s entries in Spark’s order', async () => {
    const path = join(await tempDir('streamlake-oracle-'), 't')
    await oracleCall('delta_type_widening', 'map_keys', { path })
    const spark = await oracleCall<{ rows: OracleRow[] }>('delta_type_widening', 'read_entries', {
      path,
    })
    // Order-sensitive: each map is the list of its entries as Spark returns them.
    const ours = await ourRows(path)
    expect(ours.lib).toEqual(spark.rows)
    expect(ours.batch).toEqual(spark.rows)
  })
})

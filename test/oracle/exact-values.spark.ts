/**
 * Exact longs and timestamps against Spark (issue #17 item 1; docs/exact-values.md). Values a
 * double would round — 2^53 + 1, Long.MIN/MAX, 0001-01-01 and 9999-12-31 23:59:59.999999 — in a
 * Delta table Spark writes (partitioned by a long and by a string holding null, '' and the
 * literal `__HIVE_DEFAULT_PARTITION__`) read the same by our readers; sum/min/max on it equal
 * Spark's; a long sum past 64 bits fails on both (ANSI); tables our batch writer and a streaming
 * query write with those values read the same in Spark. Values cross as text (oracle/scenarios/
 * exact_values.py), which nothing on the way can round.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeltaLog, readSnapshotRows } from '../../src/delta/index.js'
import { Timestamp, col, max, min, sum, type RowObject } from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'
import { oracleCall } from './support/oracle-client.js'
import { oursSession } from './support/run-ours.js'

interface ExactTable {
  columns: string[]
  rows: (string | null)[][]
}

const text = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Timestamp ? String(v.micros) : String(v)

const sorted = (rows: (string | null)[][]): (string | null)[][] =>
  [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))

/** Our session's reading of `path`, as the text rows of exact_values.read_exact. */
async function ourExactRows(path: string, columns: readonly string[]) {
  const rows = await oursSession().read.format('delta').load(path).collect()
  return sorted(rows.map((r: RowObject) => columns.map((c) => text(r[c]))))
}

describe('exact longs and timestamps vs Spark', () => {
  it("Spark's table of extremes reads the same in our readers; sum/min/max and overflow agree", async () => {
    const path = join(await tempDir('streamlake-oracle-'), 'spark-extremes')
    const written = await oracleCall<{ partitionValues: Record<string, string | null>[] }>(
      'exact_values',
      'spark_extremes',
      { path },
    )
    const spark = await oracleCall<ExactTable>('exact_values', 'read_exact', { path })
    expect(spark.rows).toHaveLength(4)
    expect(await ourExactRows(path, spark.columns)).toEqual(sorted(spark.rows))
    // The library reader too (DeltaLog → rows in the engine's form).
    const snapshot = await DeltaLog.forTable(path).snapshot()
    const names = snapshot.schema.fields.map((f) => f.name)
    const lib = (await readSnapshotRows(snapshot)).map((r) =>
      spark.columns.map((c) => text(r[names.indexOf(c)])),
    )
    expect(sorted(lib)).toEqual(sorted(spark.rows))
    // Spark logs exact long partition values, and null for '' and for the string
    // __HIVE_DEFAULT_PARTITION__ (our writer does the same; our reader keeps a logged string).
    expect(written.partitionValues).toEqual([
      { p: null, big: '-9223372036854775808' },
      { p: null, big: '1' },
      { p: null, big: '9007199254740993' },
      { p: 'a', big: '9223372036854775807' },
    ])

    const agg = await oracleCall<{ ansi: string; values: string[]; overflow: string | null }>(
      'exact_values',
      'aggregates',
      { path },
    )
    const ours = oursSession()
    const df = ours.read.format('delta').load(path)
    const [row] = await df
      .filter(col('id').notEqual(9223372036854775807n))
      .agg(
        sum('id').alias('s'),
        min('id').alias('lo'),
        max('id').alias('hi'),
        max('ts').alias('tmax'),
        min('ts').alias('tmin'),
      )
      .collect()
    expect(['s', 'lo', 'hi', 'tmax', 'tmin'].map((c) => text(row![c]))).toEqual(agg.values)
    expect(agg.ansi).toBe('true')
    expect(agg.overflow).toBe('ARITHMETIC_OVERFLOW')
    const overflow = ours.createDataFrame([{ id: 9223372036854775807n }, { id: 1 }], 'id BIGINT')
    await expect(overflow.agg(sum('id')).collect()).rejects.toMatchObject({
      code: 'SL_EXEC_ARITHMETIC_OVERFLOW',
    })
  })

  it('tables our batch writer and a streaming query write with the extremes read exactly in Spark', async () => {
    const root = await tempDir('streamlake-oracle-')
    const ours = oursSession()
    const rows = [
      { id: 9007199254740993n, us: 253402300799999999n, p: 'a', big: 9223372036854775807n },
      { id: 9223372036854775807n, us: -62135596800000000n, p: null, big: -9223372036854775808n },
      {
        id: -9223372036854775808n,
        us: -62135596799999999n,
        p: '__HIVE_DEFAULT_PARTITION__',
        big: 9007199254740993n,
      },
      { id: 1, us: 1795515330123456, p: '', big: 1 },
    ]
    const batch = join(root, 'batch')
    await ours
      .createDataFrame(
        rows.map((r) => ({
          ...r,
          ts: Timestamp.fromMicros(r.us),
          ntz: Timestamp.fromMicros(r.us),
        })),
        'id BIGINT, ts TIMESTAMP, ntz TIMESTAMP_NTZ, p STRING, big BIGINT',
      )
      .write.format('delta')
      .partitionBy('p', 'big')
      .save(batch)
    const want = sorted(
      rows.map((r) => [
        String(r.id),
        String(r.us),
        String(r.us),
        // As Spark's writer: '' and the literal default-partition name are logged as null.
        r.p === '' || r.p === '__HIVE_DEFAULT_PARTITION__' ? null : r.p,
        String(r.big),
      ]),
    )
    const sparkBatch = await oracleCall<ExactTable>('exact_values', 'read_exact', { path: batch })
    expect(sparkBatch.columns).toEqual(['id', 'ts', 'ntz', 'p', 'big'])
    expect(sorted(sparkBatch.rows)).toEqual(want)
    expect(await ourExactRows(batch, sparkBatch.columns)).toEqual(want)

    // A stream: JSON longs and timestamp strings → Delta.
    const input = join(root, 'in')
    await fs.mkdir(input)
    await fs.writeFile(
      join(input, 'a.json'),
      [
        '{"id":9007199254740993,"ts":"9999-12-31T23:59:59.999999Z"}',
        '{"id":9223372036854775807,"ts":"0001-01-01T00:00:00Z"}',
        '{"id":-9223372036854775808,"ts":"0001-01-01T00:00:00.000001Z"}',
      ].join('\n') + '\n',
    )
    const stream = join(root, 'stream')
    const q = await ours.readStream
      .format('json')
      .schema('id BIGINT, ts TIMESTAMP')
      .load(input)
      .writeStream.format('delta')
      .option('checkpointLocation', join(root, 'cp'))
      .trigger({ availableNow: true })
      .start(stream)
    await q.awaitTermination()
    const sparkStream = await oracleCall<ExactTable>('exact_values', 'read_exact', {
      path: stream,
    })
    expect(sorted(sparkStream.rows)).toEqual(
      sorted([
        ['9007199254740993', '253402300799999999'],
        ['9223372036854775807', '-62135596800000000'],
        ['-9223372036854775808', '-62135596799999999'],
      ]),
    )
  })
})

/**
 * Exact decimals against Spark (issue #17 item 1; docs/exact-values.md). Spark writes
 * decimal(38,18) values a double rounds — 12345.678900000000794535 and ±(10^38 - 1)/10^18 — with
 * decimal(9,2) (INT32 in Parquet), decimal(18,4) (INT64) and a decimal partition column, as a
 * Delta table and as Parquet: our readers give every digit Spark gives. Arithmetic, casts,
 * sum/avg/min/max and a grouping on decimals give Spark's result types and values; a sum past 38
 * digits fails on both (ANSI). Tables our batch writer and a stream write read the same in Spark,
 * which also finds rows by filters that use our decimal stats. Values cross as text
 * (oracle/scenarios/exact_decimals.py).
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeltaLog, readSnapshotRows } from '../../src/delta/index.js'
import {
  avg,
  col,
  Decimal,
  max,
  min,
  simpleString,
  sum,
  type DataFrame,
  type RowObject,
} from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'
import { oracleCall } from './support/oracle-client.js'
import { oursSession } from './support/run-ours.js'

interface SparkTable {
  columns: string[]
  types: string[]
  rows: (string | null)[][]
}
interface Computed {
  names: string[]
  types: string[]
  rows: (string | null)[][]
}

const MAX38 = '99999999999999999999.999999999999999999'
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))
const sorted = (rows: (string | null)[][]): (string | null)[][] =>
  [...rows].sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0))

async function ours(df: DataFrame): Promise<{ types: string[]; rows: (string | null)[][] }> {
  const schema = await df.resolveSchema()
  const rows = await df.collect()
  return {
    types: schema.fields.map((f) => simpleString(f.dataType)),
    rows: rows.map((r: RowObject) => schema.fields.map((f) => text(r[f.name]))),
  }
}

describe('exact decimals vs Spark', () => {
  it("Spark's decimal tables read the same in our readers; arithmetic and aggregates agree", async () => {
    const root = await tempDir('streamlake-oracle-')
    const path = join(root, 'spark-decimals')
    const parquet = join(root, 'spark-decimals-parquet')
    const written = await oracleCall<{ partitionValues: Record<string, string | null>[] }>(
      'exact_decimals',
      'spark_decimals',
      { path, parquet_path: parquet },
    )
    // Spark logs a decimal partition value as its plain text with the scale's digits.
    // (Spark may write a partition's rows in two files: one entry per partition value here.)
    const logged = [...new Set(written.partitionValues.map((v) => JSON.stringify(v)))]
    expect(logged.map((v) => JSON.parse(v) as unknown)).toEqual([
      { part: '-2.250' },
      { part: '1.500' },
      { part: null },
    ])
    const spark = await oracleCall<SparkTable>('exact_decimals', 'read_decimals', { path })
    expect(spark.types).toEqual([
      'int',
      'decimal(38,18)',
      'decimal(9,2)',
      'decimal(18,4)',
      'decimal(10,3)',
    ])
    expect(spark.rows).toContainEqual([
      '1',
      '12345.678900000000794535',
      '1234567.89',
      '99999999999999.9999',
      '1.500',
    ])
    expect(spark.rows).toContainEqual(['3', `-${MAX38}`, '0.01', '0.0001', null])

    const session = oursSession()
    const table = session.read.format('delta').load(path)
    const read = await ours(table)
    expect(read.types).toEqual(spark.types)
    expect(sorted(read.rows)).toEqual(spark.rows)
    // The library reader (DeltaLog → engine rows) and the Parquet file source too.
    const snapshot = await DeltaLog.forTable(path).snapshot()
    const names = snapshot.schema.fields.map((f) => f.name)
    const lib = (await readSnapshotRows(snapshot)).map((r) =>
      spark.columns.map((c) => text(r[names.indexOf(c)])),
    )
    expect(sorted(lib)).toEqual(spark.rows)
    const sparkParquet = await oracleCall<SparkTable>('exact_decimals', 'read_decimals', {
      path: parquet,
      fmt: 'parquet',
    })
    const ourParquet = await ours(session.read.format('parquet').load(parquet))
    expect(ourParquet.types).toEqual(sparkParquet.types)
    expect(sorted(ourParquet.rows)).toEqual(sparkParquet.rows)

    const computed = await oracleCall<{
      ansi: string
      expressions: Computed
      aggregates: Computed
      grouped: (string | null)[][]
      overflow: string | null
    }>('exact_decimals', 'compute', { path })
    expect(computed.ansi).toBe('true')
    const d38 = col('d38')
    const d9 = col('d9')
    const d18 = col('d18')
    const expressions: Record<string, ReturnType<typeof col>> = {
      add: d9.plus(d18),
      sub: d38.minus(d9),
      mul: d9.multiply(d18),
      div: d18.divide(d9),
      mod: d38.mod(d9),
      plus_int: d9.plus(col('id')),
      times_lit: d38.multiply(2),
      neg: d18.negate(),
      cast_scale: d38.cast('DECIMAL(38,2)'),
      cast_long: d18.cast('BIGINT'),
      cast_widen: d9.cast('DECIMAL(12,5)'),
      cast_from_string: d38.cast('STRING').cast('DECIMAL(38,18)'),
      gt: d38.gt(d18),
    }
    expect(Object.keys(expressions)).toEqual(computed.expressions.names)
    const perRow = await ours(
      table.select(col('id'), ...Object.entries(expressions).map(([n, c]) => c.alias(n))),
    )
    expect(perRow.types.slice(1)).toEqual(computed.expressions.types)
    const byId = [...perRow.rows].sort((a, b) => Number(a[0]) - Number(b[0])).map((r) => r.slice(1))
    expect(byId).toEqual(computed.expressions.rows)

    const aggregates: Record<string, ReturnType<typeof col>> = {
      sum_d38: sum('d38'),
      sum_d9: sum('d9'),
      avg_d9: avg('d9'),
      avg_d18: avg('d18'),
      min_d38: min('d38'),
      max_d38: max('d38'),
      min_d18: min('d18'),
      max_d9: max('d9'),
    }
    expect(Object.keys(aggregates)).toEqual(computed.aggregates.names)
    const agg = await ours(
      table
        .filter(col('id').notEqual(2))
        .agg(...Object.entries(aggregates).map(([n, c]) => c.alias(n))),
    )
    expect(agg.types).toEqual(computed.aggregates.types)
    expect(agg.rows).toEqual(computed.aggregates.rows)
    const grouped = await ours(table.groupBy('part').agg(sum('d18').alias('s')))
    expect(sorted(grouped.rows)).toEqual(sorted(computed.grouped))

    // avg(d38) of those rows has 20 integer digits, more than its type decimal(38,22) holds:
    // Spark 4.2 fails with NUMERIC_VALUE_OUT_OF_RANGE, and so do we.
    await expect(
      table.filter(col('id').notEqual(2)).agg(avg('d38')).collect(),
    ).rejects.toMatchObject({ code: 'SL_EXEC_DECIMAL_OVERFLOW' })
    // A decimal sum past 38 digits fails in Spark (here, reading the table twice:
    // NUMERIC_VALUE_OUT_OF_RANGE; over VALUES it is ARITHMETIC_OVERFLOW) and here.
    expect(computed.overflow).toBe('NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION')
    const twice = table.filter(col('id').equalTo(2)).union(table.filter(col('id').equalTo(2)))
    await expect(twice.agg(sum('d38')).collect()).rejects.toMatchObject({
      code: 'SL_EXEC_DECIMAL_OVERFLOW',
    })
  })

  it('tables our batch writer and a stream write with decimals read exactly in Spark', async () => {
    const root = await tempDir('streamlake-oracle-')
    const session = oursSession()
    const d = (s: string): Decimal => Decimal.parse(s)!
    const batch = join(root, 'batch')
    await session
      .createDataFrame(
        [
          { id: 1, d38: d('12345.678900000000794535'), d9: '1234567.89', d18: 0.5, part: '1.5' },
          { id: 2, d38: MAX38, d9: d('-9999999.99'), d18: '-99999999999999.9999', part: null },
          { id: 3, d38: `-${MAX38}`, d9: null, d18: '12.34', part: '-2.25' },
          { id: 4, d38: '0', d9: '0.01', d18: '0.0001', part: '1.500' },
        ],
        'id INT, d38 DECIMAL(38,18), d9 DECIMAL(9,2), d18 DECIMAL(18,4), part DECIMAL(10,3)',
      )
      .write.format('delta')
      .partitionBy('part')
      .save(batch)
    const sparkBatch = await oracleCall<SparkTable>('exact_decimals', 'read_decimals', {
      path: batch,
    })
    expect(sparkBatch.types).toEqual([
      'int',
      'decimal(38,18)',
      'decimal(9,2)',
      'decimal(18,4)',
      'decimal(10,3)',
    ])
    const want = sorted([
      ['1', '12345.678900000000794535', '1234567.89', '0.5000', '1.500'],
      ['2', MAX38, '-9999999.99', '-99999999999999.9999', null],
      ['3', `-${MAX38}`, null, '12.3400', '-2.250'],
      ['4', '0.000000000000000000', '0.01', '0.0001', '1.500'],
    ])
    expect(sparkBatch.rows).toEqual(want)
    expect(sorted((await ours(session.read.format('delta').load(batch))).rows)).toEqual(want)
    // Spark skips files by our stats first: a wrong decimal bound would lose these rows.
    for (const [where, n] of [
      ['d38 = 12345.678900000000794535', 1],
      [`d38 = ${MAX38}`, 1],
      [`d38 < -${MAX38.slice(0, -1)}8`, 1],
      ['d18 > 0.00005 AND d18 < 0.00015', 1],
      ['d9 = 1234567.89', 1],
    ] as const) {
      const got = await oracleCall<{ count: number }>('exact_decimals', 'count_where', {
        path: batch,
        where,
      })
      expect([where, got.count]).toEqual([where, n])
    }

    // A stream: JSON decimals (numbers and strings) → Delta.
    const input = join(root, 'in')
    await fs.mkdir(input)
    await fs.writeFile(
      join(input, 'a.json'),
      [
        `{"id":1,"d38":12345.678900000000794535,"d9":1234567.885}`,
        `{"id":2,"d38":"${MAX38}","d9":-0.005}`,
        `{"id":3,"d38":-${MAX38},"d9":"1,234.5"}`,
      ].join('\n') + '\n',
    )
    const stream = join(root, 'stream')
    const q = await session.readStream
      .format('json')
      .schema('id INT, d38 DECIMAL(38,18), d9 DECIMAL(9,2)')
      .load(input)
      .writeStream.format('delta')
      .option('checkpointLocation', join(root, 'cp'))
      .trigger({ availableNow: true })
      .start(stream)
    await q.awaitTermination()
    const sparkStream = await oracleCall<SparkTable>('exact_decimals', 'read_decimals', {
      path: stream,
    })
    // JSON numbers are rounded HALF_UP to the scale, as Spark's JSON reader does.
    expect(sparkStream.rows).toEqual(
      sorted([
        ['1', '12345.678900000000794535', '1234567.89'],
        ['2', MAX38, '-0.01'],
        ['3', `-${MAX38}`, '1234.50'],
      ]),
    )
  })
})

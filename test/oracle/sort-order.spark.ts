/**
 * orderBy / sort against Spark: the same rows sorted by the same keys come out in the same order
 * — nulls first or last, ascending and descending, doubles with NaN, ±Infinity and -0.0, strings
 * beyond the BMP, booleans, dates, decimals, and a unique id last (Spark's sort is not stable).
 */
import { describe, expect, it } from 'vitest'
import { col, from_json } from '../../src/index.js'
import { encodeValue } from './support/engine-result.js'
import { oracleCall, type OracleRow, type OracleValue } from './support/oracle-client.js'
import { oursSession } from './support/run-ours.js'

const DDL = 'id INT, n INT, d DOUBLE, s STRING, b BOOLEAN, day DATE'
const ROWS = [
  '{"id":1,"n":3,"d":1.5,"s":"b","b":true,"day":"2026-01-02"}',
  '{"id":2,"n":null,"d":"NaN","s":"\\ud83d\\ude00","b":false,"day":null}',
  '{"id":3,"n":-1,"d":"-Infinity","s":"\\uff5e","b":null,"day":"1969-12-31"}',
  '{"id":4,"n":3,"d":-0.0,"s":null,"b":true,"day":"2026-01-02"}',
  '{"id":5,"n":null,"d":0.0,"s":"B","b":false,"day":"2000-02-29"}',
  '{"id":6,"n":0,"d":"Infinity","s":"a","b":null,"day":"2026-01-01"}',
  '{"id":7,"n":-1,"d":null,"s":"","b":true,"day":null}',
]
type Key = [string, boolean, boolean]
const ORDERS: Key[][] = [
  [
    ['n', true, true],
    ['id', true, true],
  ],
  [
    ['n', false, false],
    ['id', true, true],
  ],
  [
    ['d', true, true],
    ['id', false, false],
  ],
  [
    ['d', false, true],
    ['id', true, true],
  ],
  [
    ['s', true, false],
    ['id', true, true],
  ],
  [
    ['b', false, true],
    ['day', true, false],
    ['id', true, true],
  ],
  [
    ['day', false, false],
    ['n', true, true],
    ['id', true, true],
  ],
]

async function ours(orders: Key[]): Promise<OracleRow[]> {
  const df = oursSession()
    .createDataFrame(
      ROWS.map((j) => ({ j })),
      'j STRING',
    )
    .select(from_json(col('j'), DDL).alias('r'))
    .select('r.*')
    .orderBy(
      ...orders.map(([name, ascending, nullsFirst]) =>
        ascending
          ? nullsFirst
            ? col(name).asc_nulls_first()
            : col(name).asc_nulls_last()
          : nullsFirst
            ? col(name).desc_nulls_first()
            : col(name).desc_nulls_last(),
      ),
    )
  const { rows } = await df.collectRows()
  return rows.map((r) => r.map<OracleValue>(encodeValue))
}

describe('orderBy: the order Spark gives', () => {
  it('nulls first/last, asc/desc, NaN, ±Infinity, -0.0, strings by code point, booleans, dates', async () => {
    for (const orders of ORDERS) {
      const spark = await oracleCall<OracleRow[]>('sort_order', 'sorted_rows', {
        rows: ROWS,
        ddl: DDL,
        orders,
      })
      expect(spark).toHaveLength(ROWS.length)
      expect(await ours(orders), JSON.stringify(orders)).toEqual(spark)
    }
  })

  it('a projection sorted by columns it dropped (missing references resolved)', async () => {
    const spark = await oracleCall<{ columns: string[]; rows: OracleRow[] }>(
      'sort_order',
      'sorted_projection',
      {
        rows: ROWS,
        ddl: DDL,
        columns: ['id', 's'],
        orders: [
          ['d', false],
          ['id', true],
        ],
      },
    )
    const { schema, rows } = await oursSession()
      .createDataFrame(
        ROWS.map((j) => ({ j })),
        'j STRING',
      )
      .select(from_json(col('j'), DDL).alias('r'))
      .select('r.*')
      .select('id', 's')
      .orderBy(col('d').desc_nulls_last(), 'id')
      .collectRows()
    expect(schema.fields.map((f) => f.name)).toEqual(spark.columns)
    expect(rows.map((r) => r.map<OracleValue>(encodeValue))).toEqual(spark.rows)
  })
})

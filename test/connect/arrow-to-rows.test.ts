/**
 * Spark Connect results (Arrow IPC) keep longs and timestamps exact (docs/exact-values.md):
 * Int64 past 2^53 and Timestamp(MICROSECOND) at 0001-01-01 / 9999-12-31 23:59:59.999999, also
 * inside a struct (a window), as Spark sends them; Decimal128 as exact decimals.
 */
import * as arrow from 'apache-arrow'
import { expect, it } from 'vitest'
import { arrowBatchesToRows } from '../../src/connect/arrow-to-rows.js'
import { arrowTypeFor } from '../../src/delta/arrow-type.js'
import { encodeColumn } from '../../src/delta/column-encoder.js'
import { Decimal } from '../../src/types/decimal-value.js'
import { DataTypes } from '../../src/types/index.js'

const TS_MAX = 253402300799999999n
const TS_MIN = -62135596800000000n

function int64Data(type: arrow.DataType, values: (bigint | null)[]): arrow.Data {
  const data = new BigInt64Array(values.map((v) => v ?? 0n))
  const nullBitmap = new Uint8Array(1)
  values.forEach((v, i) => {
    if (v !== null) nullBitmap[0]! |= 1 << i
  })
  const nullCount = values.filter((v) => v === null).length
  return arrow.makeData({ type, length: values.length, nullCount, nullBitmap, data } as never)
}

it('reads Int64 and µs timestamps exactly, also inside a struct', () => {
  const ts = new arrow.TimestampMicrosecond('UTC')
  const window = new arrow.Struct([
    new arrow.Field('start', ts, true),
    new arrow.Field('end', ts, true),
  ])
  const windowData = arrow.makeData({
    type: window,
    length: 3,
    nullCount: 0,
    children: [int64Data(ts, [TS_MIN, 0n, TS_MAX - 1n]), int64Data(ts, [TS_MIN + 1n, 1n, TS_MAX])],
  })
  const batch = new arrow.RecordBatch(
    new arrow.Schema([
      new arrow.Field('id', new arrow.Int64(), true),
      new arrow.Field('ts', ts, true),
      new arrow.Field('window', window, true),
    ]),
    arrow.makeData({
      type: new arrow.Struct([
        new arrow.Field('id', new arrow.Int64(), true),
        new arrow.Field('ts', ts, true),
        new arrow.Field('window', window, true),
      ]),
      length: 3,
      nullCount: 0,
      children: [
        int64Data(new arrow.Int64(), [9223372036854775807n, 5n, null]),
        int64Data(ts, [TS_MAX, TS_MIN, null]),
        windowData,
      ],
    }),
  )
  const bytes = arrow.tableToIPC(new arrow.Table([batch]), 'stream')
  const { rows } = arrowBatchesToRows([bytes])
  expect(rows).toEqual([
    [9223372036854775807n, TS_MAX, [TS_MIN, TS_MIN + 1n]],
    [5, TS_MIN, [0, 1]],
    [null, null, [TS_MAX - 1n, TS_MAX]],
  ])
})

it('reads Decimal128 exactly (decimal(38,18) extremes), as Spark sends decimals', () => {
  const t = DataTypes.decimal(38, 18)
  const values = [
    Decimal.parse('99999999999999999999.999999999999999999')!,
    Decimal.parse('-99999999999999999999.999999999999999999')!,
    Decimal.parse('12345.678900000000794535')!,
    null,
  ]
  const field = new arrow.Field('d', arrowTypeFor(t), true)
  const batch = new arrow.RecordBatch(
    new arrow.Schema([field]),
    arrow.makeData({
      type: new arrow.Struct([field]),
      length: values.length,
      nullCount: 0,
      children: [encodeColumn(t, values, 'd', true).data],
    }),
  )
  const { rows } = arrowBatchesToRows([arrow.tableToIPC(new arrow.Table([batch]), 'stream')])
  expect(rows.map(([v]) => (v === null ? null : String(v)))).toEqual([
    '99999999999999999999.999999999999999999',
    '-99999999999999999999.999999999999999999',
    '12345.678900000000794535',
    null,
  ])
})

/**
 * Spark Connect results (Arrow IPC) keep longs and timestamps exact (docs/exact-values.md):
 * Int64 past 2^53 and Timestamp(MICROSECOND) at 0001-01-01 / 9999-12-31 23:59:59.999999, also
 * inside a struct (a window), as Spark sends them.
 */
import * as arrow from 'apache-arrow'
import { expect, it } from 'vitest'
import { arrowBatchesToRows } from '../../src/connect/arrow-to-rows.js'

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

/**
 * Exact DECIMAL reading and writing (#17): our writer stores decimal(9,2) as INT32, decimal(18,4)
 * as INT64 and decimal(38,18) as FIXED_LEN_BYTE_ARRAY (as Spark does), and the reader gives back
 * every digit, top level and nested.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { parquetMetadata } from 'hyparquet'
import { describe, expect, it } from 'vitest'
import { writeDataFile } from '../../src/delta/index.js'
import { planDecimalRead, rawUnscaled } from '../../src/delta/parquet-decimals.js'
import { readParquetRows } from '../../src/delta/parquet-row-reader.js'
import { Decimal } from '../../src/types/decimal-value.js'
import { parseDdlSchema, type Row } from '../../src/types/index.js'
import { tempTablePath } from './support/temp-table.js'

const SCHEMA = parseDdlSchema(
  'a DECIMAL(9,2), b DECIMAL(18,4), c DECIMAL(38,18), ' +
    'arr ARRAY<DECIMAL(38,18)>, s STRUCT<x: DECIMAL(20,3)>, m MAP<STRING, DECIMAL(10,1)>',
)
const d = (text: string): Decimal => Decimal.parse(text)!

const ROWS: Row[] = [
  [
    d('1234567.89'),
    d('99999999999999.9999'),
    d('12345.678900000000794535'),
    [d('99999999999999999999.999999999999999999'), null],
    [d('12345678901234567.891')],
    new Map([['k', d('-123456789.5')]]),
  ],
  [
    d('-9999999.99'),
    d('-99999999999999.9999'),
    d('-99999999999999999999.999999999999999999'),
    [],
    [null],
    new Map(),
  ],
  [d('0.00'), d('0.0000'), d('0.000000000000000000'), null, null, null],
]

describe('Parquet decimals', () => {
  it('writes INT32, INT64 and FIXED_LEN_BYTE_ARRAY by precision and reads every digit back', async () => {
    const table = await tempTablePath()
    const add = await writeDataFile(table, SCHEMA, ROWS)
    const bytes = await readFile(path.join(table, add.path))
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
    const metadata = parquetMetadata(buffer)
    const physical = Object.fromEntries(metadata.schema.map((e) => [e.name, e.type]))
    expect([physical['a'], physical['b'], physical['c']]).toEqual([
      'INT32',
      'INT64',
      'FIXED_LEN_BYTE_ARRAY',
    ])
    expect([...planDecimalRead(metadata).scales]).toEqual([
      ['a', 2],
      ['b', 4],
      ['c', 18],
      ['arr[]', 18],
      ['s.x', 3],
      ['m{v}', 1],
    ])
    const read = await readParquetRows(new Uint8Array(bytes), SCHEMA.fields)
    const text = (v: unknown): unknown =>
      v instanceof Decimal
        ? v.toString()
        : Array.isArray(v)
          ? (v as unknown[]).map(text)
          : v instanceof Map
            ? [...(v as Map<unknown, unknown>)].map(([k, x]) => [k, text(x)])
            : v
    expect(read.map(text)).toEqual(ROWS.map(text))
    // Statistics are JSON numbers with every digit, as Spark writes them.
    expect(add.stats).toContain('"c":-99999999999999999999.999999999999999999')
    expect(add.stats).toContain('"c":12345.678900000000794535')
  })

  it('decodes big-endian two’s-complement bytes', () => {
    expect(rawUnscaled(new Uint8Array([0xff]))).toBe(-1n)
    expect(rawUnscaled(new Uint8Array([0x80, 0x00]))).toBe(-32768n)
    expect(rawUnscaled(new Uint8Array([0x01, 0x00]))).toBe(256n)
    expect(rawUnscaled(new Uint8Array([]))).toBe(0n)
    expect(rawUnscaled(7)).toBe(7n)
    expect(rawUnscaled(-7n)).toBe(-7n)
  })
})

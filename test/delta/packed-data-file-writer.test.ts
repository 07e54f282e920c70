/**
 * A data file written from records packed by column (what the pass-through path hands the Delta
 * sink) is the file the row path writes for the same rows: same bytes, same statistics — for
 * every flat type, nulls, NaN, non-ASCII text, and the types that take the per-value path
 * (decimal, struct, array) — and reads back value for value through an independent reader.
 * Values that do not fit the schema get the row path's error, with the row of the whole file.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { parquetReadObjects } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { describe, expect, it } from 'vitest'
import { writeDataFile, writePackedDataFile } from '../../src/delta/index.js'
import { EngineError } from '../../src/errors/index.js'
import { parseDdlSchema, type Row } from '../../src/types/index.js'
import { Decimal } from '../../src/types/decimal-value.js'
import { packColumns } from '../../src/types/packed-columns.js'
import { tempTablePath } from './support/temp-table.js'

const SCHEMA = parseDdlSchema(
  'id STRING NOT NULL, ts TIMESTAMP, n INT, big BIGINT, d DOUBLE, f FLOAT, s SMALLINT, ' +
    'ok BOOLEAN, day DATE, amount DECIMAL(10,2), pos STRUCT<x: DOUBLE, y: STRING>, tags ARRAY<STRING>',
)
const T0 = Date.UTC(2026, 11, 3, 8, 0, 0) * 1000

function rows(count: number): Row[] {
  return Array.from({ length: count }, (_, i) => [
    i % 97 === 5 ? `ünï-${i}-😀` : `e-${String(i).padStart(6, '0')}`,
    i % 11 === 0 ? null : T0 + i * 1_000_003,
    i % 13 === 0 ? null : (i * 7919) % 10_000,
    i % 5 === 0 ? null : 2 ** 40 + i,
    i === 3 ? Number.NaN : i / 8,
    i % 7 === 0 ? null : i * 0.5,
    i % 3 === 0 ? null : (i % 200) - 100,
    i % 4 === 0 ? null : i % 2 === 0,
    i % 9 === 0 ? null : 20_000 + (i % 300),
    i % 6 === 0 ? null : Decimal.of(BigInt(i * 100 + 25), 2),
    i % 8 === 0 ? null : [i * 1.5, i % 2 ? `y${i}` : null],
    i % 10 === 0 ? null : [`t${i}`, null],
  ])
}

async function fileBytes(table: string, relative: string): Promise<Buffer> {
  return readFile(path.join(table, relative))
}

describe('writePackedDataFile', () => {
  it('writes the same file and statistics as the row path, from several packed parts', async () => {
    const all = rows(5000)
    const parts = [all.slice(0, 1234), all.slice(1234, 1234), all.slice(1234)].map((p) =>
      packColumns(p, SCHEMA.fields.length),
    )
    const table = await tempTablePath()
    const fromRows = await writeDataFile(table, SCHEMA, all)
    const fromPacked = await writePackedDataFile(table, SCHEMA, parts)
    expect(fromPacked.stats).toBe(fromRows.stats)
    expect(fromPacked.size).toBe(fromRows.size)
    expect(
      (await fileBytes(table, fromPacked.path)).equals(await fileBytes(table, fromRows.path)),
    ).toBe(true)

    const bytes = await fileBytes(table, fromPacked.path)
    const file = bytes.buffer.slice(
      bytes.byteOffset,
      bytes.byteOffset + bytes.byteLength,
    ) as ArrayBuffer
    const read = (await parquetReadObjects({ file, compressors })) as Record<string, unknown>[]
    expect(read).toHaveLength(5000)
    for (const i of [0, 3, 5, 1233, 1234, 4999]) {
      const row = all[i]!
      const got = read[i]!
      expect(got['id']).toBe(row[0])
      expect(got['ts'] === null ? null : (got['ts'] as Date).getTime()).toBe(
        row[1] === null ? null : Math.floor((row[1] as number) / 1000),
      )
      expect(got['n']).toBe(row[2])
      expect(got['big'] === null ? null : Number(got['big'])).toBe(row[3])
      expect(Number.isNaN(row[4]) ? Number.isNaN(got['d']) : got['d'] === row[4]).toBe(true)
      expect(got['ok']).toBe(row[7])
    }
    const stats = JSON.parse(fromPacked.stats!) as {
      numRecords: number
      minValues: Record<string, unknown>
      maxValues: Record<string, unknown>
      nullCount: Record<string, unknown>
    }
    expect(stats.numRecords).toBe(5000)
    expect(stats.minValues['id']).toBe('e-000000')
    const ids = all.map((r) => r[0] as string)
    expect(stats.maxValues['id']).toBe(ids.reduce((a, b) => (b > a ? b : a)))
    expect(stats.maxValues['id']).toMatch(/^ünï-/)
    expect(stats.minValues['d']).toBeUndefined() // NaN in the column: no bounds
    expect(stats.nullCount['n']).toBe(all.filter((r) => r[2] === null).length)
  })

  it('refuses a null in a NOT NULL column and a value of the wrong type, naming the row', async () => {
    const table = await tempTablePath()
    const good = rows(10)
    const bad = rows(10)
    bad[4]![0] = null
    const err = await writePackedDataFile(table, SCHEMA, [
      packColumns(good, SCHEMA.fields.length),
      packColumns(bad, SCHEMA.fields.length),
    ]).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(EngineError)
    expect((err as EngineError).code).toBe('SL_DELTA_ROW_MISMATCH')
    expect((err as EngineError).message).toMatch(/row 14\b|14/)
    expect((err as EngineError).message).toMatch(/NOT NULL/)

    const wrong = rows(3)
    wrong[1]![2] = 'seven'
    const err2 = await writePackedDataFile(table, SCHEMA, [
      packColumns(wrong, SCHEMA.fields.length),
    ]).catch((e: unknown) => e)
    expect((err2 as EngineError).code).toBe('SL_DELTA_ROW_MISMATCH')
    expect((err2 as EngineError).message).toMatch(/column n expects a number/)
  })
})

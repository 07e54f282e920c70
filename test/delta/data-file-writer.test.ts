/**
 * A large data file (200k rows, the size of a busy micro-batch) round-trips exactly through an
 * independent Parquet reader (hyparquet), and its stats describe it. Speed is the bench's job
 * (`npm run bench`), not this test's.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { parquetReadObjects } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { expect, test } from 'vitest'
import { writeDataFile } from '../../src/delta/index.js'
import { BASE_MICROS, EVENT_SCHEMA, eventRows } from './support/sample-table.js'
import { tempTablePath } from './support/temp-table.js'

type Json = Record<string, unknown>

test('a 200k-row data file with a window struct reads back row for row with matching stats', async () => {
  const table = await tempTablePath()
  const rows = eventRows(0, 200_000)
  const add = await writeDataFile(table, EVENT_SCHEMA, rows)
  const stats = JSON.parse(add.stats!) as {
    numRecords: number
    minValues: Json
    maxValues: Json
  }
  expect(stats.numRecords).toBe(200_000)
  expect(stats.minValues['seq']).toBe(0)
  expect(stats.maxValues['seq']).toBe(199_999)

  const bytes = await readFile(path.join(table, add.path))
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
  const read = (await parquetReadObjects({ file, compressors })) as Json[]
  expect(read).toHaveLength(200_000)
  for (const i of [0, 1, 99_999, 199_999]) {
    const expected = rows[i]!
    const got = read[i]!
    expect(got['event_id']).toBe(expected[0])
    expect(got['user_id']).toBe(expected[1])
    expect(got['amount']).toBe(expected[2])
    expect(Number(got['seq'])).toBe(expected[3])
    // hyparquet decodes TIMESTAMP(MICROS) to a Date (ms precision)
    expect((got['event_time'] as Date).getTime()).toBe(Math.floor((expected[4] as number) / 1000))
    const window = got['window'] as { start: Date; end: Date }
    const [start, end] = expected[5] as [number, number]
    expect(window.start.getTime()).toBe(start / 1000)
    expect(window.end.getTime()).toBe(end / 1000)
  }
  expect((read[0]!['event_time'] as Date).getTime()).toBe(BASE_MICROS / 1000)
})

/**
 * Spark's `show()` table: values cast to string as CAST(x AS STRING) renders them
 * (internal/cast-to-string.ts), NULL for nulls, right-aligned, cut to 20 characters by default.
 */
import { expect, it } from 'vitest'
import { formatTable } from '../../src/internal/format-table.js'
import { parseDdlSchema } from '../../src/types/index.js'

it('renders cells as Spark casts them to string, right-aligned, truncated at 20', () => {
  const schema = parseDdlSchema(
    'id INT, score DOUBLE, at TIMESTAMP, day DATE, ok BOOLEAN, w STRUCT<start: TIMESTAMP, n: DOUBLE>, note STRING',
  )
  const t = Date.UTC(2026, 0, 1, 10, 30) * 1000
  const rows = [
    [1, 2, t, 20_454, true, [t, 1.5e10], 'a note longer than twenty characters'],
    [null, Number.NaN, null, null, false, null, ''],
  ]
  expect(formatTable(schema, rows, 'America/Los_Angeles')).toBe(
    [
      '+----+-----+-------------------+----------+-----+--------------------+--------------------+',
      '|  id|score|                 at|       day|   ok|                   w|                note|',
      '+----+-----+-------------------+----------+-----+--------------------+--------------------+',
      '|   1|  2.0|2026-01-01 02:30:00|2026-01-01| true|{2026-01-01 02:30...|a note longer tha...|',
      '|NULL|  NaN|               NULL|      NULL|false|                NULL|                    |',
      '+----+-----+-------------------+----------+-----+--------------------+--------------------+',
    ].join('\n') + '\n',
  )
  expect(formatTable(schema, rows.slice(0, 1), 'UTC', false)).toContain(
    '|{2026-01-01 10:30:00, 1.5E10}|a note longer than twenty characters|',
  )
})

it('prints binary values as Spark show() does: upper-case hex bytes in brackets', () => {
  const schema = parseDdlSchema('key BINARY, value BINARY')
  const out = formatTable(schema, [[new Uint8Array([0x6b, 0x31]), new Uint8Array([])]], 'UTC')
  expect(out.split('\n')[3]).toBe('|[6B 31]|   []|')
})

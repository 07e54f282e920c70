/**
 * Plain records (an array of objects, e.g. `await df.collect()` or rows read from a Delta log)
 * as a table: columns are the union of the keys in first-seen order, nested values as JSON.
 */
import { escapeHtml } from './html-escape.js'
import type { MimeBundle } from './jupyter-display.js'

export function isRecordList(value: unknown): value is readonly Record<string, unknown>[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v))
  )
}

export function recordsBundle(records: readonly Record<string, unknown>[]): MimeBundle {
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))]
  const cells = records.map((r) => columns.map((c) => cellText(r[c])))
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)))
  const line = (row: readonly string[]): string =>
    row
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()
  const text = [line(columns), ...cells.map(line)].join('\n')
  const head = columns.map((c) => `<th style="text-align:left">${escapeHtml(c)}</th>`).join('')
  const body = cells
    .map(
      (row) =>
        `<tr>${row.map((c) => `<td style="text-align:left">${escapeHtml(c)}</td>`).join('')}</tr>`,
    )
    .join('\n')
  return {
    'text/plain': text,
    'text/html': `<table class="streamlake-table">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`,
  }
}

function cellText(value: unknown): string {
  if (value === undefined) return ''
  if (value === null) return 'NULL'
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object')
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))
  return String(value)
}

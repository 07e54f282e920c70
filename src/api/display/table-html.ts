/**
 * A batch result as an HTML table for notebooks: the same cell text as `show()` (Spark's
 * string casts, timestamps in the session time zone, NULL), typed column headers, numbers
 * right-aligned, and a footer saying how many rows were left out.
 */
import { castToString } from '../../internal/cast-to-string.js'
import { simpleString, type Row, type StructType } from '../../types/index.js'
import { escapeHtml } from './html-escape.js'

const NUMERIC = new Set(['byte', 'short', 'integer', 'long', 'float', 'double', 'decimal'])

/** Cells longer than this are cut (the full text stays in the cell's title). */
const MAX_CELL = 80

export function tableHtml(
  schema: StructType,
  rows: readonly Row[],
  timeZone: string,
  totalRows: number = rows.length,
): string {
  const head = schema.fields
    .map(
      (f) =>
        `<th style="text-align:left" title="${escapeHtml(simpleString(f.dataType))}">${escapeHtml(f.name)}<br><span style="font-weight:normal;opacity:.6">${escapeHtml(simpleString(f.dataType))}</span></th>`,
    )
    .join('')
  const body = rows
    .map((row) => {
      const cells = schema.fields.map((f, i) => {
        const text = cellText(row[i], f.dataType, timeZone)
        const align = NUMERIC.has(f.dataType.type) ? 'right' : 'left'
        const shown = text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text
        const title = shown === text ? '' : ` title="${escapeHtml(text)}"`
        const style = row[i] === null || row[i] === undefined ? ';opacity:.5' : ''
        return `<td style="text-align:${align}${style}"${title}>${escapeHtml(shown)}</td>`
      })
      return `<tr>${cells.join('')}</tr>`
    })
    .join('\n')
  const left = totalRows - rows.length
  const footer =
    left > 0
      ? `<p style="opacity:.7">showing ${rows.length} of ${totalRows} rows</p>`
      : `<p style="opacity:.7">${totalRows} row${totalRows === 1 ? '' : 's'}</p>`
  return `<table class="streamlake-table">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>\n${footer}`
}

function cellText(value: unknown, dataType: StructType['fields'][number]['dataType'], tz: string) {
  if (value === null || value === undefined) return 'NULL'
  if (dataType.type === 'binary') {
    const hex = [...(value as Uint8Array)].map((b) => b.toString(16).toUpperCase().padStart(2, '0'))
    return `[${hex.join(' ')}]`
  }
  return castToString(value, dataType, tz) ?? 'NULL'
}

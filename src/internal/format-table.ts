/**
 * Renders rows as Spark's `show()` ASCII table: header, `+---+` borders, values cast to string
 * as Spark does (timestamps in the session zone), cells truncated to 20 characters by default
 * (17 + "..."), right-aligned.
 */
import { castToString } from './cast-to-string.js'
import type { Row, StructType } from '../types/index.js'

export function formatTable(
  schema: StructType,
  rows: readonly Row[],
  timeZone: string,
  truncate: number | false = 20,
): string {
  const header = schema.fields.map((f) => f.name)
  const cells = rows.map((row) =>
    schema.fields.map((f, i) => {
      const v = row[i]
      const s =
        v === null || v === undefined
          ? 'NULL'
          : f.dataType.type === 'binary'
            ? binaryCell(v as Uint8Array)
            : (castToString(v, f.dataType, timeZone) ?? 'NULL')
      return truncate !== false && s.length > truncate ? `${s.slice(0, truncate - 3)}...` : s
    }),
  )
  const widths = header.map((h, i) => Math.max(3, h.length, ...cells.map((c) => c[i]!.length)))
  const line = `+${widths.map((w) => '-'.repeat(w)).join('+')}+`
  const fmt = (c: readonly string[]): string =>
    `|${c.map((s, i) => s.padStart(widths[i]!)).join('|')}|`
  return [line, fmt(header), line, ...cells.map(fmt), line].join('\n') + '\n'
}

/** show() prints binary values as Spark does: upper-case hex bytes in brackets, `[6B 31]`. */
function binaryCell(bytes: Uint8Array): string {
  return `[${Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ')}]`
}

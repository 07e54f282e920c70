/**
 * Small formatters shared by the inspecting commands (status, checkpoint inspect, table
 * describe), so that every one prints times, sizes and aligned columns the same way and stays
 * readable in an 80-column terminal: labels on the left, values wrapped rather than cut.
 */

/** The width the text output is laid out for (a narrow terminal). */
export const TEXT_WIDTH = 80

/**
 * An event-time or processing-time instant as ISO-8601 UTC; `0` (Spark's "no watermark yet")
 * reads as `none`.
 *
 * @example
 * ```ts
 * formatInstant(0) // 'none'
 * formatInstant(1764000000000) // '2025-11-24T16:00:00.000Z'
 * ```
 */
export function formatInstant(ms: number | undefined): string {
  if (ms === undefined || ms === 0 || !Number.isFinite(ms)) return 'none'
  return new Date(ms).toISOString()
}

/**
 * Bytes with a binary unit.
 *
 * @example
 * ```ts
 * formatBytes(1536) // '1.5 KiB'
 * ```
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}

/** A compact one-line rendering of a source offset (`{"logOffset":3}` → `logOffset=3`). */
export function formatOffset(offset: unknown): string {
  if (offset === null || offset === undefined) return '-'
  if (typeof offset === 'object' && !Array.isArray(offset)) {
    const entries = Object.entries(offset as Record<string, unknown>)
    if (entries.every(([, v]) => typeof v !== 'object' || v === null))
      return entries.map(([k, v]) => `${k}=${String(v)}`).join(' ')
  }
  return JSON.stringify(offset)
}

/**
 * `label  value` lines with the labels padded to one width; long values wrap onto indented
 * continuation lines at spaces (or are broken when a single word is too long, like a path).
 */
export function labelled(
  rows: readonly (readonly [string, string])[],
  indent = 2,
  width = TEXT_WIDTH,
): string {
  const labelWidth = Math.max(0, ...rows.map(([l]) => l.length))
  let out = ''
  for (const [label, value] of rows) {
    const head = `${' '.repeat(indent)}${label.padEnd(labelWidth)}  `
    out += wrap(value, head, ' '.repeat(head.length), width)
  }
  return out
}

/** Wraps `text` to `width` columns: first line after `first`, the others after `rest`. */
export function wrap(text: string, first: string, rest: string, width = TEXT_WIDTH): string {
  const lines: string[] = []
  let prefix = first
  let line = ''
  const room = (): number => Math.max(10, width - prefix.length)
  const push = (): void => {
    lines.push(prefix + line)
    prefix = rest
    line = ''
  }
  for (const word of text.split(' ')) {
    let w = word
    if (line.length > 0 && line.length + 1 + w.length > room()) push()
    while (w.length > room()) {
      if (line.length > 0) push()
      line = w.slice(0, room())
      w = w.slice(room())
      push()
    }
    line = line.length > 0 ? `${line} ${w}` : w
  }
  if (line.length > 0 || lines.length === 0) push()
  return lines.map((l) => `${l.trimEnd()}\n`).join('')
}

/**
 * A plain text table: a header row and aligned columns; `right` lists the columns aligned right
 * (numbers). The caller keeps the columns few and short enough for {@link TEXT_WIDTH}.
 */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right: ReadonlySet<number> = new Set(),
  indent = 2,
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]): string =>
    `${' '.repeat(indent)}${cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()}\n`
  return line(header) + rows.map(line).join('')
}

/** Writes JSON for scripts: two-space indented, one trailing newline. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

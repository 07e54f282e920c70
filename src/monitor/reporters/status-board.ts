/**
 * The terminal reporter of `streamlake demo`: one compact line per query —
 * `● name  b42  120 rows/s  35ms  wm 10:00:05  state 1.2k` — redrawn in place when the output is
 * a TTY (at most every `redrawMs`), one plain line per batch otherwise (logs, CI, pipes).
 *
 * `rows/s` is the rows that arrived over the last 10 s of batches, not Spark's
 * `inputRowsPerSecond`: with the default trigger the latter divides by the ~10 ms since the last
 * idle poll, which is right for Spark's definition but unreadable as a live figure.
 */
import type {
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
  QueryIdleEvent,
  StreamingQueryListener,
} from '../events.js'
import type { StreamingQueryProgress } from '../progress.js'

/** Where the board writes: `process.stdout` or a test double. */
export interface BoardOutput {
  write(text: string): unknown
  readonly isTTY?: boolean
  readonly columns?: number
}

interface Row {
  name: string
  state: 'active' | 'idle' | 'stopped' | 'failed'
  last: StreamingQueryProgress | undefined
  recent: { atMs: number; rows: number }[]
}

const WINDOW_MS = 10_000

export class StatusBoard implements StreamingQueryListener {
  private readonly rows = new Map<string, Row>()
  private drawnLines = 0
  private timer: NodeJS.Timeout | undefined
  private readonly ticker: NodeJS.Timeout | undefined
  private readonly tty: boolean

  constructor(
    private readonly out: BoardOutput,
    private readonly redrawMs = 250,
    /** @internal The clock of the rate window (tests). */
    private readonly now?: () => number,
  ) {
    this.tty = out.isTTY === true
    // Rates decay while a query waits for data: redraw now and then even without events.
    if (this.tty) this.ticker = setInterval(() => this.changed(), 1000).unref()
  }

  onQueryStarted(e: QueryStartedEvent): void {
    const row = this.rows.get(e.id)
    this.rows.set(e.id, {
      name: e.name ?? e.id.slice(0, 8),
      state: 'active',
      last: row?.last,
      recent: [],
    })
    this.changed()
  }

  onQueryProgress({ progress: p }: QueryProgressEvent): void {
    const row = this.rows.get(p.id)
    if (!row) return
    const atMs = Date.parse(p.timestamp)
    row.recent.push({ atMs, rows: p.numInputRows })
    while (row.recent.length > 0 && row.recent[0]!.atMs < atMs - WINDOW_MS) row.recent.shift()
    row.last = p
    row.state = 'active'
    if (this.tty) this.changed()
    else this.out.write(`${this.line(row, Infinity, false)}\n`)
  }

  onQueryIdle(e: QueryIdleEvent): void {
    const row = this.rows.get(e.id)
    if (row && row.state === 'active') {
      row.state = 'idle'
      this.changed()
    }
  }

  onQueryTerminated(e: QueryTerminatedEvent): void {
    const row = this.rows.get(e.id)
    if (!row) return
    row.state = e.exception === null ? 'stopped' : 'failed'
    if (!this.tty && e.exception !== null)
      this.out.write(`${row.name} failed: [${e.errorClassOnException}] ${e.exception}\n`)
    this.changed()
  }

  /** Draws the final state and stops redrawing. */
  close(): void {
    clearTimeout(this.timer)
    clearInterval(this.ticker)
    this.timer = undefined
    if (this.tty) this.draw()
  }

  /** The lines as they would be drawn (tests, and the non-TTY end summary). */
  lines(width = Infinity, color = false): string[] {
    return [...this.rows.values()].map((r) => this.line(r, width, color))
  }

  private changed(): void {
    if (!this.tty || this.timer) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.draw()
    }, this.redrawMs)
    this.timer.unref()
  }

  private draw(): void {
    const width = Math.max(20, (this.out.columns ?? 80) - 1)
    const lines = this.lines(width, true)
    // Move to the top of the previous block, then rewrite every line (clearing leftovers).
    let text = this.drawnLines > 0 ? `\x1b[${this.drawnLines}F` : ''
    for (const l of lines) text += `\x1b[2K${l}\n`
    this.out.write(text)
    this.drawnLines = lines.length
  }

  private line(row: Row, width: number, color: boolean): string {
    const c = (code: string, s: string): string => (color ? `\x1b[${code}m${s}\x1b[0m` : s)
    const mark = {
      active: c('32', '●'),
      idle: c('2', '○'),
      stopped: c('2', '■'),
      failed: c('31', '✗'),
    }[row.state]
    const p = row.last
    // Narrow terminals get single spaces and short units so the state column still fits.
    const narrow = width < 72
    const pad = (t: string, n: number, left = false): string =>
      narrow ? t : left ? t.padStart(n) : t.padEnd(n)
    const longest = Math.max(...[...this.rows.values()].map((r) => r.name.length))
    const nameWidth = Math.min(narrow ? 10 : 16, longest)
    const parts: string[] = [`${mark} ${fit(row.name, nameWidth)}`]
    if (!p) parts.push(c('2', row.state === 'failed' ? 'failed' : 'starting…'))
    else {
      const since = (this.now ?? Date.now)() - WINDOW_MS
      const rows = row.recent.filter((x) => x.atMs >= since).reduce((a, x) => a + x.rows, 0)
      parts.push(`b${pad(String(p.batchId), 4)}`)
      parts.push(`${pad(compact(rows / (WINDOW_MS / 1000)), 5, true)} ${narrow ? 'r/s' : 'rows/s'}`)
      parts.push(`${pad(String(p.batchDuration), 4, true)}ms`)
      const wm = p.eventTime?.['watermark']
      if (wm !== undefined) parts.push(`wm ${wm.slice(11, 19)}`)
      const state = p.stateOperators.reduce((a, op) => a + op.numRowsTotal, 0)
      if (p.stateOperators.length > 0) parts.push(`${narrow ? 'st' : 'state'} ${compact(state)}`)
      const late = p.stateOperators.reduce((a, op) => a + op.numRowsDroppedByWatermark, 0)
      if (late > 0) parts.push(c('33', `late ${compact(late)}`))
    }
    return truncate(parts.join(narrow ? ' ' : '  '), width)
  }
}

function fit(s: string, width: number): string {
  return s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width)
}

function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`
  return n >= 100 || Number.isInteger(n) ? String(Math.round(n)) : n.toFixed(1)
}

/** Cuts to `width` visible characters, ignoring ANSI colour codes. */
function truncate(s: string, width: number): string {
  if (!Number.isFinite(width)) return s
  let visible = 0
  let out = ''
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\x1b') {
      const end = s.indexOf('m', i)
      out += s.slice(i, end + 1)
      i = end
      continue
    }
    if (visible >= width) break
    out += s[i]
    visible++
  }
  return out.includes('\x1b') && !out.endsWith('\x1b[0m') ? `${out}\x1b[0m` : out
}

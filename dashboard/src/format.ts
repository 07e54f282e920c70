/** Number, byte, duration and time formatting for the page (locale-independent, compact). */

export function fmtNumber(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–'
  const a = Math.abs(v)
  if (a >= 1e9) return `${(v / 1e9).toFixed(digits)}G`
  if (a >= 1e6) return `${(v / 1e6).toFixed(digits)}M`
  if (a >= 1e4) return `${(v / 1e3).toFixed(digits)}k`
  if (Number.isInteger(v)) return String(v)
  return a >= 100 ? v.toFixed(0) : v.toFixed(digits)
}

export function fmtBytes(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–'
  const units = ['B', 'KiB', 'MiB', 'GiB']
  let x = v
  let i = 0
  while (Math.abs(x) >= 1024 && i < units.length - 1) {
    x /= 1024
    i++
  }
  return `${i === 0 ? x.toFixed(0) : x.toFixed(1)} ${units[i]}`
}

export function fmtMs(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–'
  return v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`
}

/** A lag or age in seconds: `850 ms`, `12.3 s`, `4m 05s`, `2h 10m`. */
export function fmtSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '–'
  if (s < 1) return `${Math.round(s * 1000)} ms`
  if (s < 60) return `${s.toFixed(1)} s`
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(Math.floor(s % 60)).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
}

/** A lag to the second: `45 s`, `4m 05s`, `1h 00m 10s` (tick labels finer than fmtSeconds). */
export function fmtSecondsExact(s: number): string {
  if (!Number.isFinite(s)) return '–'
  if (Math.abs(s) < 60) return fmtSeconds(s)
  const whole = Math.round(s)
  const h = Math.floor(whole / 3600)
  const m = Math.floor((whole % 3600) / 60)
  const sec = whole % 60
  return h === 0
    ? `${m}m ${String(sec).padStart(2, '0')}s`
    : `${h}h ${String(m).padStart(2, '0')}m ${String(sec).padStart(2, '0')}s`
}

/**
 * Axis labels for lags: fmtSeconds while that tells the ticks apart, else to the second (a lag
 * axis spanning 1h 00m 00s – 1h 00m 40s would otherwise read "1h 00m" five times).
 */
export function fmtSecondsTicks(ticks: readonly number[]): string[] {
  const short = ticks.map((t) => fmtSeconds(t))
  if (new Set(short).size === short.length) return short
  return ticks.map((t) => fmtSecondsExact(t))
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** `HH:MM:SS` in UTC (event times are UTC in the progress JSON). */
export function fmtClock(epochSeconds: number | null | undefined): string {
  if (epochSeconds === null || epochSeconds === undefined || !Number.isFinite(epochSeconds))
    return '–'
  const d = new Date(epochSeconds * 1000)
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

/** `YYYY-MM-DD HH:MM:SS` UTC. */
export function fmtDateTime(epochMs: number): string {
  const d = new Date(epochMs)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

/** How long ago, for "started 5m ago". */
export function fmtAgo(epochMs: number, now = Date.now()): string {
  const s = Math.max(0, (now - epochMs) / 1000)
  return s < 5 ? 'just now' : `${fmtSeconds(Math.floor(s))} ago`
}

export function isoSeconds(iso: string | undefined): number | null {
  if (iso === undefined) return null
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? null : ms / 1000
}

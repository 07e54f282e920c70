/**
 * Strict ISO-8601 date-time parsing for `--start-time`. `Date.parse` alone is too lenient (it
 * rolls 2026-02-30 over to March) and reads zone-less date-times as local time, whereas the
 * generator's timestamps are UTC wall-clock text, so a zone-less input is read as UTC here.
 */

const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * Epoch milliseconds of `YYYY-MM-DD[THH:MM[:SS[.fraction]]][Z|±HH:MM]` (UTC without a zone;
 * digits past milliseconds are truncated), or NaN when the text is not such a date-time.
 *
 * @example
 * ```ts
 * import { parseIsoDateTime } from 'streamlake'
 * parseIsoDateTime('2026-11-24T10:00:00') === Date.UTC(2026, 10, 24, 10) // true
 * ```
 */
export function parseIsoDateTime(text: string): number {
  const m = typeof text === 'string' ? ISO_PATTERN.exec(text.trim()) : null
  if (m === null) return Number.NaN
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m
  const ymd = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)))
  const valid =
    ymd.getUTCFullYear() === Number(y) &&
    ymd.getUTCMonth() === Number(mo) - 1 &&
    ymd.getUTCDate() === Number(d) &&
    Number(h) <= 23 &&
    Number(mi) <= 59 &&
    Number(s) <= 59
  if (!valid) return Number.NaN
  const millis = (frac + '000').slice(0, 3)
  return Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${millis}${zone.toUpperCase()}`)
}

/**
 * The seed's event-time text: an ISO-8601 local date-time with exactly six fractional digits and
 * no zone suffix, holding the UTC wall clock (`2026-11-24T10:15:30.123456`), which is what Python's
 * `datetime.utcnow().isoformat()` prints and what Spark's JSON reader parses as a timestamp.
 * Formatting is hand-rolled because it runs once per event on the generator's hot path.
 */

const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'))
const MICROS_PER_DAY = 86_400_000_000

// One-entry cache: consecutive events almost always share the calendar day.
let cachedDay = Number.NaN
let cachedDate = ''

/**
 * Formats epoch microseconds (an integer, years 1970..9999) as the seed's timestamp text.
 *
 * @example
 * ```ts
 * import { formatEventTimestamp } from 'streamlake'
 * formatEventTimestamp(Date.UTC(2026, 10, 24, 10, 15, 30) * 1000 + 123_456)
 * // '2026-11-24T10:15:30.123456'
 * ```
 */
export function formatEventTimestamp(epochMicros: number): string {
  const day = Math.floor(epochMicros / MICROS_PER_DAY)
  if (day !== cachedDay) {
    cachedDate = new Date(day * 86_400_000).toISOString().slice(0, 10)
    cachedDay = day
  }
  const ofDay = epochMicros - day * MICROS_PER_DAY
  const seconds = Math.floor(ofDay / 1_000_000)
  const micros = ofDay - seconds * 1_000_000
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds - h * 3600) / 60)
  const s = seconds - h * 3600 - m * 60
  return `${cachedDate}T${PAD2[h]}:${PAD2[m]}:${PAD2[s]}.${String(micros + 1_000_000).slice(1)}`
}

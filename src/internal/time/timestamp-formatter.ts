/**
 * TIMESTAMP / DATE → string as Spark renders them in `show()` and `CAST(… AS STRING)`:
 * `yyyy-MM-dd HH:mm:ss[.ffffff]` in the session time zone, the fraction with trailing zeros
 * removed and omitted when zero; dates as `yyyy-MM-dd`. Years above 9999 get a `+` sign as
 * java.time prints them. Also the UTC millisecond ISO form used in progress JSON.
 */
import { splitMicros, type LongValue } from '../../types/long-value.js'
import { civilFromDays } from './civil-date.js'
import { requireZone } from './resolve-zone.js'
import type { ZoneRules } from './zone-rules.js'

/**
 * Spark's string rendering of a timestamp in `timeZone`.
 *
 * @example
 * ```ts
 * formatTimestamp(1_795_515_330_123_456, 'UTC') // '2026-11-24 10:15:30.123456'
 * ```
 */
export function formatTimestamp(micros: LongValue, timeZone: string | ZoneRules): string {
  const zone = typeof timeZone === 'string' ? requireZone(timeZone) : timeZone
  // Whole seconds and the fraction apart: micros near year 9999 are past 2^53 (a bigint), while
  // their seconds are exact doubles. Zone offsets are whole seconds.
  const { seconds: utcSeconds, micros: fraction } = splitMicros(micros)
  const local = utcSeconds + Math.round(zone.offsetAt(Number(micros)) / 1_000_000)
  const days = Math.floor(local / 86_400)
  const seconds = local - days * 86_400
  const time = `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`
  const base = `${formatDate(days)} ${time}`
  if (fraction === 0) return base
  return `${base}.${String(fraction).padStart(6, '0').replace(/0+$/, '')}`
}

/**
 * A date (days since the epoch) as `yyyy-MM-dd`.
 *
 * @example
 * ```ts
 * formatDate(20781) // '2026-11-24'
 * ```
 */
export function formatDate(days: number): string {
  const { year, month, day } = civilFromDays(days)
  return `${formatYear(year)}-${pad2(month)}-${pad2(day)}`
}

/**
 * UTC ISO-8601 with milliseconds (`2026-11-24T10:15:30.123Z`), as in streaming progress JSON.
 *
 * @example
 * ```ts
 * formatTimestampIso(1_795_515_330_123_456) // '2026-11-24T10:15:30.123Z'
 * ```
 */
export function formatTimestampIso(micros: number): string {
  const ms = Math.floor(micros / 1000)
  const days = Math.floor(ms / 86_400_000)
  const ofDay = ms - days * 86_400_000
  const seconds = Math.floor(ofDay / 1000)
  const millis = String(ofDay % 1000).padStart(3, '0')
  const time = `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`
  return `${formatDate(days)}T${time}.${millis}Z`
}

function formatYear(year: number): string {
  if (year > 9999) return `+${year}`
  if (year < 0) return `-${String(-year).padStart(4, '0')}`
  return String(year).padStart(4, '0')
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

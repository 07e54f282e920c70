/**
 * String → TIMESTAMP with Spark's CAST semantics (`DateTimeUtils.stringToTimestamp`, the parser
 * behind `stringToTimestampAnsi` and the JSON reader's default timestamp handling). Accepted,
 * after trimming whitespace and ISO control characters at both ends:
 *
 *   [+-]yyyy[y[y]]            [+-]yyyy-[m]m             [+-]yyyy-[m]m-[d]d
 *   [+-]yyyy-[m]m-[d]d[T| ][h]h[:[m]m[:[s]s[.fraction]]][zone]
 *   [h]h:[m]m[:[s]s[.fraction]][zone]   T[h]h:[m]m[:[s]s[.fraction]][zone]   (today's date)
 *
 * A zone may follow the seconds (or the fraction) and is resolved like Spark's `getZoneId`:
 * `Z`, `+hh:mm`, `UTC`, `UTC+1`, `America/Los_Angeles`, `PST` … Fraction digits beyond the sixth
 * are truncated. Without a zone the wall-clock time is read in the given time zone (DST gap:
 * shifted forward; overlap: earlier offset). Results are microseconds since the epoch.
 */
import { signAt, trimmedEnd, trimmedStart } from './cast-text-scan.js'
import {
  daysFromCivil,
  isValidCivil,
  MICROS_PER_DAY,
  MICROS_PER_HOUR,
  MICROS_PER_MINUTE,
} from './civil-date.js'
import { requireZone, resolveZone } from './resolve-zone.js'
import type { ZoneRules } from './zone-rules.js'
import { fitsLong, joinMicros, type LongValue } from '../../types/long-value.js'

export { parseDate, parseDateRange } from './date-parser.js'
export { formatDate, formatTimestamp, formatTimestampIso } from './timestamp-formatter.js'
export { zoneOffsetMicros } from './resolve-zone.js'

// Scratch state of the last scan; parsing is synchronous so one module-level buffer suffices.
const seg = new Int32Array(10)
let scannedZone: string | null = null
let scannedJustTime = false

/**
 * Parses `text` as Spark's `CAST(text AS TIMESTAMP)` does; null when Spark yields null.
 *
 * @param timeZone session time zone for zone-less values (`spark.sql.session.timeZone`)
 * @example
 * ```ts
 * parseTimestamp('2026-11-24T10:15:30.123456', 'UTC') // 1_795_515_330_123_456
 * parseTimestamp('2026-11-24 10:15:30', 'America/Los_Angeles') // 1_795_544_130_000_000
 * ```
 */
export function parseTimestamp(text: string, timeZone: string | ZoneRules): LongValue | null {
  const zone = typeof timeZone === 'string' ? requireZone(timeZone) : timeZone
  return parseTimestampRange(text, 0, text.length, zone)
}

/** {@link parseTimestamp} over `text[start, end)`, without slicing (the JSON reader's hot path). */
export function parseTimestampRange(
  text: string,
  start: number,
  end: number,
  zone: ZoneRules,
): LongValue | null {
  const local = fastLocal(text, start, end)
  if (local === local) {
    const utc = text.charCodeAt(end - 1) === 90 ? local : zone.toUtc(local)
    // Past 2^53 µs (years after ~2255 or before ~1685) the double is not exact: the general
    // path below computes those exactly.
    if (Number.isSafeInteger(utc)) return utc
  }
  if (!scan(text, start, end)) return null
  let effective = zone
  if (scannedZone !== null) {
    const parsed = resolveZone(trimJava(scannedZone))
    if (parsed === null) return null
    effective = parsed
  }
  const timeOfDay = timeOfDayMicros()
  if (timeOfDay < 0) return null
  let days: number
  if (scannedJustTime) {
    const now = Date.now() * 1000
    days = Math.floor((now + effective.offsetAt(now)) / MICROS_PER_DAY)
  } else {
    if (!isValidCivil(seg[0]!, seg[1]!, seg[2]!)) return null
    days = daysFromCivil(seg[0]!, seg[1]!, seg[2]!)
  }
  const localMicros = days * MICROS_PER_DAY + timeOfDay
  const utc = effective.toUtc(localMicros)
  if (Number.isSafeInteger(utc)) return utc
  // Exact: whole seconds (exact doubles) and the fraction apart; zone offsets are whole seconds.
  const offsetSeconds = Math.round((localMicros - utc) / 1_000_000)
  return exactMicros(days, timeOfDay, offsetSeconds)
}

/**
 * `days` + `timeOfDay` µs - `offsetSeconds`, exact (a bigint past 2^53); null beyond Long.MaxValue
 * µs, where java's instantToMicros overflows (and the cast yields null).
 */
function exactMicros(days: number, timeOfDay: number, offsetSeconds: number): LongValue | null {
  const seconds = days * 86_400 + Math.floor(timeOfDay / 1_000_000) - offsetSeconds
  const v = joinMicros(seconds, timeOfDay % 1_000_000)
  return typeof v === 'bigint' && !fitsLong(v) ? null : v
}

/**
 * Spark's `stringToTimestampWithoutTimeZone(s, allowTimeZone = false)` (TIMESTAMP_NTZ): the
 * wall-clock value as microseconds; null for a value with a zone or with only a time.
 */
export function parseTimestampNtzRange(text: string, start: number, end: number): LongValue | null {
  const local = fastLocal(text, start, end)
  if (local === local && Number.isSafeInteger(local))
    return text.charCodeAt(end - 1) === 90 ? null : local
  if (!scan(text, start, end) || scannedJustTime || scannedZone !== null) return null
  const timeOfDay = timeOfDayMicros()
  if (timeOfDay < 0 || !isValidCivil(seg[0]!, seg[1]!, seg[2]!)) return null
  return exactMicros(daysFromCivil(seg[0]!, seg[1]!, seg[2]!), timeOfDay, 0)
}

function timeOfDayMicros(): number {
  const h = seg[3]!
  const m = seg[4]!
  const s = seg[5]!
  if (h > 23 || m > 59 || s > 59) return -1
  return h * MICROS_PER_HOUR + m * MICROS_PER_MINUTE + s * 1_000_000 + seg[6]!
}

/**
 * The common `yyyy-MM-ddTHH:mm:ss[.f…][Z]` shape without trimming or zone lookup; returns the
 * wall-clock micros, or NaN to make the caller take the general path (also for invalid fields,
 * which the general path then rejects).
 */
function fastLocal(t: string, s: number, e: number): number {
  let end = e
  if (t.charCodeAt(end - 1) === 90) end--
  if (end - s < 19) return Number.NaN
  const sep = t.charCodeAt(s + 10)
  if (
    t.charCodeAt(s + 4) !== 45 ||
    t.charCodeAt(s + 7) !== 45 ||
    (sep !== 84 && sep !== 32) ||
    t.charCodeAt(s + 13) !== 58 ||
    t.charCodeAt(s + 16) !== 58
  ) {
    return Number.NaN
  }
  const year = d4(t, s)
  const month = d2(t, s + 5)
  const day = d2(t, s + 8)
  const hour = d2(t, s + 11)
  const minute = d2(t, s + 14)
  const second = d2(t, s + 17)
  if ((year | month | day | hour | minute | second) < 0) return Number.NaN
  let fraction = 0
  if (end - s > 19) {
    if (t.charCodeAt(s + 19) !== 46) return Number.NaN
    let scale = 100_000
    for (let i = s + 20; i < end; i++) {
      const d = t.charCodeAt(i) - 48
      if (d < 0 || d > 9) return Number.NaN
      fraction += d * scale
      scale = Math.floor(scale / 10)
    }
  }
  if (hour > 23 || minute > 59 || second > 59 || !isValidCivil(year, month, day)) return Number.NaN
  return (
    daysFromCivil(year, month, day) * MICROS_PER_DAY +
    hour * MICROS_PER_HOUR +
    minute * MICROS_PER_MINUTE +
    second * 1_000_000 +
    fraction
  )
}

function d2(t: string, i: number): number {
  const a = t.charCodeAt(i) - 48
  const b = t.charCodeAt(i + 1) - 48
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1
}

function d4(t: string, i: number): number {
  const hi = d2(t, i)
  const lo = d2(t, i + 2)
  return hi < 0 || lo < 0 ? -1 : hi * 100 + lo
}

function isValidDigits(segment: number, digits: number): boolean {
  return (
    segment === 6 ||
    (segment === 0 && digits >= 4 && digits <= 6) ||
    (segment === 7 && digits <= 2) ||
    (segment !== 0 && segment !== 6 && segment !== 7 && digits > 0 && digits <= 2)
  )
}

function trimJava(s: string): string {
  let a = 0
  let b = s.length
  while (a < b && s.charCodeAt(a) <= 32) a++
  while (b > a && s.charCodeAt(b - 1) <= 32) b--
  return s.slice(a, b)
}

/** Port of `SparkDateTimeUtils.parseTimestampString` (segments into `seg`). */
function scan(t: string, start: number, end: number): boolean {
  let j = trimmedStart(t, start, end)
  const e = trimmedEnd(t, j, end)
  if (j === e) return false
  seg.fill(0)
  seg[0] = 1
  seg[1] = 1
  seg[2] = 1
  scannedZone = null
  scannedJustTime = false
  let i = 0
  let value = 0
  let digits = 0
  let fractionDigits = 0
  const sign = signAt(t, j)
  if (sign !== 0) j++
  for (; j < e; j++) {
    const b = t.charCodeAt(j)
    const d = b - 48
    if (d >= 0 && d <= 9) {
      if (i === 6) fractionDigits++
      if (i !== 6 || digits < 6) value = value * 10 + d
      digits++
      continue
    }
    if (j === start && b === 84) {
      scannedJustTime = true
      i += 3
      continue
    }
    if (i < 2) {
      if (b === 45) {
        if (!isValidDigits(i, digits)) return false
        seg[i++] = value
      } else if (i === 0 && b === 58 && sign === 0) {
        scannedJustTime = true
        if (!isValidDigits(3, digits)) return false
        seg[3] = value
        i = 4
      } else {
        return false
      }
    } else if (i === 2 || i === 3 || i === 4) {
      const ok = i === 2 ? b === 32 || b === 84 : b === 58
      if (!ok || !isValidDigits(i, digits)) return false
      seg[i++] = value
    } else if (i === 5 || i === 6) {
      if (!isValidDigits(i, digits)) return false
      seg[i++] = value
      if (!(b === 46 && i === 6)) {
        scannedZone = t.slice(j, e)
        j = e - 1
      }
      if (i === 6 && b !== 46) i++
    } else {
      if (i >= 9 || (b !== 58 && b !== 32) || !isValidDigits(i, digits)) return false
      seg[i++] = value
    }
    value = 0
    digits = 0
  }
  if (!isValidDigits(i, digits)) return false
  seg[i] = value
  while (fractionDigits < 6) {
    seg[6] = seg[6]! * 10
    fractionDigits++
  }
  if (sign === -1) seg[0] = -(seg[0] ?? 0)
  return true
}

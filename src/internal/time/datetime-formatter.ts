/**
 * Formatting with a Spark datetime pattern (`date_format(col, pattern)`): Spark 3+ builds a
 * java.time `DateTimeFormatter` from the pattern (Locale.US) after rejecting the letters and
 * lengths it does not support (`DateTimeFormatterHelper`), and formats the instant in the
 * session time zone. Supported letters and their lengths, as Spark accepts them:
 *
 * ```
 * G 1-4   era (AD / Anno Domini)         y 1-6   year of era (yy = last two digits)
 * M L 1-4 month (1, 01, Jan, January)    d 1-2   day of month        D 1-3  day of year
 * Q q 1-4 quarter (1, 01, Q1, 1st …)     E 1-4   day of week (Mon, Monday)
 * F 1     aligned day of week in month (what java.time prints for F; Spark documents it so)
 * a 1     AM/PM                          h K k H 1-2  clock hours (1-12, 0-11, 1-24, 0-23)
 * m s 1-2 minute, second                 S 1-9   fraction, padded/truncated to the length
 * VV      zone ID                        z 1-4   zone name (short 1-3, long 4)
 * O 1,4   GMT+8 / GMT+08:00              X x 1-5, Z 1-5   offsets (java.time's forms)
 * 'text'  literal ('' is a quote)        [ ]     optional sections (always printed)
 * ```
 *
 * Week-based letters (Y w W u e c) and A n N p are rejected as Spark rejects them. Zone names
 * come from ICU (Intl) in en-US: long names match Java's; short names match for UTC and the US
 * zones, but ICU prints `GMT+1` where Java prints `CET` (test/oracle/DIFFERENCES.md, D4).
 */
import { AnalysisError } from '../../errors/index.js'
import { civilFromDays, MICROS_PER_DAY } from './civil-date.js'
import { lexDateTimePattern } from './datetime-pattern-lexer.js'
import { splitMicros, type LongValue } from '../../types/long-value.js'
import type { ZoneRules } from './zone-rules.js'

/** A compiled pattern: formats the instant `micros` (µs since the epoch) in `zone`. */
export type DateTimeFormatter = (micros: LongValue, zone: ZoneRules) => string

interface Fields {
  year: number
  month: number
  day: number
  dayOfYear: number
  dayOfWeek: number // 1 = Monday … 7 = Sunday
  hour: number
  minute: number
  second: number
  micros: number
  offsetSeconds: number
  utcMicros: number
  zone: ZoneRules
}

type Printer = (f: Fields) => string

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
const QUARTERS = ['1st quarter', '2nd quarter', '3rd quarter', '4th quarter']
// Longest length Spark (or java.time) accepts per letter.
const MAX_LENGTH: Readonly<Record<string, number>> = {
  G: 4,
  y: 6,
  M: 4,
  L: 4,
  d: 2,
  D: 3,
  Q: 4,
  q: 4,
  E: 4,
  F: 1,
  a: 1,
  h: 2,
  K: 2,
  k: 2,
  H: 2,
  m: 2,
  s: 2,
  S: 9,
  V: 2,
  z: 4,
  O: 4,
  X: 5,
  x: 5,
  Z: 5,
}
const WEEK_BASED = new Set(['Y', 'w', 'W', 'u', 'e', 'c'])

/**
 * Compiles `pattern`; throws SL_PLAN_INVALID_DATETIME_PATTERN (naming the pattern and the
 * problem) for what Spark rejects.
 *
 * @example
 * ```ts
 * const fmt = compileDateTimeFormatter("yyyy-MM-dd'T'HH:mm")
 * fmt(0, requireZone('UTC')) // '1970-01-01T00:00'
 * ```
 */
export function compileDateTimeFormatter(pattern: string): DateTimeFormatter {
  const printers = tokenize(pattern)
  return (micros, zone) => {
    const f = fieldsOf(micros, zone)
    let out = ''
    for (const p of printers) out += p(f)
    return out
  }
}

function fieldsOf(exactMicros: LongValue, zone: ZoneRules): Fields {
  const utcMicros = Number(exactMicros)
  const offset = zone.offsetAt(utcMicros)
  let days: number
  let ofDay: number
  if (typeof exactMicros === 'number') {
    const local = utcMicros + offset
    days = Math.floor(local / MICROS_PER_DAY)
    ofDay = local - days * MICROS_PER_DAY
  } else {
    // Past 2^53 µs (years beyond ~2255, types/long-value.ts): whole seconds stay exact doubles.
    const split = splitMicros(exactMicros)
    const local = split.seconds + Math.round(offset / 1_000_000)
    days = Math.floor(local / 86_400)
    ofDay = (local - days * 86_400) * 1_000_000 + split.micros
  }
  const seconds = Math.floor(ofDay / 1_000_000)
  const { year, month, day } = civilFromDays(days)
  const jan1 = days - dayOfYearOffset(year, month, day)
  return {
    year,
    month,
    day,
    dayOfYear: days - jan1 + 1,
    // 1970-01-01 was a Thursday (4).
    dayOfWeek: ((((days + 3) % 7) + 7) % 7) + 1,
    hour: Math.floor(seconds / 3600),
    minute: Math.floor(seconds / 60) % 60,
    second: seconds % 60,
    micros: ofDay - seconds * 1_000_000,
    offsetSeconds: Math.round(offset / 1_000_000),
    utcMicros,
    zone,
  }
}

const CUMULATIVE_DAYS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]

function dayOfYearOffset(year: number, month: number, day: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  return CUMULATIVE_DAYS[month - 1]! + (leap && month > 2 ? 1 : 0) + day - 1
}

function tokenize(pattern: string): Printer[] {
  const fail = (problem: string): never => {
    throw new AnalysisError('SL_PLAN_INVALID_DATETIME_PATTERN', { pattern, problem })
  }
  // Checked in pattern order; printed once the whole pattern is read, since how 'y' prints
  // depends on a 'G' anywhere in it.
  const parts: (string | { readonly letter: string; readonly count: number })[] = []
  let depth = 0
  const lexemes = lexDateTimePattern(pattern, () => fail('has a quote without its closing quote'))
  for (const lexeme of lexemes) {
    switch (lexeme.kind) {
      case 'quoted':
        parts.push(lexeme.text)
        break
      case 'char': {
        const c = lexeme.text
        if (c === '#' || c === '{' || c === '}') fail(`uses the reserved character '${c}'`)
        parts.push(c)
        break
      }
      // Optional sections are always printed; only their balance is checked.
      case 'optional-start':
        depth++
        break
      case 'optional-end':
        if (--depth < 0) fail("has ']' without '['")
        break
      case 'field':
        checkField(lexeme.letter, lexeme.count, fail)
        parts.push(lexeme)
    }
  }
  const era = parts.some((p) => typeof p !== 'string' && p.letter === 'G')
  return parts.map((p) => {
    if (typeof p !== 'string') return fieldPrinter(p.letter, p.count, era)
    return () => p
  })
}

/** Rejects the letters and lengths Spark rejects. */
function checkField(letter: string, count: number, fail: (problem: string) => never): void {
  if (WEEK_BASED.has(letter)) {
    fail(`uses the week-based letter '${letter}', which Spark 3+ does not support`)
  }
  const max = MAX_LENGTH[letter]
  if (max === undefined) fail(`uses the letter '${letter}', which is not a datetime field`)
  if (
    count > max ||
    (letter === 'V' && count !== 2) ||
    (letter === 'O' && count !== 1 && count !== 4)
  )
    fail(`has too many or too few letters in '${letter.repeat(count)}'`)
}

/** The printer of a checked field; `era`: the pattern has a 'G'. */
function fieldPrinter(letter: string, count: number, era: boolean): Printer {
  switch (letter) {
    case 'G':
      return (f) =>
        f.year > 0 ? (count === 4 ? 'Anno Domini' : 'AD') : count === 4 ? 'Before Christ' : 'BC'
    case 'y':
      // Spark turns 'y' into java.time's 'u' (the proleptic, signed year) unless the pattern
      // has an era, where it stays the year of era.
      return era ? (f) => year(f.year > 0 ? f.year : 1 - f.year, count) : (f) => year(f.year, count)
    case 'M':
    case 'L':
      return count >= 3 ? (f) => text(MONTHS[f.month - 1]!, count) : (f) => num(f.month, count)
    case 'd':
      return (f) => num(f.day, count)
    case 'D':
      return (f) => num(f.dayOfYear, count)
    case 'Q':
    case 'q':
      return (f) => {
        const q = Math.floor((f.month - 1) / 3) + 1
        return count === 4 ? QUARTERS[q - 1]! : count === 3 ? `Q${q}` : num(q, count)
      }
    case 'E':
      return (f) => text(DAYS[f.dayOfWeek - 1]!, count)
    case 'F':
      return (f) => String(((f.day - 1) % 7) + 1)
    case 'a':
      return (f) => (f.hour < 12 ? 'AM' : 'PM')
    case 'h':
      return (f) => num(f.hour % 12 === 0 ? 12 : f.hour % 12, count)
    case 'K':
      return (f) => num(f.hour % 12, count)
    case 'k':
      return (f) => num(f.hour === 0 ? 24 : f.hour, count)
    case 'H':
      return (f) => num(f.hour, count)
    case 'm':
      return (f) => num(f.minute, count)
    case 's':
      return (f) => num(f.second, count)
    case 'S':
      return (f) => (String(f.micros).padStart(6, '0') + '000').slice(0, count)
    case 'V':
      return (f) => f.zone.id
    case 'z':
      return (f) => zoneName(f.zone, f.utcMicros, count === 4 ? 'long' : 'short')
    case 'O':
      return (f) => localizedOffset(f.offsetSeconds, count === 4)
    case 'X':
    case 'x':
      return (f) =>
        letter === 'X' && f.offsetSeconds === 0
          ? 'Z'
          : isoOffset(
              f.offsetSeconds,
              count === 1 ? 'hm?' : count === 2 || count === 4 ? 'hm' : 'h:m',
              count >= 4,
            )
    default: // 'Z'
      if (count <= 3) return (f) => isoOffset(f.offsetSeconds, 'hm', false)
      if (count === 4) return (f) => localizedOffset(f.offsetSeconds, true)
      return (f) => (f.offsetSeconds === 0 ? 'Z' : isoOffset(f.offsetSeconds, 'h:m', true))
  }
}

function num(v: number, count: number): string {
  return count === 1 ? String(v) : String(v).padStart(count, '0')
}

function text(full: string, count: number): string {
  return count === 4 ? full : full.slice(0, 3)
}

// java.time: yy = the last two digits; y and yyy a sign only when negative; yyyy+ also '+'
// when wider than the pad.
function year(y: number, count: number): string {
  const abs = Math.abs(y)
  if (count === 2) return String(abs % 100).padStart(2, '0')
  const digits = String(abs)
  const padded = count === 1 ? digits : digits.padStart(count, '0')
  if (y < 0) return `-${padded}`
  return count >= 4 && digits.length > count ? `+${padded}` : padded
}

/** `+HH[MM][ss]` forms of java.time's OffsetIdPrinterParser; 'hm?' drops zero minutes. */
function isoOffset(seconds: number, form: 'hm?' | 'hm' | 'h:m', withSeconds: boolean): string {
  const abs = Math.abs(seconds)
  const h = Math.floor(abs / 3600)
  const m = Math.floor(abs / 60) % 60
  const s = abs % 60
  const sep = form === 'h:m' ? ':' : ''
  let out = `${seconds < 0 ? '-' : '+'}${pad2(h)}`
  if (form !== 'hm?' || m !== 0) out += `${sep}${pad2(m)}`
  if (withSeconds && s !== 0) out += `${sep}${pad2(s)}`
  return out
}

/** `GMT+8` / `GMT+08:00` (`GMT` alone for a zero offset). */
function localizedOffset(seconds: number, full: boolean): string {
  if (seconds === 0) return 'GMT'
  const abs = Math.abs(seconds)
  const h = Math.floor(abs / 3600)
  const m = Math.floor(abs / 60) % 60
  const s = abs % 60
  let out = `GMT${seconds < 0 ? '-' : '+'}${full ? pad2(h) : String(h)}`
  if (full || m !== 0 || s !== 0) out += `:${pad2(m)}`
  if (s !== 0) out += `:${pad2(s)}`
  return out
}

const FIXED_NAMES: Readonly<Record<string, readonly [string, string]>> = {
  UTC: ['UTC', 'Coordinated Universal Time'],
  GMT: ['GMT', 'Greenwich Mean Time'],
  UT: ['UT', 'Coordinated Universal Time'],
}
const nameFormats = new Map<string, Intl.DateTimeFormat>()
const referenceNames = new Map<string, { standard: string; daylight: string; dstOffset: number }>()
// Reference instants for a zone's current standard and daylight names: mid-January and
// mid-July 2026 (one of them is in daylight time wherever there is DST).
const JANUARY_MS = Date.UTC(2026, 0, 15)
const JULY_MS = Date.UTC(2026, 6, 15)

// Fixed-offset zones print their ID (java.time's ZoneOffset has no name); regions use ICU.
// Java names an instant by the zone's current names (standard or daylight), also for dates
// before the zone had them (LMT, 1969); ICU prints a GMT offset there, so such instants take
// the standard or daylight name of the reference year instead.
function zoneName(zone: ZoneRules, utcMicros: number, style: 'short' | 'long'): string {
  if (zone.fixedOffset === zone.fixedOffset) {
    const names = FIXED_NAMES[zone.id]
    return names === undefined ? zone.id : names[style === 'short' ? 0 : 1]
  }
  const key = `${zone.id}|${style}`
  let format = nameFormats.get(key)
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone.id, timeZoneName: style })
    nameFormats.set(key, format)
  }
  const name = icuName(format, Math.floor(utcMicros / 1000))
  if (!/^GMT[+-]/.test(name)) return name
  let ref = referenceNames.get(key)
  if (ref === undefined) {
    const jan = zone.offsetAt(JANUARY_MS * 1000)
    const jul = zone.offsetAt(JULY_MS * 1000)
    const [standardMs, daylightMs] = jan <= jul ? [JANUARY_MS, JULY_MS] : [JULY_MS, JANUARY_MS]
    ref = {
      standard: icuName(format, standardMs),
      daylight: icuName(format, daylightMs),
      dstOffset: jan === jul ? Number.NaN : Math.max(jan, jul),
    }
    referenceNames.set(key, ref)
  }
  return zone.offsetAt(utcMicros) === ref.dstOffset ? ref.daylight : ref.standard
}

function icuName(format: Intl.DateTimeFormat, ms: number): string {
  return format.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? ''
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/**
 * Spark interval strings (`IntervalUtils.stringToInterval`), as used by window and session
 * durations, `withWatermark` delays and `Trigger.ProcessingTime`: an optional `interval` prefix,
 * then one or more `<number> <unit>` pairs; units year, month, week, day, hour, minute, second,
 * millisecond, microsecond, singular or plural, case-insensitive; a number may carry a sign;
 * only seconds take a fraction (up to 9 digits, truncated to microseconds).
 * Examples: "10 minutes", "1 hour 30 minutes", "interval 5 seconds", "-5 minutes", "1.5 seconds".
 */
import { EngineError } from '../../errors/index.js'
import { trimmedEnd, trimmedStart } from './cast-text-scan.js'
import {
  MICROS_PER_DAY,
  MICROS_PER_HOUR,
  MICROS_PER_MINUTE,
  MICROS_PER_SECOND,
} from './civil-date.js'

/** A CalendarInterval: months, days and microseconds kept apart as Spark keeps them. */
export interface CalendarInterval {
  readonly months: number
  readonly days: number
  readonly micros: number
}

/** What the interval is for, named in error messages ("window duration", "watermark delay"). */
export interface IntervalContext {
  readonly what: string
}

const INT_MAX = 2_147_483_647
const LONG_MAX = 9.223372036854776e18
const UNITS: readonly (readonly [string, (v: number, f: number, acc: Acc) => void])[] = [
  ['year', (v, _f, a) => (a.months += v * 12)],
  ['month', (v, _f, a) => (a.months += v)],
  ['week', (v, _f, a) => (a.days += v * 7)],
  ['day', (v, _f, a) => (a.days += v)],
  ['hour', (v, _f, a) => (a.micros += v * MICROS_PER_HOUR)],
  ['minute', (v, _f, a) => (a.micros += v * MICROS_PER_MINUTE)],
  ['second', (v, f, a) => (a.micros += v * MICROS_PER_SECOND + f)],
  ['millisecond', (v, _f, a) => (a.micros += v * 1000)],
  ['microsecond', (v, _f, a) => (a.micros += v)],
]

interface Acc {
  months: number
  days: number
  micros: number
}

/**
 * Parses a Spark interval string.
 *
 * @example
 * ```ts
 * parseInterval('1 hour 30 minutes', { what: 'window duration' }) // { months: 0, days: 0, micros: 5_400_000_000 }
 * ```
 */
export function parseInterval(text: string, context: IntervalContext): CalendarInterval {
  const fail = (reason: string): never => {
    throw new EngineError('SL_PLAN_INVALID_INTERVAL', { what: context.what, value: text, reason })
  }
  let s = text.toLowerCase()
  const a = trimmedStart(s, 0, s.length)
  s = s.slice(a, trimmedEnd(s, a, s.length))
  if (s.length === 0) fail('the interval string is empty')
  let i = 0
  if (s.startsWith('interval')) {
    if (s.length === 8) fail('the interval string is empty')
    if (!isSpace(s.charCodeAt(8))) fail(`invalid interval prefix '${word(s, 0)}'`)
    i = 9
  }
  const acc: Acc = { months: 0, days: 0, micros: 0 }
  let pairs = 0
  for (;;) {
    while (i < s.length && isSpace(s.charCodeAt(i))) i++
    if (i >= s.length) break
    let negative = false
    const signChar = s.charCodeAt(i)
    if (signChar === 45 || signChar === 43) {
      negative = signChar === 45
      i++
      while (i < s.length && isSpace(s.charCodeAt(i))) i++
    }
    let value = 0
    let intDigits = 0
    while (i < s.length && isDigit(s.charCodeAt(i))) {
      value = value * 10 + (s.charCodeAt(i++) - 48)
      intDigits++
      if (value > LONG_MAX) fail('the number is out of range')
    }
    let fraction = -1
    if (s.charCodeAt(i) === 46) {
      i++
      let scale = 100_000_000
      fraction = 0
      let fracDigits = 0
      while (i < s.length && isDigit(s.charCodeAt(i))) {
        if (scale < 1) fail(`'${word(s, i)}' has more than 9 fraction digits`)
        fraction += (s.charCodeAt(i++) - 48) * scale
        scale /= 10
        fracDigits++
      }
      if (intDigits === 0 && fracDigits === 0) fail(`invalid value '${word(s, i - 1)}'`)
      fraction = Math.floor(fraction / 1000)
    } else if (intDigits === 0) {
      fail(i >= s.length ? 'a number is missing at the end' : `unrecognized number '${word(s, i)}'`)
    }
    if (i >= s.length) fail(`a unit is missing after '${word(s, i - 1)}'`)
    if (!isSpace(s.charCodeAt(i))) fail(`invalid value '${word(s, i)}'`)
    while (i < s.length && isSpace(s.charCodeAt(i))) i++
    if (i >= s.length) fail(`a unit is missing after '${word(s, i - 1)}'`)
    if (fraction >= 0 && s.charCodeAt(i) !== 115)
      fail(`'${word(s, i)}' cannot have a fractional part`)
    const unit = UNITS.find(([name]) => s.startsWith(name, i))
    if (unit === undefined) fail(`invalid unit '${word(s, i)}'`)
    const [name, apply] = unit!
    i += name.length
    if (s.charCodeAt(i) === 115) i++
    if (i < s.length && !isSpace(s.charCodeAt(i))) fail(`invalid unit '${word(s, i)}'`)
    const sign = negative ? -1 : 1
    apply(sign * value, sign * Math.max(fraction, 0), acc)
    pairs++
  }
  if (pairs === 0) fail('the interval string is empty')
  if (
    Math.abs(acc.months) > INT_MAX ||
    Math.abs(acc.days) > INT_MAX ||
    Math.abs(acc.micros) > LONG_MAX
  ) {
    fail('the value is out of range')
  }
  return { months: acc.months + 0, days: acc.days + 0, micros: acc.micros + 0 }
}

/**
 * A fixed-length duration in microseconds (days × 24 h + micros) for window, slide, session-gap
 * and trigger intervals; months and years are rejected because they have no fixed length.
 *
 * @example
 * ```ts
 * durationMicros('1 week', 'window duration') // 604_800_000_000
 * ```
 */
export function durationMicros(text: string, what: string): number {
  const interval = parseInterval(text, { what })
  if (interval.months !== 0)
    throw new EngineError('SL_PLAN_UNSUPPORTED_INTERVAL_UNIT', { what, value: text })
  return interval.days * MICROS_PER_DAY + interval.micros
}

/**
 * A watermark delay in milliseconds: months × 31 days + days × 24 h + micros / 1000, as
 * `EventTimeWatermark.getDelayMs`; negative delays are rejected.
 *
 * @example
 * ```ts
 * delayMillis('10 seconds') // 10_000
 * delayMillis('1 month') // 2_678_400_000
 * ```
 */
export function delayMillis(text: string): number {
  const what = 'watermark delay'
  const { months, days, micros } = parseInterval(text, { what })
  const total = months * 31 * MICROS_PER_DAY + days * MICROS_PER_DAY + micros
  if (total < 0) throw new EngineError('SL_PLAN_NEGATIVE_INTERVAL', { what, value: text })
  return Math.trunc(total / 1000)
}

function word(s: string, from: number): string {
  let start = from
  while (start > 0 && !isSpace(s.charCodeAt(start - 1))) start--
  let end = from
  while (end < s.length && !isSpace(s.charCodeAt(end))) end++
  return s.slice(start, end)
}

// Character.isWhitespace for ASCII: space, \t, \n, \u000B, \f, \r and \u001C–\u001F.
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c >= 28 && c <= 31)
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

/**
 * Spark interval strings (`IntervalUtils.stringToInterval`), as used by window and session
 * durations, `withWatermark` delays and `Trigger.ProcessingTime`: an optional `interval` prefix,
 * then one or more `<number> <unit>` pairs; units year, month, week, day, hour, minute, second,
 * millisecond, microsecond, singular or plural, case-insensitive; a number may carry a sign;
 * only seconds take a fraction (up to 9 digits, truncated to microseconds).
 * Examples: "10 minutes", "1 hour 30 minutes", "interval 5 seconds", "-5 minutes", "1.5 seconds".
 */
import { EngineError } from '../../errors/index.js'
import {
  MICROS_PER_DAY,
  MICROS_PER_HOUR,
  MICROS_PER_MINUTE,
  MICROS_PER_SECOND,
} from './civil-date.js'
import { lexDuration, type DurationSyntax } from './duration-lexer.js'

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
type Apply = (value: number, fractionMicros: number, acc: Acc) => void
const UNIT_LIST: readonly (readonly [string, Apply])[] = [
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
/** Unit words, singular and plural, to what a term of them adds (its value, its fraction in µs). */
const UNITS = new Map<string, Apply>(
  UNIT_LIST.flatMap(([name, apply]) => [
    [name, apply],
    [`${name}s`, apply],
  ]),
)
const SPARK_SYNTAX: DurationSyntax = { prefix: true, signs: true, spaceBeforeUnit: true }

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
  const acc: Acc = { months: 0, days: 0, micros: 0 }
  for (const term of lexDuration(text, SPARK_SYNTAX, fail)) {
    // Spark checks the fraction before the unit: only second(s) may have one.
    if (term.nanos >= 0 && !term.unit.startsWith('s'))
      fail(`'${term.unit}' cannot have a fractional part`)
    const apply = UNITS.get(term.unit)
    if (apply === undefined) fail(`invalid unit '${term.unit}'`)
    const sign = term.negative ? -1 : 1
    apply!(sign * term.whole, sign * Math.floor(Math.max(term.nanos, 0) / 1000), acc)
  }
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
 * {@link parseInterval} for values read back rather than given by the user (table properties),
 * where a value Spark would have rejected is treated as absent.
 *
 * @example
 * ```ts
 * tryParseInterval('interval 1 week') // { months: 0, days: 7, micros: 0 }
 * tryParseInterval('soon') // undefined
 * ```
 */
export function tryParseInterval(text: string): CalendarInterval | undefined {
  try {
    return parseInterval(text, { what: 'interval' })
  } catch (e) {
    if (e instanceof EngineError) return undefined
    throw e
  }
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

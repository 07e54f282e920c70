/**
 * The one lexer for duration texts, shared by Spark interval strings (interval.ts: window and
 * watermark durations, triggers, Delta's `delta.deletedFileRetentionDuration`) and the CLI's
 * duration flags (`--interval 5s`). A text is white space, an optional `interval` prefix, then
 * one or more terms: an optional sign, a number (digits, optionally `.` and up to 9 fraction
 * digits) and a unit word (everything up to the next white space). Which unit words exist, what
 * they are worth and whether a unit takes a fraction is each caller's decision; terms come lazily
 * in text order, so a caller's own checks fail at the same place as a single pass would.
 * As Spark's `IntervalUtils.stringToInterval`: letters are lower-cased, the ends trimmed as
 * `UTF8String.trimAll` does, and white space inside is Java's `Character.isWhitespace`.
 */
import { trimmedEnd, trimmedStart } from './cast-text-scan.js'

/** One `<number> <unit>` term of a duration text. */
export interface DurationTerm {
  readonly negative: boolean
  /** The digits before the point (0 when there are none, as in `.5`). */
  readonly whole: number
  /** The digits after the point as nanoseconds of one unit (`.5` → 500_000_000); -1 without a point. */
  readonly nanos: number
  /** The unit word, lower-cased (`minutes`, `s`). */
  readonly unit: string
}

/** What a caller's syntax allows around the terms. */
export interface DurationSyntax {
  /** An `interval ` prefix before the first term. */
  readonly prefix: boolean
  /** A `+` or `-` before a number. */
  readonly signs: boolean
  /** White space must separate a number from its unit (`10 minutes`; `10minutes` is invalid). */
  readonly spaceBeforeUnit: boolean
}

// Spark's IntervalUtils: a long value, nanosecond precision.
const LONG_MAX = 9.223372036854776e18

/**
 * Lexes `text`; calls `fail` (which throws the caller's error) with the reason at the first
 * problem, and when there is no term at all.
 *
 * @example
 * ```ts
 * [...lexDuration('1.5 seconds', { prefix: true, signs: true, spaceBeforeUnit: true }, fail)]
 * // [{ negative: false, whole: 1, nanos: 500_000_000, unit: 'seconds' }]
 * ```
 */
export function* lexDuration(
  text: string,
  syntax: DurationSyntax,
  fail: (reason: string) => never,
): Generator<DurationTerm, void, undefined> {
  let s = text.toLowerCase()
  const a = trimmedStart(s, 0, s.length)
  s = s.slice(a, trimmedEnd(s, a, s.length))
  if (s.length === 0) fail('the interval string is empty')
  let i = 0
  if (syntax.prefix && s.startsWith('interval')) {
    if (s.length === 8) fail('the interval string is empty')
    if (!isSpace(s.charCodeAt(8))) fail(`invalid interval prefix '${word(s, 0)}'`)
    i = 9
  }
  let terms = 0
  for (;;) {
    while (i < s.length && isSpace(s.charCodeAt(i))) i++
    if (i >= s.length) break
    let negative = false
    const signChar = s.charCodeAt(i)
    if (syntax.signs && (signChar === 45 || signChar === 43)) {
      negative = signChar === 45
      i++
      while (i < s.length && isSpace(s.charCodeAt(i))) i++
    }
    let whole = 0
    let wholeDigits = 0
    while (i < s.length && isDigit(s.charCodeAt(i))) {
      whole = whole * 10 + (s.charCodeAt(i++) - 48)
      wholeDigits++
      if (whole > LONG_MAX) fail('the number is out of range')
    }
    let nanos = -1
    if (s.charCodeAt(i) === 46) {
      i++
      let scale = 100_000_000
      nanos = 0
      let fractionDigits = 0
      while (i < s.length && isDigit(s.charCodeAt(i))) {
        if (scale < 1) fail(`'${word(s, i)}' has more than 9 fraction digits`)
        nanos += (s.charCodeAt(i++) - 48) * scale
        scale /= 10
        fractionDigits++
      }
      if (wholeDigits === 0 && fractionDigits === 0) fail(`invalid value '${word(s, i - 1)}'`)
    } else if (wholeDigits === 0) {
      fail(i >= s.length ? 'a number is missing at the end' : `unrecognized number '${word(s, i)}'`)
    }
    if (i >= s.length) fail(`a unit is missing after '${word(s, i - 1)}'`)
    if (syntax.spaceBeforeUnit && !isSpace(s.charCodeAt(i))) fail(`invalid value '${word(s, i)}'`)
    while (i < s.length && isSpace(s.charCodeAt(i))) i++
    if (i >= s.length) fail(`a unit is missing after '${word(s, i - 1)}'`)
    const start = i
    while (i < s.length && !isSpace(s.charCodeAt(i))) i++
    yield { negative, whole, nanos, unit: s.slice(start, i) }
    terms++
  }
  if (terms === 0) fail('the interval string is empty')
}

/** The white-space-delimited word of `s` around position `from`, for error messages. */
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

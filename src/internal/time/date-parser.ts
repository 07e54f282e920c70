/**
 * String → DATE with Spark's CAST semantics (`SparkDateTimeUtils.stringToDate`). Accepted after
 * trimming whitespace and ISO control characters:
 * `[+-]yyyy*`, `[+-]yyyy*-[m]m`, `[+-]yyyy*-[m]m-[d]d`, and `[+-]yyyy*-[m]m-[d]d` followed by a
 * space or `T` and anything at all (so `2026-11-24T10:15:30Z` is the date 2026-11-24). The year
 * has 4 to 7 digits. Result: days since 1970-01-01.
 */
import { signAt, trimmedEnd, trimmedStart } from './cast-text-scan.js'
import { daysFromCivil, isValidCivil } from './civil-date.js'

/**
 * Parses `text` as Spark's `CAST(text AS DATE)`; null when Spark yields null.
 *
 * @example
 * ```ts
 * parseDate('2026-11-24') // 20781
 * ```
 */
export function parseDate(text: string): number | null {
  return parseDateRange(text, 0, text.length)
}

/** {@link parseDate} over `text[start, end)`. */
export function parseDateRange(t: string, start: number, end: number): number | null {
  let j = trimmedStart(t, start, end)
  const e = trimmedEnd(t, j, end)
  if (j === e) return null
  const segments = [1, 1, 1]
  let i = 0
  let value = 0
  let digits = 0
  const sign = signAt(t, j)
  if (sign !== 0) j++
  for (; j < e; j++) {
    const b = t.charCodeAt(j)
    if (i >= 3 || b === 32 || b === 84) break
    if (i < 2 && b === 45) {
      if (!validDigits(i, digits)) return null
      segments[i++] = value
      value = 0
      digits = 0
    } else {
      const d = b - 48
      if (d < 0 || d > 9) return null
      value = value * 10 + d
      digits++
    }
  }
  if (!validDigits(i, digits)) return null
  // For the `yyyy` and `yyyy-[m]m` forms the whole input must be consumed.
  if (i < 2 && j < e) return null
  segments[i] = value
  const year = sign === -1 ? -segments[0]! : segments[0]!
  if (!isValidCivil(year, segments[1]!, segments[2]!)) return null
  return daysFromCivil(year, segments[1]!, segments[2]!)
}

function validDigits(segment: number, digits: number): boolean {
  return segment === 0 ? digits >= 4 && digits <= 7 : digits > 0 && digits <= 2
}

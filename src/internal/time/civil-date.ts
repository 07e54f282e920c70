/**
 * Proleptic-Gregorian calendar arithmetic (the calendar java.time and Spark 3+ use) on plain
 * numbers, so hot parsing paths never allocate a Date. Algorithms: Howard Hinnant,
 * "chrono-compatible low-level date algorithms" (days_from_civil / civil_from_days).
 */

export const MICROS_PER_SECOND = 1_000_000
export const MICROS_PER_MINUTE = 60_000_000
export const MICROS_PER_HOUR = 3_600_000_000
export const MICROS_PER_DAY = 86_400_000_000

/** Days since 1970-01-01 of a valid civil date (month 1–12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = month > 2 ? month - 3 : month + 9
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** A civil date. */
export interface CivilDate {
  readonly year: number
  readonly month: number
  readonly day: number
}

/** The civil date of a day count since 1970-01-01. */
export function civilFromDays(days: number): CivilDate {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

/** True when `day` exists in `month` of `year` (what java.time's LocalDate.of accepts). */
export function isValidCivil(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  if (day <= 28) return true
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
    return day <= (leap ? 29 : 28)
  }
  return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31)
}

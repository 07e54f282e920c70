/**
 * Exact DECIMAL(p, s) values (p ≤ 38): an unscaled integer (a bigint) and a scale, as Spark's
 * `Decimal`/Java's `BigDecimal`. A double holds ~15-17 significant digits, so `decimal(38,18)`
 * values such as 12345.678900000000794535 cannot be numbers. Every producer (Parquet, JSON, CSV,
 * partition values, casts, arithmetic, sums) fits its result to the column's type
 * ({@link fitDecimal}), so all values of one column have the column's scale: that is the one
 * canonical form per value, and equal decimals of a column have equal `unscaled` and `toString()`
 * (group, dedup and join keys use the text; see exec/operators/state-key-json.ts).
 * See docs/exact-values.md.
 */

/** Largest precision of DecimalType (Spark's `DecimalType.MAX_PRECISION`). */
export const MAX_DECIMAL_PRECISION = 38

const POW10: bigint[] = [1n]
for (let i = 1; i <= 80; i++) POW10.push(POW10[i - 1]! * 10n)

/** 10^n as a bigint. */
export function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n)
}

/**
 * A decimal value: `unscaled × 10^-scale`, exact.
 *
 * @example
 * ```ts
 * import { Decimal } from 'streamlake'
 * const d = Decimal.parse('12345.678900000000794535')!
 * console.log(d.unscaled, d.scale, d.toString()) // 12345678900000000794535n 18 '12345.678900000000794535'
 * ```
 */
export class Decimal {
  private constructor(
    /** The digits as an integer (two's complement sign), e.g. 1230n for 12.30. */
    readonly unscaled: bigint,
    /** Digits after the decimal point (≥ 0). */
    readonly scale: number,
  ) {}

  /** `unscaled × 10^-scale`. */
  static of(unscaled: bigint, scale: number): Decimal {
    if (scale < 0) return new Decimal(unscaled * pow10(-scale), 0)
    return new Decimal(unscaled, scale)
  }

  /**
   * The value of decimal text as `java.math.BigDecimal(String)` reads it: `[+-]digits[.digits]
   * [e[+-]digits]`, `.5` and `5.` included; the scale is the number of fraction digits (less the
   * exponent, never below 0). Undefined when the text is not such a number.
   */
  static parse(text: string): Decimal | undefined {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text)
    if (!m) return undefined
    const int = m[2]!
    const frac = m[3] ?? ''
    if (int === '' && frac === '') return undefined
    const exponent = m[4] === undefined ? 0 : Number(m[4])
    if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 10_000) return undefined
    let unscaled = BigInt(int + frac || '0')
    if (m[1] === '-') unscaled = -unscaled
    return Decimal.of(unscaled, frac.length - exponent)
  }

  /**
   * A double as Spark's `Decimal(Double)`: the shortest decimal text that reads back as the same
   * double (`BigDecimal(Double.toString(d))`). Undefined for NaN and ±Infinity.
   */
  static fromNumber(n: number): Decimal | undefined {
    if (!Number.isFinite(n)) return undefined
    return Decimal.parse(String(n))
  }

  /** An exact integer (a number within ±2^53 or a bigint) with scale 0. */
  static fromInteger(n: number | bigint): Decimal {
    return new Decimal(typeof n === 'bigint' ? n : BigInt(n), 0)
  }

  /** Plain text with exactly `scale` fraction digits, as Spark prints it: `12.30`, `-0.05`. */
  toString(): string {
    const negative = this.unscaled < 0n
    const digits = String(negative ? -this.unscaled : this.unscaled)
    if (this.scale === 0) return negative ? `-${digits}` : digits
    const padded = digits.padStart(this.scale + 1, '0')
    const cut = padded.length - this.scale
    return `${negative ? '-' : ''}${padded.slice(0, cut)}.${padded.slice(cut)}`
  }

  /** The nearest double (as Spark's cast to DOUBLE). */
  toNumber(): number {
    return Number(this.toString())
  }

  /** The nearest double, so `Number(d)` and arithmetic on a number still work. */
  valueOf(): number {
    return this.toNumber()
  }

  /** Number of significant digits of the unscaled value (1 for zero), as BigDecimal.precision. */
  precision(): number {
    return digitCount(this.unscaled)
  }

  /** Whether this is zero. */
  isZero(): boolean {
    return this.unscaled === 0n
  }
}

/** Number of decimal digits of |v| (1 for zero). */
export function digitCount(v: bigint): number {
  const a = v < 0n ? -v : v
  if (a < 10n) return 1
  // String length is exact and fast enough for ≤ 80 digits.
  return String(a).length
}

/** `a / b` (b > 0) rounded HALF_UP (away from zero on a tie), as RoundingMode.HALF_UP. */
export function divideHalfUp(a: bigint, b: bigint): bigint {
  const negative = a < 0n !== b < 0n
  const x = a < 0n ? -a : a
  const y = b < 0n ? -b : b
  let q = x / y
  if ((x % y) * 2n >= y) q += 1n
  return negative ? -q : q
}

/** `d` at `scale`, rounding HALF_UP when digits are dropped. */
export function setScale(d: Decimal, scale: number): Decimal {
  if (d.scale === scale) return d
  if (scale > d.scale) return Decimal.of(d.unscaled * pow10(scale - d.scale), scale)
  return Decimal.of(divideHalfUp(d.unscaled, pow10(d.scale - scale)), scale)
}

/**
 * `d` as a value of DECIMAL(precision, scale) — Spark's `Decimal.changePrecision` with HALF_UP:
 * rounded to the scale, null when the integer digits do not fit (the caller turns that into
 * null or into Spark's NUMERIC_VALUE_OUT_OF_RANGE, as Spark does at that place).
 */
export function fitDecimal(d: Decimal, precision: number, scale: number): Decimal | null {
  const r = setScale(d, scale)
  const limit = pow10(precision)
  return r.unscaled < limit && r.unscaled > -limit ? r : null
}

/** -1, 0 or 1 comparing two decimals by value (any scales). */
export function compareDecimals(a: Decimal, b: Decimal): number {
  let x = a.unscaled
  let y = b.unscaled
  if (a.scale < b.scale) x *= pow10(b.scale - a.scale)
  else if (b.scale < a.scale) y *= pow10(a.scale - b.scale)
  return x < y ? -1 : x > y ? 1 : 0
}

/**
 * -1, 0 or 1 comparing a decimal with a number: exactly for an integer, else as doubles (Spark
 * compares a decimal with a DOUBLE after casting the decimal to double).
 */
export function compareDecimalNumber(a: Decimal, b: number): number {
  if (Number.isInteger(b)) return compareDecimals(a, Decimal.fromInteger(b))
  const x = a.toNumber()
  return x < b ? -1 : x > b ? 1 : Number.isNaN(b) ? -1 : 0
}

/** The unscaled value of `d` at `scale` (exact when `scale ≥ d.scale`). */
export function unscaledAt(d: Decimal, scale: number): bigint {
  return setScale(d, scale).unscaled
}

/**
 * Java's `BigDecimal.toString()`: plain text unless the adjusted exponent is below -6, then
 * scientific (`0E-18`, `1.23E-8`). Spark's JSON and CSV writers print decimals this way (Jackson's
 * `writeNumber(BigDecimal)`, `Decimal.toString`).
 */
export function decimalToJavaString(d: Decimal): string {
  const negative = d.unscaled < 0n
  const digits = String(negative ? -d.unscaled : d.unscaled)
  const adjusted = digits.length - 1 - d.scale
  if (adjusted >= -6) return d.toString()
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
  return `${negative ? '-' : ''}${mantissa}E${adjusted}`
}

/**
 * A decimal as an equi-join key part, equal for equal values whatever the two sides' scales
 * (Spark casts both join keys to one type first): a number when the value is exactly a double's
 * shortest text (1.50 → 1.5, also equal to an INT or DOUBLE key of that value), else the decimal
 * without trailing fraction zeros.
 */
export function decimalJoinKey(d: Decimal): number | Decimal {
  let unscaled = d.unscaled
  let scale = d.scale
  while (scale > 0 && unscaled % 10n === 0n) {
    unscaled /= 10n
    scale--
  }
  const stripped = Decimal.of(unscaled, scale)
  const n = stripped.toNumber()
  const back = Decimal.fromNumber(n)
  return back !== undefined && back.unscaled === unscaled && back.scale === scale ? n : stripped
}

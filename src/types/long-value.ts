/**
 * Exact 64-bit integers (LongType values and timestamp microseconds) in one canonical form: a JS
 * number when the value is a safe integer (|v| ≤ 2^53 - 1), a bigint otherwise. The hot paths
 * (the seed's ids, counts and timestamps near today) stay plain doubles — a typed Float64Array in
 * packed columns, `+` and `<` in expressions — and only values a double would round pay for
 * bigint arithmetic. One form per value keeps `===`, Map keys and JSON group keys equal for equal
 * longs, so every producer (Parquet and JSON readers, casts, arithmetic, sums) returns
 * {@link canonicalLong} of what it computed; consumers accept both forms. See docs/exact-values.md.
 */

/** A LongType value or a timestamp in microseconds: a safe-integer number or a bigint beyond. */
export type LongValue = number | bigint

export const LONG_MIN = -(2n ** 63n)
export const LONG_MAX = 2n ** 63n - 1n
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
const MIN_SAFE = -MAX_SAFE

/** The canonical form of an exact integer: a number when safe, else the bigint. */
export function canonicalLong(v: bigint): LongValue {
  return v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : v
}

/** Whether `v` fits a signed 64-bit long. */
export function fitsLong(v: bigint): boolean {
  return v >= LONG_MIN && v <= LONG_MAX
}

/** A long as a bigint (the exact value of either form). */
export function longToBigInt(v: LongValue): bigint {
  return typeof v === 'bigint' ? v : BigInt(v)
}

/**
 * `a op b` on longs, exact: the double result when both operands and the result are safe
 * integers (the common case costs one check), else bigint arithmetic. Undefined when the exact
 * result does not fit 64 bits — the caller raises Spark's ARITHMETIC_OVERFLOW (ANSI mode, the
 * default of Spark 4).
 */
export function longArithmetic(
  op: '+' | '-' | '*',
  a: LongValue,
  b: LongValue,
): LongValue | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = op === '+' ? a + b : op === '-' ? a - b : a * b
    if (Number.isSafeInteger(r)) return r
  }
  const x = longToBigInt(a)
  const y = longToBigInt(b)
  const r = op === '+' ? x + y : op === '-' ? x - y : x * y
  return fitsLong(r) ? canonicalLong(r) : undefined
}

/** -1, 0 or 1 comparing two longs in either form. */
export function compareLongs(a: LongValue, b: LongValue): number {
  // JS orders a number against a bigint by exact value (no rounding), so `<` is exact here.
  return a < b ? -1 : a > b ? 1 : 0
}

/** Whether `v` is an exact integer in the canonical long form. */
export function isLongValue(v: unknown): v is LongValue {
  return typeof v === 'bigint' ? fitsLong(v) : Number.isSafeInteger(v)
}

/**
 * The exact long of decimal integer text (`-?[0-9]+`, optional `+`), or undefined when it is not
 * one or does not fit 64 bits.
 */
export function parseLong(text: string): LongValue | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined
  // Up to 15 digits every value is a safe integer (2^53 - 1 has 16).
  const digits = text[0] === '-' || text[0] === '+' ? text.length - 1 : text.length
  if (digits <= 15) return Number(text) + 0
  const v = BigInt(text)
  return fitsLong(v) ? canonicalLong(v) : undefined
}

/** Microseconds split as whole seconds (floor) and the microseconds within it (0..999999). */
export function splitMicros(micros: LongValue): { seconds: number; micros: number } {
  if (typeof micros === 'number') {
    const seconds = Math.floor(micros / 1_000_000)
    return { seconds, micros: micros - seconds * 1_000_000 }
  }
  let seconds = micros / 1_000_000n
  let rest = micros - seconds * 1_000_000n
  if (rest < 0n) {
    seconds -= 1n
    rest += 1_000_000n
  }
  return { seconds: Number(seconds), micros: Number(rest) }
}

/** Whole seconds plus microseconds within them as one exact microsecond count. */
export function joinMicros(seconds: number, micros: number): LongValue {
  const v = seconds * 1_000_000 + micros
  return Number.isSafeInteger(v) ? v : canonicalLong(BigInt(seconds) * 1_000_000n + BigInt(micros))
}

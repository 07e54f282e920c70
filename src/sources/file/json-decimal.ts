/**
 * JSON value → DECIMAL(p, s) as Spark's `Decimal.set(BigDecimal, p, s)`: the exact decimal value
 * of the text is rounded HALF_UP to scale `s`; a result with more than `p` digits is a failure.
 * The text follows java.math.BigDecimal(String): `[+-]digits[.digits][e[+-]digits]`, `.5` and `5.`
 * included. The value is an exact {@link Decimal} at scale `s` (types/decimal-value.ts).
 */
import { Decimal } from '../../types/decimal-value.js'

/** The decimal value of `text[start, end)`, or null when it is not a number or does not fit. */
export function toDecimal(
  text: string,
  start: number,
  end: number,
  precision: number,
  scale: number,
): Decimal | null {
  let i = start
  let negative = false
  const c0 = text.charCodeAt(i)
  if (c0 === 45 || c0 === 43) {
    negative = c0 === 45
    i++
  }
  let digits = ''
  let fractionDigits = 0
  let sawDigit = false
  let sawPoint = false
  for (; i < end; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      sawDigit = true
      if (digits.length > 0 || c !== 48) digits += text[i]
      if (sawPoint) fractionDigits++
    } else if (c === 46 && !sawPoint) {
      sawPoint = true
    } else {
      break
    }
  }
  if (!sawDigit) return null
  let exponent = 0
  if (i < end) {
    const e = text.charCodeAt(i)
    if (e !== 101 && e !== 69) return null
    i++
    let expNegative = false
    const s = text.charCodeAt(i)
    if (s === 45 || s === 43) {
      expNegative = s === 45
      i++
    }
    if (i >= end) return null
    for (; i < end; i++) {
      const c = text.charCodeAt(i) - 48
      if (c < 0 || c > 9) return null
      exponent = exponent * 10 + c
      if (exponent > 1e9) return null
    }
    if (expNegative) exponent = -exponent
  }
  // value = digits × 10^-(fractionDigits - exponent); rescale to `scale` digits after the point.
  const currentScale = fractionDigits - exponent
  let unscaled: bigint
  if (digits.length === 0) {
    unscaled = 0n
  } else if (currentScale <= scale) {
    if (digits.length + scale - currentScale > precision) return null
    unscaled = BigInt(digits) * 10n ** BigInt(scale - currentScale)
  } else {
    const drop = currentScale - scale
    if (drop > digits.length) {
      unscaled = 0n
    } else {
      const divisor = 10n ** BigInt(drop)
      const value = BigInt(digits)
      unscaled = value / divisor
      if ((value % divisor) * 2n >= divisor) unscaled += 1n
    }
  }
  if (unscaled !== 0n && unscaled.toString().length > precision) return null
  return Decimal.of(negative ? -unscaled : unscaled, scale)
}

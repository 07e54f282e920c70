/**
 * Value casts with Spark's semantics for the types the engine handles (string ↔ numbers,
 * timestamps, dates, booleans). Unparsable strings become null (Spark's `try_cast` behaviour;
 * Spark 4's ANSI `cast` would raise instead — noted in the docs).
 */
import { castToString } from '../../internal/cast-to-string.js'
import { parseDate, parseTimestamp } from '../../internal/time/timestamp-parser.js'
import { Decimal, fitDecimal, pow10 } from '../../types/decimal-value.js'
import type { DataType } from '../../types/index.js'
import {
  canonicalLong,
  fitsLong,
  joinMicros,
  parseLong,
  splitMicros,
  type LongValue,
} from '../../types/long-value.js'

/** CAST(value AS to). */
export function castValue(value: unknown, from: DataType, to: DataType, timeZone: string): unknown {
  if (value === null || value === undefined) return null
  if (to.type === 'decimal') return castToDecimal(value, from, to.precision, to.scale)
  if (from.type === to.type) return value
  if (from.type === 'decimal' && value instanceof Decimal) {
    const exact = castFromDecimal(value, to)
    if (exact !== undefined) return exact
  }
  switch (to.type) {
    case 'string':
      return castToString(value, from, timeZone)
    case 'long': {
      // Exact (types/long-value.ts): digits past 2^53 and doubles past 2^53 keep their value.
      if (from.type === 'string') {
        const exact = parseLong((value as string).trim())
        if (exact !== undefined) return exact
      }
      const n = toNumber(value, from)
      if (n === null || !Number.isFinite(n)) return null
      const t = Math.trunc(n)
      if (Number.isSafeInteger(t)) return t
      const big = BigInt(t)
      // Out of range: null, as the other failed casts here (try_cast semantics, see above).
      return fitsLong(big) ? canonicalLong(big) : null
    }
    case 'byte':
    case 'short':
    case 'integer': {
      const n = toNumber(value, from)
      if (n === null || !Number.isFinite(n)) return null
      return Math.trunc(n)
    }
    case 'float':
    case 'double':
      return toNumber(value, from)
    case 'boolean':
      if (from.type === 'string') {
        const s = (value as string).trim().toLowerCase()
        if (['t', 'true', 'y', 'yes', '1'].includes(s)) return true
        if (['f', 'false', 'n', 'no', '0'].includes(s)) return false
        return null
      }
      return toNumber(value, from) !== 0
    case 'timestamp':
    case 'timestamp_ntz':
      if (from.type === 'string')
        return parseTimestamp(value as string, to.type === 'timestamp' ? timeZone : 'UTC')
      if (from.type === 'date') return joinMicros((value as number) * 86_400, 0)
      if (from.type === 'timestamp' || from.type === 'timestamp_ntz') return value
      if (typeof value === 'bigint' || !Number.isFinite(value)) return null // beyond Spark's range
      return joinMicros(
        Math.trunc(value as number),
        Math.trunc(((value as number) % 1) * 1_000_000),
      )
    case 'binary':
      // CAST(string AS BINARY) is the string's UTF-8 bytes.
      return from.type === 'string' ? new TextEncoder().encode(value as string) : null
    case 'date':
      if (from.type === 'string') return parseDate(value as string)
      if (from.type === 'timestamp' || from.type === 'timestamp_ntz')
        return Math.floor(splitMicros(value as LongValue).seconds / 86_400)
      return null
    default:
      return null
  }
}

/**
 * CAST(value AS DECIMAL(p, s)), exact (types/decimal-value.ts): rounded HALF_UP to the scale as
 * Spark's `Decimal.changePrecision`; a value with too many integer digits or text that is not a
 * number is null (try_cast semantics, see the module comment).
 */
function castToDecimal(value: unknown, from: DataType, precision: number, scale: number) {
  let d: Decimal | undefined
  if (value instanceof Decimal) d = value
  else if (typeof value === 'bigint') d = Decimal.fromInteger(value)
  else if (typeof value === 'boolean') d = Decimal.fromInteger(value ? 1 : 0)
  else if (typeof value === 'string') d = Decimal.parse(value.trim())
  else if (typeof value === 'number') {
    if (from.type === 'timestamp' || from.type === 'timestamp_ntz')
      d = Decimal.of(BigInt(value), 6) // seconds with the microseconds as fraction
    else if (from.type === 'float' || from.type === 'double') d = Decimal.fromNumber(value)
    else if (Number.isSafeInteger(value)) d = Decimal.fromInteger(value)
    else d = Decimal.fromNumber(value)
  }
  if ((from.type === 'timestamp' || from.type === 'timestamp_ntz') && typeof value === 'bigint')
    d = Decimal.of(value, 6)
  return d === undefined ? null : fitDecimal(d, precision, scale)
}

/** CAST of a decimal to an integral type (truncated toward zero, exact) or to a timestamp. */
function castFromDecimal(d: Decimal, to: DataType): unknown {
  switch (to.type) {
    case 'long':
    case 'integer':
    case 'short':
    case 'byte': {
      const whole = d.unscaled / pow10(d.scale) // bigint division truncates toward zero
      const bits =
        to.type === 'long' ? 64n : to.type === 'integer' ? 32n : to.type === 'short' ? 16n : 8n
      const limit = 1n << (bits - 1n)
      if (whole < -limit || whole >= limit) return null
      return to.type === 'long' ? canonicalLong(whole) : Number(whole)
    }
    case 'timestamp':
    case 'timestamp_ntz': {
      // Spark: (d × 1,000,000).longValue — the microseconds, truncated.
      const micros = (d.unscaled * 1_000_000n) / pow10(d.scale)
      return fitsLong(micros) ? canonicalLong(micros) : null
    }
    case 'boolean':
      return !d.isZero()
    default:
      return undefined
  }
}

function toNumber(value: unknown, from: DataType): number | null {
  if (value instanceof Decimal) return value.toNumber()
  switch (from.type) {
    case 'string': {
      const s = (value as string).trim()
      if (s === '') return null
      const n = Number(s)
      return Number.isNaN(n) && s !== 'NaN' ? null : n
    }
    case 'boolean':
      return value ? 1 : 0
    case 'timestamp':
    case 'timestamp_ntz':
      return splitMicros(value as LongValue).seconds
    default:
      // A long past 2^53 (a bigint) as the nearest double, as Spark's cast to double.
      return typeof value === 'bigint' ? Number(value) : (value as number)
  }
}

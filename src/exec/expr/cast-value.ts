/**
 * Value casts with Spark's semantics for the types the engine handles (string ↔ numbers,
 * timestamps, dates, booleans). Spark 4 runs with ANSI mode on, and so does `cast` here: a value
 * out of the target's range is SL_EXEC_CAST_OVERFLOW (Spark: CAST_OVERFLOW — an integral
 * narrowing, a float/double/decimal to an integral type, NaN and infinities included), a decimal
 * past its precision SL_EXEC_DECIMAL_OVERFLOW (NUMERIC_VALUE_OUT_OF_RANGE), and a string that is
 * not a value of the target type SL_EXEC_CAST_INVALID_INPUT (CAST_INVALID_INPUT). With
 * mode `'try'` (or `false`) every such failure is null, as Spark's `try_cast` (also used where a
 * cast is a best-effort parse, e.g. date_format of a string). Mode `'legacy'` is Spark's cast with
 * `spark.sql.ansi.enabled=false`: an integral narrowing or a decimal to an integral type wraps
 * around (two's complement, as Java's), a float/double to an integral type saturates (NaN is 0),
 * a string to an integral type also takes a fraction and truncates it ('1.9' → 1), and the rest
 * of the failures are null. The file sources' own parsing is no cast and keeps its PERMISSIVE
 * nulls.
 */
import { castToString } from '../../internal/cast-to-string.js'
import { parseDate, parseTimestamp } from '../../internal/time/timestamp-parser.js'
import { EngineError } from '../../errors/index.js'
import { Decimal, fitDecimal, pow10 } from '../../types/decimal-value.js'
import { simpleString, type DataType } from '../../types/index.js'
import { decimalOverflow } from './decimal-arithmetic.js'
import {
  canonicalLong,
  fitsLong,
  joinMicros,
  parseLong,
  splitMicros,
  type LongValue,
} from '../../types/long-value.js'

/** How a cast that fails ends: an error (ANSI), null (try_cast), or Spark's legacy result. */
export type CastMode = 'ansi' | 'try' | 'legacy'

/** CAST(value AS to); `false` is `'try'` (null where the cast fails), `true` `'ansi'`. */
export function castValue(
  value: unknown,
  from: DataType,
  to: DataType,
  timeZone: string,
  mode: CastMode | boolean = 'ansi',
): unknown {
  if (value === null || value === undefined) return null
  const out = castOrFail(value, from, to, timeZone)
  if (out !== FAILED) return out
  if (mode === 'legacy') return legacyCast(value, from, to)
  if (mode === false || mode === 'try') return null
  throw castError(value, from, to)
}

/**
 * Spark's non-ANSI result where the ANSI cast fails (Cast.scala with `ansiEnabled` false): only
 * integral targets differ from null.
 */
function legacyCast(value: unknown, from: DataType, to: DataType): unknown {
  const bits = INTEGRAL_BITS[to.type]
  if (bits === undefined) return null
  let whole: bigint
  if (from.type === 'string') {
    // UTF8String.toLong/toInt: sign, digits, and a fraction that is dropped; past the type: null.
    const text = (value as string).trim()
    if (!/^[+-]?\d+(\.\d*)?$/.test(text)) return null
    const fitted = fitIntegral(BigInt(text.replace(/\..*$/, '')), to)
    return fitted === FAILED ? null : fitted
  }
  if (value instanceof Decimal) {
    // Decimal.toInt/toShort/toByte are toLong then narrowed: truncated, then wrapped.
    whole = BigInt.asIntN(64, value.unscaled / pow10(value.scale))
  } else if (typeof value === 'bigint') {
    whole = value
  } else if (typeof value === 'number' && (from.type === 'float' || from.type === 'double')) {
    // Java's (long)/(int) of a double saturates and makes NaN 0; byte and short go through int.
    const widest = bits === 64n ? 64n : 32n
    const limit = 1n << (widest - 1n)
    whole = Number.isNaN(value)
      ? 0n
      : value >= Number(limit)
        ? limit - 1n
        : value <= -Number(limit)
          ? -limit
          : BigInt(Math.trunc(value))
  } else if (typeof value === 'number' && Number.isInteger(value)) {
    whole = BigInt(value)
  } else {
    return null
  }
  const wrapped = BigInt.asIntN(Number(bits), whole)
  return to.type === 'long' ? canonicalLong(wrapped) : Number(wrapped)
}

/** Why a cast failed (the error's code follows Spark's class for the same cast). */
function castError(value: unknown, from: DataType, to: DataType): EngineError {
  const shown = from.type === 'string' ? `'${String(value)}'` : String(value)
  const params = {
    value: shown,
    from: simpleString(from).toUpperCase(),
    to: simpleString(to).toUpperCase(),
  }
  if (from.type === 'string') {
    // A string that is a number too large for a decimal type is out of range, not malformed.
    if (to.type === 'decimal' && Decimal.parse(String(value).trim()) !== undefined)
      return decimalOverflow(`CAST(${shown} AS ${params.to})`, String(value).trim(), to)
    return new EngineError('SL_EXEC_CAST_INVALID_INPUT', params)
  }
  if (to.type === 'decimal') return decimalOverflow(`CAST(${shown} AS ${params.to})`, shown, to)
  return new EngineError('SL_EXEC_CAST_OVERFLOW', params)
}

/** Marks a failed cast (null is a result: a null input). */
const FAILED = Symbol('cast failed')

const INTEGRAL_BITS: Partial<Record<DataType['type'], bigint>> = {
  byte: 8n,
  short: 16n,
  integer: 32n,
  long: 64n,
}

/** `whole` (an integer-valued number or bigint) as `to`, or FAILED past its range. */
function fitIntegral(whole: number | bigint, to: DataType): unknown {
  const bits = INTEGRAL_BITS[to.type]!
  const limit = 1n << (bits - 1n)
  const big = typeof whole === 'bigint' ? whole : BigInt(whole)
  if (big < -limit || big >= limit) return FAILED
  if (to.type === 'long') return canonicalLong(big)
  return Number(big)
}

/** Spark's ANSI string to integral (UTF8String.toLongExact): optional sign and digits only. */
function parseIntegralText(text: string): bigint | undefined {
  return /^[+-]?\d+$/.test(text) ? BigInt(text) : undefined
}

function castOrFail(value: unknown, from: DataType, to: DataType, timeZone: string): unknown {
  if (to.type === 'decimal') return castToDecimal(value, from, to.precision, to.scale) ?? FAILED
  if (from.type === to.type) return value
  if (from.type === 'decimal' && value instanceof Decimal) {
    const exact = castFromDecimal(value, to)
    if (exact !== undefined) return exact
  }
  switch (to.type) {
    case 'string':
      return castToString(value, from, timeZone)
    case 'long':
    case 'byte':
    case 'short':
    case 'integer': {
      // Exact (types/long-value.ts): digits past 2^53 and doubles past 2^53 keep their value.
      if (from.type === 'string') {
        const text = (value as string).trim()
        const exact = to.type === 'long' ? parseLong(text) : undefined
        if (exact !== undefined) return exact
        const whole = parseIntegralText(text)
        return whole === undefined ? FAILED : fitIntegral(whole, to)
      }
      if (typeof value === 'bigint') return fitIntegral(value, to)
      const n = toNumber(value, from)
      if (n === null || !Number.isFinite(n)) return FAILED
      return fitIntegral(Math.trunc(n), to)
    }
    case 'float':
    case 'double': {
      if (from.type === 'string') return parseFractional(value as string) ?? FAILED
      const n = toNumber(value, from)
      return n === null ? FAILED : to.type === 'float' ? Math.fround(n) : n
    }
    case 'boolean':
      if (from.type === 'string') {
        const s = (value as string).trim().toLowerCase()
        if (['t', 'true', 'y', 'yes', '1'].includes(s)) return true
        if (['f', 'false', 'n', 'no', '0'].includes(s)) return false
        return FAILED
      }
      return toNumber(value, from) !== 0
    case 'timestamp':
    case 'timestamp_ntz':
      if (from.type === 'string')
        return parseTimestamp(value as string, to.type === 'timestamp' ? timeZone : 'UTC') ?? FAILED
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
      if (from.type === 'string') return parseDate(value as string) ?? FAILED
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
      if (whole < -limit || whole >= limit) return FAILED
      return to.type === 'long' ? canonicalLong(whole) : Number(whole)
    }
    case 'timestamp':
    case 'timestamp_ntz': {
      // Spark: (d × 1,000,000).longValue — the microseconds, truncated.
      const micros = (d.unscaled * 1_000_000n) / pow10(d.scale)
      return fitsLong(micros) ? canonicalLong(micros) : FAILED
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

/**
 * Spark's string to double/float (Cast.processFloatingPointSpecialLiterals + Java's parseDouble):
 * decimal or scientific notation, an optional d/f suffix, and inf/infinity/nan in any case.
 */
function parseFractional(text: string): number | undefined {
  const s = text.trim()
  const special = s.toLowerCase()
  if (special === 'nan') return NaN
  if (['inf', '+inf', 'infinity', '+infinity'].includes(special)) return Infinity
  if (['-inf', '-infinity'].includes(special)) return -Infinity
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/.test(s)) return undefined
  return Number(s.replace(/[dDfF]$/, ''))
}

/**
 * Conversion between the engine's positional rows and the objects users see and give:
 * `{event_id: 'a', timestamp: Timestamp, window: {start, end}}`. Timestamps become
 * {@link Timestamp}, dates ISO `YYYY-MM-DD` strings, decimals exact {@link Decimal}s, structs nested
 * objects, maps JS Maps.
 */
import { EngineError } from '../errors/index.js'
import { formatDate, parseDate, parseTimestamp } from '../internal/time/timestamp-parser.js'
import type { DataType, Row, StructType } from '../types/index.js'
import { canonicalLong, fitsLong } from '../types/long-value.js'
import { Decimal, fitDecimal } from '../types/decimal-value.js'
import { Timestamp } from './timestamp.js'

/** A row as users see it. */
export type RowObject = Record<string, unknown>

export function toRowObject(schema: StructType, row: Row): RowObject {
  const o: RowObject = {}
  const fields = schema.fields
  for (let i = 0; i < fields.length; i++)
    o[fields[i]!.name] = toUserValue(fields[i]!.dataType, row[i] ?? null)
  return o
}

function toUserValue(t: DataType, v: unknown): unknown {
  if (v === null) return null
  switch (t.type) {
    case 'timestamp':
    case 'timestamp_ntz':
      return Timestamp.fromMicros(v as number | bigint)
    case 'date':
      return formatDate(v as number)
    case 'struct':
      return toRowObject(t, v as Row)
    case 'array':
      return (v as unknown[]).map((e) => toUserValue(t.elementType, e ?? null))
    case 'map':
      return new Map(
        [...(v as Map<unknown, unknown>)].map(([k, x]) => [
          toUserValue(t.keyType, k),
          toUserValue(t.valueType, x ?? null),
        ]),
      )
    default:
      return v
  }
}

/** Converts a user row (object by field name, or array by position) into an engine row. */
export function fromUserRow(
  schema: StructType,
  input: unknown,
  timeZone: string,
  where: string,
): Row {
  const fields = schema.fields
  if (Array.isArray(input))
    return fields.map((f, i) =>
      fromUserValue(f.dataType, input[i] ?? null, timeZone, `${where}.${f.name}`),
    )
  if (typeof input === 'object' && input !== null) {
    const o = input as Record<string, unknown>
    return fields.map((f) =>
      fromUserValue(f.dataType, o[f.name] ?? null, timeZone, `${where}.${f.name}`),
    )
  }
  throw bad(where, input, 'an object or an array')
}

function fromUserValue(t: DataType, v: unknown, tz: string, where: string): unknown {
  if (v === null) return null
  switch (t.type) {
    case 'timestamp':
    case 'timestamp_ntz': {
      if (v instanceof Date) return Timestamp.microsOf(v)
      if (typeof v === 'string') {
        const micros = parseTimestamp(v, t.type === 'timestamp' ? tz : 'UTC')
        if (micros === null) throw bad(where, v, 'a timestamp such as "2026-01-01 00:00:10"')
        return micros
      }
      if (typeof v === 'number') return v * 1_000_000
      throw bad(where, v, 'a Date, a timestamp string or epoch seconds')
    }
    case 'date':
      if (typeof v === 'string') {
        const d = parseDate(v)
        if (d === null) throw bad(where, v, 'a date such as "2026-01-01"')
        return d
      }
      if (v instanceof Date) return Math.floor(v.getTime() / 86_400_000)
      throw bad(where, v, 'a date string')
    case 'string':
      if (typeof v !== 'string') throw bad(where, v, 'a string')
      return v
    case 'boolean':
      if (typeof v !== 'boolean') throw bad(where, v, 'a boolean')
      return v
    case 'byte':
    case 'short':
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw bad(where, v, 'an integer')
      return v
    case 'long':
      // Exact (types/long-value.ts): a bigint within 64 bits, or a safe-integer number.
      if (typeof v === 'bigint' && fitsLong(v)) return canonicalLong(v)
      if (typeof v !== 'number' || !Number.isSafeInteger(v))
        throw bad(where, v, 'an integer (a bigint beyond ±2^53, within 64 bits)')
      return v
    case 'float':
    case 'double':
      if (typeof v !== 'number') throw bad(where, v, 'a number')
      return v
    case 'decimal': {
      // Exact (types/decimal-value.ts): rounded HALF_UP to the scale, as Spark's Decimal.set.
      const d =
        v instanceof Decimal
          ? v
          : typeof v === 'string'
            ? Decimal.parse(v.trim())
            : typeof v === 'bigint'
              ? Decimal.fromInteger(v)
              : typeof v === 'number'
                ? Decimal.fromNumber(v)
                : undefined
      const fitted = d === undefined ? null : fitDecimal(d, t.precision, t.scale)
      if (fitted === null)
        throw bad(
          where,
          v,
          `a Decimal, a decimal string or a number that fits decimal(${t.precision},${t.scale})`,
        )
      return fitted
    }
    case 'struct':
      return fromUserRow(t, v, tz, where)
    case 'array':
      if (!Array.isArray(v)) throw bad(where, v, 'an array')
      return v.map((e, i) => fromUserValue(t.elementType, e ?? null, tz, `${where}[${i}]`))
    case 'map': {
      const entries = v instanceof Map ? [...v] : Object.entries(v as object)
      return new Map(
        entries.map(([k, x]) => [
          fromUserValue(t.keyType, k, tz, where),
          fromUserValue(t.valueType, x ?? null, tz, where),
        ]),
      )
    }
    default:
      return v
  }
}

function bad(where: string, value: unknown, expected: string): EngineError {
  return new EngineError('SL_API_INVALID_ARGUMENT', {
    argument: where,
    function: 'createDataFrame',
    value:
      value instanceof Decimal || typeof value === 'bigint'
        ? String(value)
        : (JSON.stringify(value) ?? String(value)),
    hint: `Expected ${expected}.`,
  })
}

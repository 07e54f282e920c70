/**
 * Value casts with Spark's semantics for the types the engine handles (string ↔ numbers,
 * timestamps, dates, booleans). Unparsable strings become null (Spark's `try_cast` behaviour;
 * Spark 4's ANSI `cast` would raise instead — noted in the docs).
 */
import { castToString } from '../../internal/cast-to-string.js'
import { parseDate, parseTimestamp } from '../../internal/time/timestamp-parser.js'
import type { DataType } from '../../types/index.js'

const MICROS_PER_DAY = 86_400_000_000

/** CAST(value AS to). */
export function castValue(value: unknown, from: DataType, to: DataType, timeZone: string): unknown {
  if (value === null || value === undefined) return null
  if (from.type === to.type) return value
  switch (to.type) {
    case 'string':
      return castToString(value, from, timeZone)
    case 'byte':
    case 'short':
    case 'integer':
    case 'long': {
      const n = toNumber(value, from)
      if (n === null || !Number.isFinite(n)) return null
      return Math.trunc(n)
    }
    case 'float':
    case 'double':
    case 'decimal':
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
      if (from.type === 'date') return (value as number) * MICROS_PER_DAY
      if (from.type === 'timestamp' || from.type === 'timestamp_ntz') return value
      return Math.trunc((value as number) * 1_000_000)
    case 'binary':
      // CAST(string AS BINARY) is the string's UTF-8 bytes.
      return from.type === 'string' ? new TextEncoder().encode(value as string) : null
    case 'date':
      if (from.type === 'string') return parseDate(value as string)
      if (from.type === 'timestamp' || from.type === 'timestamp_ntz')
        return Math.floor((value as number) / MICROS_PER_DAY)
      return null
    default:
      return null
  }
}

function toNumber(value: unknown, from: DataType): number | null {
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
      return Math.floor((value as number) / 1_000_000)
    default:
      return value as number
  }
}

/**
 * CAST(x AS STRING) with Spark's renderings (doubles with a fractional digit, timestamps in the
 * session zone, structs in braces). Used by casts in expressions and by the `show()` table, so it
 * lives below both (internal must not depend on exec).
 */
import { formatDate, formatTimestamp } from './time/timestamp-parser.js'
import type { DataType } from '../types/index.js'

/** Renders a value as Spark's CAST(x AS STRING) does. */
const UTF8 = new TextDecoder('utf-8')

export function castToString(value: unknown, from: DataType, timeZone: string): string | null {
  if (value === null || value === undefined) return null
  switch (from.type) {
    case 'string':
      return value as string
    case 'double':
    case 'float':
      return formatDouble(value as number)
    case 'timestamp':
      return formatTimestamp(value as number, timeZone)
    case 'timestamp_ntz':
      return formatTimestamp(value as number, 'UTC')
    case 'date':
      return formatDate(value as number)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'binary':
      // CAST(binary AS STRING) reads the bytes as UTF-8; invalid sequences become U+FFFD.
      return UTF8.decode(value as Uint8Array)
    case 'struct': {
      const s = from
      return `{${(value as unknown[]).map((v, i) => castToString(v, s.fields[i]!.dataType, timeZone) ?? 'null').join(', ')}}`
    }
    default:
      return String(value)
  }
}

/** Spark prints doubles with at least one fractional digit: 1.0, 1.5E10, NaN, Infinity. */
export function formatDouble(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity'
  // Java's Double.toString keeps the sign of zero (Spark's CAST(-0.0 AS STRING) is "-0.0").
  if (Object.is(v, -0)) return '-0.0'
  if (Number.isInteger(v) && Math.abs(v) < 1e7) return `${v}.0`
  const abs = Math.abs(v)
  if (abs >= 1e7 || (abs < 1e-3 && abs !== 0)) {
    const [m, e] = v.toExponential().split('e')
    const mantissa = m!.includes('.') ? m! : `${m!}.0`
    return `${mantissa}E${Number(e)}`
  }
  return String(v)
}

/**
 * Partition values (PROTOCOL.md §Partition Value Serialization; delta-notes §3.3). In the log they
 * are strings (null or "" for null); directories use Hive escaping; `add.path` is the URI form of
 * the relative path, which readers decode once.
 *
 * Timestamps come in two spellings: `2024-01-01 10:00:00[.ffffff]` (Spark < 4, delta-rs; taken as
 * UTC here) and ISO-8601 `2024-01-01T10:00:00.000000Z` (Spark 4, our writer).
 */
import { Decimal, fitDecimal } from '../types/decimal-value.js'
import type { DataType } from '../types/index.js'
import { joinMicros, parseLong, splitMicros, type LongValue } from '../types/long-value.js'

/** The directory name Hive and Spark use for null partition values. */
export const HIVE_DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__'

/** Serializes a typed partition value for `partitionValues`. */
export function serializePartitionValue(t: DataType, value: unknown): string | null {
  if (value == null) return null
  switch (t.type) {
    case 'timestamp':
    case 'timestamp_ntz': {
      // Exact to the microsecond over 0001..9999 (micros past 2^53 are bigints, long-value.ts).
      const { seconds, micros } = splitMicros(value as LongValue)
      const millis = seconds * 1000 + Math.floor(micros / 1000)
      const frac = String(micros % 1000).padStart(3, '0')
      const iso = new Date(millis).toISOString()
      const text = `${iso.slice(0, -1)}${frac}`
      return t.type === 'timestamp' ? `${text}Z` : text.replace('T', ' ')
    }
    case 'date':
      return new Date(Number(value) * 86_400_000).toISOString().slice(0, 10)
    case 'boolean':
      return value ? 'true' : 'false'
    default:
      return String(value)
  }
}

/** Parses a `partitionValues` string into the in-memory representation of type `t`. */
export function parsePartitionValue(t: DataType, text: string | null | undefined): unknown {
  if (text == null || text === '') return null
  switch (t.type) {
    case 'string':
      return text
    case 'long':
      return parseLong(text.trim()) ?? Number(text)
    case 'byte':
    case 'short':
    case 'integer':
    case 'float':
    case 'double':
      return Number(text)
    case 'decimal': {
      // Exact (decimal-value.ts); Spark logs the plain text of the value at the column's scale.
      const d = Decimal.parse(text.trim())
      return d === undefined ? null : fitDecimal(d, t.precision, t.scale)
    }
    case 'boolean':
      return text.toLowerCase() === 'true'
    case 'date':
      return Math.round(Date.parse(`${text.slice(0, 10)}T00:00:00Z`) / 86_400_000)
    case 'timestamp':
    case 'timestamp_ntz':
      return parseTimestampMicros(text)
    case 'binary':
      return new TextEncoder().encode(text)
    default:
      return text
  }
}

/** Parses either timestamp spelling into microseconds; a missing zone means UTC. */
export function parseTimestampMicros(text: string): LongValue {
  const m =
    /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/.exec(
      text.trim(),
    )
  if (!m) return Date.parse(text) * 1000
  const [, day, hh, mm, ss, frac = '', zone = 'Z'] = m
  const seconds =
    Date.parse(`${day}T${hh}:${mm}:${ss}${zone === 'Z' ? 'Z' : normalizeZone(zone)}`) / 1000
  const micros = Number((frac + '000000').slice(0, 6))
  return joinMicros(seconds, micros)
}

function normalizeZone(zone: string): string {
  return zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`
}

/**
 * Hive's escaping of a partition directory name component (Spark `ExternalCatalogUtils
 * .escapePathName`): control characters, the slash and `"#%'*:=?\{[]^` become `%XX`.
 */
export function escapePartitionPathValue(value: string): string {
  let out = ''
  for (const ch of value) {
    const code = ch.codePointAt(0)!
    if (code < 0x20 || code === 0x7f || '"#%\'*/:=?\\{[]^'.includes(ch)) {
      out += `%${code.toString(16).toUpperCase().padStart(2, '0')}`
    } else out += ch
  }
  return out
}

/** The relative directory `a=1/b=x` for ordered partition columns and serialized values. */
export function partitionDirectory(
  columns: readonly string[],
  values: Readonly<Record<string, string | null>>,
): string {
  return columns
    .map((c) => {
      const v = values[c]
      return `${escapePartitionPathValue(c)}=${v == null || v === '' ? HIVE_DEFAULT_PARTITION : escapePartitionPathValue(v)}`
    })
    .join('/')
}

/** The URI form of a relative file path, as stored in `add.path` (one level of %-encoding). */
export function toLogPath(relativePath: string): string {
  return relativePath
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%3D/g, '='))
    .join('/')
}

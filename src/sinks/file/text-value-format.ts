/**
 * How Spark's text writers (JSON `JacksonGenerator`, CSV `UnivocityGenerator`) render atomic
 * values: timestamps with `timestampFormat` (default `yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]`, so
 * milliseconds — Spark drops the microseconds too) in the writer's zone (option `timeZone`, else
 * the session's), timestamp_ntz with `timestampNTZFormat`, dates with `dateFormat`, doubles and
 * floats as Java's `toString`, decimals as Java's `BigDecimal.toString` (`12.50`, `0E-18`, `1.0E-7`:
 * checked with Spark 4.2's JSON and CSV writers and `to_json`).
 */
import { compileDateTimeFormatter } from '../../internal/time/datetime-formatter.js'
import { MICROS_PER_DAY } from '../../internal/time/civil-date.js'
import { requireZone } from '../../internal/time/resolve-zone.js'
import { formatDouble } from '../../internal/cast-to-string.js'
import type { ZoneRules } from '../../internal/time/zone-rules.js'
import { Decimal, decimalToJavaString } from '../../types/decimal-value.js'
import type { DataType } from '../../types/index.js'
import type { LongValue } from '../../types/long-value.js'

/** Spark's default `timestampFormat` of the JSON and CSV writers (non-legacy parser policy). */
export const DEFAULT_TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]"
const DEFAULT_TIMESTAMP_NTZ_FORMAT = "yyyy-MM-dd'T'HH:mm:ss[.SSS]"
const DEFAULT_DATE_FORMAT = 'yyyy-MM-dd'

/** Renders atomic values as text. @internal */
export interface TextValueFormat {
  /** The text of a non-null atomic value of type `t`. */
  atomic(t: DataType, value: unknown): string
}

/** The value format for writer options (`timestampFormat`, `timestampNTZFormat`, `dateFormat`, `timeZone`). @internal */
export function textValueFormat(
  options: Readonly<Record<string, string>>,
  sessionTimeZone: string,
): TextValueFormat {
  const zone = requireZone(options['timeZone'] ?? sessionTimeZone, 'timeZone')
  const utc = requireZone('UTC')
  const timestamp = compileDateTimeFormatter(options['timestampFormat'] ?? DEFAULT_TIMESTAMP_FORMAT)
  const timestampNtz = compileDateTimeFormatter(
    options['timestampNTZFormat'] ?? DEFAULT_TIMESTAMP_NTZ_FORMAT,
  )
  const date = compileDateTimeFormatter(options['dateFormat'] ?? DEFAULT_DATE_FORMAT)
  return {
    atomic(t, value) {
      return formatAtomic(t, value, { zone, utc, timestamp, timestampNtz, date })
    },
  }
}

interface Formatters {
  zone: ZoneRules
  utc: ZoneRules
  timestamp: (micros: LongValue, zone: ZoneRules) => string
  timestampNtz: (micros: LongValue, zone: ZoneRules) => string
  date: (micros: number, zone: ZoneRules) => string
}

function formatAtomic(t: DataType, value: unknown, f: Formatters): string {
  switch (t.type) {
    case 'timestamp':
      // Exact microseconds: a bigint past 2^53 (types/long-value.ts) is not rounded here.
      return f.timestamp(value as LongValue, f.zone)
    case 'timestamp_ntz':
      return f.timestampNtz(value as LongValue, f.utc)
    case 'date':
      return f.date(Number(value) * MICROS_PER_DAY, f.utc)
    case 'double':
    case 'float': {
      const n = Number(value)
      // Java prints the sign of negative zero (cast-to-string's formatDouble does not).
      if (Object.is(n, -0)) return '-0.0'
      return t.type === 'double' ? formatDouble(n) : formatFloat(n)
    }
    case 'decimal':
      return value instanceof Decimal ? decimalToJavaString(value) : String(value)
    case 'boolean':
      return value ? 'true' : 'false'
    default:
      return String(value)
  }
}

/**
 * Java's `Float.toString`: the shortest decimal that reads back as the same float, in the same
 * layout as doubles (1.0, 1.0E10).
 */
export function formatFloat(v: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return formatDouble(v)
  for (let digits = 1; digits <= 9; digits++) {
    const s = v.toPrecision(digits)
    if (Math.fround(Number(s)) === Math.fround(v)) return formatDouble(Number(s))
  }
  return formatDouble(v)
}

/**
 * Spark's `CSVInferSchema` (batch `inferSchema=true`): each column's type is folded over its
 * values, trying in order INT → BIGINT → DECIMAL(p,0) (an integer past BIGINT with at most 38
 * digits; Spark keeps decimals with a fraction out) → DOUBLE (Java's parseDouble, or nanValue /
 * positiveInf / negativeInf) → DATE (strict `yyyy-MM-dd`, or `dateFormat`) → TIMESTAMP (CAST
 * rules, or `timestampFormat`) → BOOLEAN (true/false, any case) → STRING. An empty value or
 * nullValue leaves the type as it is; a column with no value is STRING. Two types meet as Spark's
 * `compatibleType`: numbers widen (INT < BIGINT < DOUBLE; decimals widen to hold both, a DOUBLE
 * wins over a decimal), DATE and TIMESTAMP give TIMESTAMP, anything else STRING.
 *
 * Column names: the header's values (`header=true`) — an empty or nullValue one is `_c<i>`, and
 * names that repeat (case-insensitively) get their index appended — else `_c0`, `_c1`, ….
 */
import { compileDateTimeParser } from '../../internal/time/datetime-pattern.js'
import { parseDateRange } from '../../internal/time/date-parser.js'
import { requireZone } from '../../internal/time/resolve-zone.js'
import { parseTimestampRange } from '../../internal/time/timestamp-parser.js'
import { parseLong } from '../../types/long-value.js'
import {
  DataTypes,
  structField,
  structType,
  type DataType,
  type StructType,
} from '../../types/index.js'
import type { CsvParseOptions } from './csv-parse-options.js'
import type { CsvToken } from './csv-line-tokenizer.js'

/** The type of a column without values yet (Spark's NullType). */
const NONE: DataType = DataTypes.NullType

/** Java's Double.parseDouble (trimmed; decimal, Infinity or NaN; an optional f/d suffix). */
const JAVA_DOUBLE = /^[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?)$/
/** java.math.BigDecimal's text form, after Spark drops grouping commas. */
const BIG_DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** Column names from the first record, as Spark's `CSVUtils.makeSafeHeader`. */
export function csvColumnNames(first: readonly CsvToken[], o: CsvParseOptions): string[] {
  if (!o.header) return first.map((_, i) => `_c${i}`)
  const names = first.map((t) => (t.text === '' || t.text === o.nullValue ? null : t.text))
  const seen = new Map<string, number>()
  for (const n of names)
    if (n !== null) seen.set(n.toLowerCase(), (seen.get(n.toLowerCase()) ?? 0) + 1)
  return names.map((n, i) =>
    n === null ? `_c${i}` : (seen.get(n.toLowerCase()) ?? 0) > 1 ? `${n}${i}` : n,
  )
}

/** The schema of `records` (data records only, as tokens) with the given column names. */
export function inferCsvSchema(
  names: readonly string[],
  records: Iterable<readonly CsvToken[]>,
  o: CsvParseOptions,
): StructType {
  const infer = fieldInferrer(o)
  const types: DataType[] = names.map(() => NONE)
  for (const tokens of records) {
    const count = Math.min(tokens.length, types.length)
    for (let i = 0; i < count; i++) {
      const t = tokens[i]!
      const datum = t.text === '' ? (t.quoted ? o.emptyValue : o.nullValue) : t.text
      if (datum === '' || datum === o.nullValue) continue
      const so = types[i]!
      if (so.type === 'string') continue
      types[i] = compatible(so, infer(so, datum)) ?? DataTypes.StringType
    }
  }
  return structType(
    names.map((n, i) =>
      structField(n, types[i]!.type === 'void' ? DataTypes.StringType : types[i]!, true),
    ),
  )
}

/** `inferField` without the fold: the type of one value, starting from the type so far. */
function fieldInferrer(o: CsvParseOptions): (so: DataType, s: string) => DataType {
  const zone = requireZone(o.timeZone, 'timeZone')
  const strictDate =
    o.dateFormat === undefined ? null : compileDateTimeParser(o.dateFormat, 'dateFormat', null)
  const strictTimestamp =
    o.timestampFormat === undefined
      ? null
      : compileDateTimeParser(o.timestampFormat, 'timestampFormat', zone)
  const isDate = (s: string): boolean =>
    strictDate
      ? strictDate(s) !== null
      : /^\d{4}-\d{2}-\d{2}$/.test(s) && parseDateRange(s, 0, s.length) !== null
  const isTimestamp = (s: string): boolean =>
    (strictTimestamp ? strictTimestamp(s) : parseTimestampRange(s, 0, s.length, zone)) !== null
  const boolean = (s: string): DataType =>
    /^(true|false)$/i.test(s) ? DataTypes.BooleanType : DataTypes.StringType
  const timestamp = (s: string): DataType => (isTimestamp(s) ? DataTypes.TimestampType : boolean(s))
  const dateTime = (s: string): DataType => (isDate(s) ? DataTypes.DateType : timestamp(s))
  const double = (s: string): DataType =>
    JAVA_DOUBLE.test(s.trim()) || s === o.nanValue || s === o.positiveInf || s === o.negativeInf
      ? DataTypes.DoubleType
      : dateTime(s)
  const decimal = (s: string): DataType => {
    const d = bigDecimalType(s.replaceAll(',', ''))
    return d ?? double(s)
  }
  const long = (s: string): DataType =>
    parseLong(s) !== undefined ? DataTypes.LongType : decimal(s)
  const integer = (s: string): DataType =>
    /^[+-]?\d+$/.test(s) && isInt(s) ? DataTypes.IntegerType : long(s)
  return (so, s) => {
    switch (so.type) {
      case 'void':
      case 'integer':
        return integer(s)
      case 'long':
        return long(s)
      case 'decimal':
        return decimal(s)
      case 'double':
        return double(s)
      case 'date':
        return dateTime(s)
      case 'timestamp':
        return timestamp(s)
      case 'boolean':
        return boolean(s)
      default:
        return DataTypes.StringType
    }
  }
}

function isInt(s: string): boolean {
  const v = Number(s)
  return v >= -2147483648 && v <= 2147483647
}

/**
 * DecimalType(precision, scale) of `new BigDecimal(s)` when its scale is <= 0 and it fits 38
 * digits (a negative scale is refused by DecimalType, so `1e5` is a DOUBLE); else undefined.
 */
function bigDecimalType(s: string): DataType | undefined {
  const m = BIG_DECIMAL.exec(s)
  if (!m) return undefined
  const [int, frac = ''] = m[1]!.split('.')
  const exponent = m[2] ? Number(m[2].slice(1)) : 0
  const scale = frac.length - exponent
  // A fraction goes on to DOUBLE; a negative scale (1e5) is refused by DecimalType, so DOUBLE too.
  if (scale !== 0) return undefined
  const digits = `${int ?? ''}${frac}`.replace(/^0+/, '')
  const precision = Math.max(digits.length, 1)
  if (precision > 38) return undefined
  return DataTypes.decimal(precision, 0)
}

const NUMERIC_RANK: Readonly<Record<string, number>> = { integer: 0, long: 1, double: 3 }

/** Spark's `CSVInferSchema.compatibleType`; undefined = no common type (STRING). */
function compatible(a: DataType, b: DataType): DataType | undefined {
  if (a.type === 'void') return b
  if (b.type === 'void') return a
  if (a.type === b.type && a.type !== 'decimal') return a
  const ra = NUMERIC_RANK[a.type]
  const rb = NUMERIC_RANK[b.type]
  if (ra !== undefined && rb !== undefined) return ra >= rb ? a : b
  if (
    (a.type === 'double' && b.type === 'decimal') ||
    (a.type === 'decimal' && b.type === 'double')
  )
    return DataTypes.DoubleType
  const da = asDecimal(a)
  const db = asDecimal(b)
  if (da && db) {
    const scale = Math.max(da[1], db[1])
    const range = Math.max(da[0] - da[1], db[0] - db[1])
    return range + scale > 38 ? DataTypes.DoubleType : DataTypes.decimal(range + scale, scale)
  }
  if (
    (a.type === 'date' && b.type === 'timestamp') ||
    (a.type === 'timestamp' && b.type === 'date')
  )
    return DataTypes.TimestampType
  return undefined
}

/** A decimal's (precision, scale); INT and BIGINT as DECIMAL(10,0) and DECIMAL(20,0). */
function asDecimal(t: DataType): [number, number] | undefined {
  if (t.type === 'decimal') return [t.precision, t.scale]
  if (t.type === 'integer') return [10, 0]
  if (t.type === 'long') return [20, 0]
  return undefined
}

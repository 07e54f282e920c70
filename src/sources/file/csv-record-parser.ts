/**
 * Turns the text of a CSV file into rows of a schema, a port of Spark's `UnivocityParser`: records
 * are lines, or with `multiLine` may span lines inside quoted values (csv-records.ts); blank
 * records (and comment lines) are skipped; with `header` the first record of each file is
 * skipped (with enforceSchema=false it must name the schema's columns); a value equal to
 * nullValue is NULL; and a record is bad when its number of values differs from the schema's or
 * a value does not convert (partial results: the others are kept). PERMISSIVE keeps bad records
 * with the raw record in the corrupt-record column, DROPMALFORMED drops them, FAILFAST stops with
 * the file and line.
 */
import { SourceError } from '../../errors/index.js'
import { compileDateTimeParser } from '../../internal/time/datetime-pattern.js'
import { parseDateRange } from '../../internal/time/date-parser.js'
import { requireZone } from '../../internal/time/resolve-zone.js'
import {
  parseTimestampNtzRange,
  parseTimestampRange,
} from '../../internal/time/timestamp-parser.js'
import { simpleString, type DataType, type Row, type StructType } from '../../types/index.js'
import type { BadRecord } from './bad-record.js'
import type { CsvParseOptions } from './csv-parse-options.js'
import { toDecimal } from './json-decimal.js'
import { tokenizeCsvLine } from './csv-line-tokenizer.js'
import { csvRecords } from './csv-records.js'
import { parseLong } from '../../types/long-value.js'

const FAIL: unique symbol = Symbol('fail')
type Converter = (text: string) => unknown

export interface CsvParsed {
  readonly rows: Row[]
  readonly malformedLines: number
  readonly badRecords: BadRecord[]
}

export class CsvRecordParser {
  private readonly converters: Converter[]
  /** Output position of each data column (the schema minus the corrupt-record column). */
  private readonly positions: number[]
  private readonly corruptIndex: number
  private readonly width: number
  private readonly fieldNames: readonly string[]

  constructor(
    schema: StructType,
    private readonly options: CsvParseOptions,
  ) {
    const corruptName = options.columnNameOfCorruptRecord
    this.corruptIndex = schema.fields.findIndex((f) => f.name === corruptName)
    const corrupt = schema.fields[this.corruptIndex]
    if (corrupt !== undefined && (corrupt.dataType.type !== 'string' || !corrupt.nullable)) {
      throw new SourceError(
        'SL_SOURCE_INVALID_CORRUPT_RECORD_COLUMN',
        { column: corruptName, type: simpleString(corrupt.dataType), nullable: corrupt.nullable },
        { option: 'columnNameOfCorruptRecord' },
      )
    }
    this.width = schema.fields.length
    this.fieldNames = schema.fields.map((f) => f.name)
    this.positions = schema.fields.flatMap((_, i) => (i === this.corruptIndex ? [] : [i]))
    this.converters = this.positions.map((i) => {
      const f = schema.fields[i]!
      return converterFor(f.dataType, f.name, options)
    })
  }

  /**
   * Spark's `CSVHeaderChecker` with enforceSchema=false: the header names the schema's columns
   * (the corrupt-record column aside) in order, case-insensitively.
   */
  private checkHeader(line: string, file: string): void {
    const o = this.options
    const header = tokenizeCsvLine(line, o.sep, o.quote, o.escape).map((t) => t.text)
    const names = this.positions.map((i) => this.fieldNames[i]!)
    let problem: string | undefined
    if (header.length !== names.length)
      problem = `the header has ${header.length} columns, the schema ${names.length}`
    else {
      const i = header.findIndex((h, k) => h.toLowerCase() !== names[k]!.toLowerCase())
      if (i >= 0) problem = `expected ${names[i]} but found ${header[i]} (column ${i + 1})`
    }
    if (problem !== undefined)
      throw new SourceError(
        'SL_SOURCE_CSV_HEADER_MISMATCH',
        { path: file, problem, header: header.join(', '), schema: names.join(', ') },
        { path: file, option: 'enforceSchema' },
      )
  }

  /** Parses the whole text of `file`. */
  parse(text: string, file: string): CsvParsed {
    const o = this.options
    const rows: Row[] = []
    const badRecords: BadRecord[] = []
    let malformedLines = 0
    let headerPending = o.header
    for (const record of csvRecords(text, o.multiLine, o.sep, o.quote, o.escape)) {
      const line = record.text
      if (line.trim().length === 0) continue
      if (o.comment !== '' && line.startsWith(o.comment)) continue
      if (headerPending) {
        headerPending = false
        if (!o.enforceSchema) this.checkHeader(line, file)
        continue
      }
      const tokens = tokenizeCsvLine(line, o.sep, o.quote, o.escape)
      const row: Row = new Array<unknown>(this.width).fill(null)
      let reason: string | undefined
      if (tokens.length !== this.positions.length) {
        reason = `${tokens.length} values, but the schema has ${this.positions.length} columns`
      }
      const count = Math.min(tokens.length, this.positions.length)
      for (let k = 0; k < count; k++) {
        const t = tokens[k]!
        const datum = t.text === '' ? (t.quoted ? o.emptyValue : o.nullValue) : t.text
        if (datum === o.nullValue) continue
        const v = this.converters[k]!(datum)
        if (v === FAIL) {
          reason ??= `value ${JSON.stringify(datum)} cannot be converted (column ${k + 1})`
          continue
        }
        row[this.positions[k]!] = v
      }
      if (reason === undefined) {
        rows.push(row)
        continue
      }
      malformedLines++
      if (o.mode === 'FAILFAST') {
        const shown = line.length > 200 ? `${line.slice(0, 200)}…` : line
        throw new SourceError(
          'SL_SOURCE_MALFORMED_RECORD',
          { path: file, line: record.line, reason, record: shown },
          { path: file, line: record.line },
        )
      }
      if (o.badRecordsPath !== undefined) {
        badRecords.push({ path: file, line: record.line, record: line, reason })
        continue
      }
      if (o.mode === 'DROPMALFORMED') continue
      if (this.corruptIndex >= 0) row[this.corruptIndex] = line
      rows.push(row)
    }
    return { rows, malformedLines, badRecords }
  }
}

const INTEGRAL_RANGE: Readonly<Record<string, readonly [number, number]>> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
}

/** Java's Double.parseDouble: trimmed, decimal or Infinity/NaN, an optional f/d suffix. */
const JAVA_DOUBLE = /^[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?)$/

function converterFor(t: DataType, column: string, o: CsvParseOptions): Converter {
  switch (t.type) {
    case 'string':
      return (s) => s
    case 'long':
      // Long.parseLong: exact over the whole 64-bit range (a bigint past 2^53, long-value.ts).
      return (s) => parseLong(s) ?? FAIL
    case 'byte':
    case 'short':
    case 'integer': {
      const [lo, hi] = INTEGRAL_RANGE[t.type]!
      // Java's Integer.parseInt & co: a sign and digits, nothing else (no spaces).
      return (s) => {
        if (!/^[+-]?\d+$/.test(s)) return FAIL
        const v = Number(s)
        return v >= lo && v <= hi ? v : FAIL
      }
    }
    case 'float':
    case 'double':
      return (s) => {
        if (s === o.nanValue) return NaN
        if (s === o.positiveInf) return Infinity
        if (s === o.negativeInf) return -Infinity
        const x = s.trim()
        if (!JAVA_DOUBLE.test(x)) return FAIL
        const body = x.replace(/[fFdD]$/, '')
        const v = body.endsWith('NaN') ? NaN : Number(body)
        return t.type === 'float' ? Math.fround(v) : v
      }
    case 'boolean':
      return (s) => {
        const l = s.toLowerCase()
        return l === 'true' ? true : l === 'false' ? false : FAIL
      }
    case 'decimal': {
      return (s) => {
        // Spark's decimal parser for the default locale drops grouping commas.
        const x = s.replaceAll(',', '')
        return toDecimal(x, 0, x.length, t.precision, t.scale) ?? FAIL
      }
    }
    case 'timestamp': {
      const zone = requireZone(o.timeZone, 'timeZone')
      const strict =
        o.timestampFormat === undefined
          ? null
          : compileDateTimeParser(o.timestampFormat, 'timestampFormat', zone)
      return (s) => (strict ? strict(s) : parseTimestampRange(s, 0, s.length, zone)) ?? FAIL
    }
    case 'timestamp_ntz':
      return (s) => parseTimestampNtzRange(s, 0, s.length) ?? FAIL
    case 'date': {
      const strict =
        o.dateFormat === undefined ? null : compileDateTimeParser(o.dateFormat, 'dateFormat', null)
      return (s) => (strict ? strict(s) : parseDateRange(s, 0, s.length)) ?? FAIL
    }
    case 'binary':
      return (s) => new TextEncoder().encode(s)
    default:
      throw new SourceError(
        'SL_SOURCE_UNSUPPORTED_TYPE',
        {
          format: 'csv',
          column,
          type: simpleString(t),
          problem: 'CSV holds only atomic values',
          hint: 'Read the column as STRING and parse it with from_json or split.',
        },
        { option: 'schema' },
      )
  }
}

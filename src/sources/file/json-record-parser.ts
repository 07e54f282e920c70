/**
 * JSON Lines → rows with Spark's semantics (spark-semantics §10.2, scenario S22): one record per
 * line (`\n`, `\r\n` or `\r`), blank lines skipped, a final line without terminator read; parse
 * modes PERMISSIVE (bad rows kept with partial values, raw line in the corrupt-record column
 * when the schema has it), DROPMALFORMED (bad rows dropped) and FAILFAST (SourceError naming the
 * file and line). The hot path never calls JSON.parse: a hand-written scanner converts straight
 * from the text into row arrays, which also keeps the exact text of numbers read as strings.
 *
 * Input edge cases, as Spark reads JSON Lines (Hadoop's LineRecordReader, then Jackson on each
 * line's bytes): a UTF-8 byte order mark (U+FEFF) at the start of the file is dropped
 * (`LineRecordReader.skipUtfByteOrderMark`), and so is one at the start of any later line of at
 * least 4 bytes (Jackson's `ByteSourceJsonBootstrapper` detects the encoding of each record);
 * a line whose JSON value contains bytes that are not UTF-8 (`decodeJsonText` reports them) is
 * a bad record without partial results, as Jackson's UTF-8 parser fails on them — bytes after
 * the value are never read, so they do not count. With `badRecordsPath` every bad record is
 * dropped from the rows and returned with its line and reason (Databricks' behaviour).
 */
import { SourceError } from '../../errors/index.js'
import { compileDateTimeParser } from '../../internal/time/datetime-pattern.js'
import { requireZone } from '../../internal/time/resolve-zone.js'
import { simpleString, type Row, type StructType } from '../../types/index.js'
import type { BadRecord } from './bad-record.js'
import { JsonLineReader, LINE_BLANK, LINE_BROKEN, LINE_GOOD } from './json-line-reader.js'
import type { JsonParseMode, JsonParseOptions } from './json-parse-options.js'
import { compileRootPlan } from './json-schema-plan.js'

export { parseOptions, type JsonParseMode, type JsonParseOptions } from './json-parse-options.js'

/** Rows read from a piece of a file, and how many of its lines were bad records. */
export interface JsonParseResult {
  readonly rows: Row[]
  readonly malformedLines: number
  /** The bad records themselves; only collected with option badRecordsPath. */
  readonly badRecords: BadRecord[]
  /** The number of the line after the last line read. */
  readonly nextLine: number
}

const NO_OFFSETS: readonly number[] = []
const BOM = 0xfeff

/**
 * Converts JSON Lines text into rows of a fixed schema.
 *
 * @example
 * ```ts
 * const parser = new JsonRecordParser(schema, parseOptions({}, 'UTC'))
 * const { rows } = parser.parse('{"id":1}\n{"id":2}\n', '/data/part-0.json')
 * ```
 */
export class JsonRecordParser {
  private readonly reader: JsonLineReader
  private readonly mode: JsonParseMode
  private readonly width: number
  private readonly corruptIndex: number
  private readonly collectBadRecords: boolean
  private readonly arraysAsRecords: boolean

  /**
   * `arraysAsRecords` false: a top-level JSON array is a malformed record instead of one record
   * per element — from_json's rule (Spark's `allowArrayAsStructs = false`), where the JSON file
   * source reads `[{…}, {…}]` as two rows.
   */
  constructor(schema: StructType, options: JsonParseOptions, { arraysAsRecords = true } = {}) {
    this.arraysAsRecords = arraysAsRecords
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
    const zone = requireZone(options.timeZone, 'timeZone')
    const formats = {
      timestamp:
        options.timestampFormat === undefined
          ? null
          : compileDateTimeParser(options.timestampFormat, 'timestampFormat', zone),
      date:
        options.dateFormat === undefined
          ? null
          : compileDateTimeParser(options.dateFormat, 'dateFormat', null),
    }
    this.reader = new JsonLineReader(compileRootPlan(schema, corruptName), zone, formats)
    this.mode = options.mode
    this.width = schema.fields.length
    this.collectBadRecords = options.badRecordsPath !== undefined
  }

  /**
   * Parses `text` (whole lines of `file`; `firstLine` is the 1-based number of its first line,
   * used in FAILFAST errors and bad records; 1 means `text` starts the file). `invalidUtf8` are
   * the offsets of replaced byte sequences (`decodeJsonText`) counted from `offset`, the
   * position of `text` in the decoded file.
   */
  parse(
    text: string,
    file: string,
    firstLine = 1,
    invalidUtf8: readonly number[] = NO_OFFSETS,
    offset = 0,
  ): JsonParseResult {
    const reader = this.reader
    reader.setText(text)
    const rows: Row[] = []
    const badRecords: BadRecord[] = []
    let malformedLines = 0
    const length = text.length
    let nextCr = text.indexOf('\r')
    let nextInvalid = 0
    let pos = 0
    let line = firstLine
    while (pos < length) {
      let lineEnd = text.indexOf('\n', pos)
      if (lineEnd < 0) lineEnd = length
      let next = lineEnd + 1
      if (nextCr >= 0) {
        if (nextCr < pos) nextCr = text.indexOf('\r', pos)
        if (nextCr >= 0 && nextCr < lineEnd) {
          next = text.charCodeAt(nextCr + 1) === 10 ? nextCr + 2 : nextCr + 1
          lineEnd = nextCr
        }
      }
      // Hadoop strips a BOM at the start of the file (the record then starts after it); Jackson
      // skips one at the start of any record of at least 4 bytes (it stays in the record).
      let start = pos
      let recordStart = pos
      if (pos === 0 && line === 1 && text.charCodeAt(0) === BOM) start = recordStart = 1
      if (text.charCodeAt(start) === BOM && lineEnd - start >= 2) start++
      let outcome = reader.readLine(start, lineEnd)
      while (nextInvalid < invalidUtf8.length && invalidUtf8[nextInvalid]! - offset < pos)
        nextInvalid++
      if (
        nextInvalid < invalidUtf8.length &&
        outcome !== LINE_BLANK &&
        invalidUtf8[nextInvalid]! - offset < lineEnd
      ) {
        const at = invalidUtf8[nextInvalid]! - offset
        // Jackson read up to the reader's position: a bad byte there or before fails the record.
        if (outcome === LINE_BROKEN ? at <= reader.position : at < reader.position) {
          outcome = LINE_BROKEN
          reader.reason = `the line is not valid UTF-8 (an invalid byte sequence at column ${at - pos + 1})`
        }
      }
      if (outcome === LINE_GOOD && reader.row === null && !this.arraysAsRecords) {
        outcome = LINE_BROKEN
        reader.reason =
          'the value is a JSON array; from_json with a struct schema expects an object'
      }
      if (outcome === LINE_GOOD) {
        if (reader.row !== null) rows.push(reader.row)
        else for (const row of reader.rows!) rows.push(row)
      } else if (outcome !== LINE_BLANK) {
        malformedLines++
        const raw = text.slice(recordStart, lineEnd)
        if (this.mode === 'FAILFAST') throw this.malformed(file, line, raw)
        if (this.collectBadRecords) badRecords.push(this.badRecord(file, line, raw))
        else if (this.mode === 'PERMISSIVE') this.keepBad(rows, outcome, raw)
      }
      pos = next
      line++
    }
    return { rows, malformedLines, badRecords, nextLine: line }
  }

  private keepBad(rows: Row[], outcome: number, raw: string): void {
    const reader = this.reader
    const partial =
      outcome === LINE_BROKEN
        ? [new Array<unknown>(this.width).fill(null)]
        : (reader.rows ?? [reader.row!])
    for (const row of partial) {
      if (this.corruptIndex >= 0) row[this.corruptIndex] = raw
      rows.push(row)
    }
  }

  private badRecord(path: string, line: number, record: string): BadRecord {
    return { path, line, record, reason: this.reader.reason ?? 'the record could not be parsed' }
  }

  private malformed(file: string, line: number, raw: string): SourceError {
    const record = raw.length > 200 ? `${raw.slice(0, 200)}…` : raw
    const reason = this.reader.reason ?? 'the record could not be parsed'
    return new SourceError(
      'SL_SOURCE_MALFORMED_RECORD',
      { path: file, line, reason, record },
      { path: file, line },
    )
  }
}

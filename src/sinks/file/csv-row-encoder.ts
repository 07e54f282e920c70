/**
 * CSV lines as Spark's CSV writer (`UnivocityGenerator` over univocity's `CsvWriter`) writes them:
 * options `sep` (alias `delimiter`, default `,`), `quote` (`"`), `escape` (`\`), `nullValue`
 * (empty), `emptyValue` (`""`), `quoteAll` (false), `escapeQuotes` (true), `header` (false),
 * `ignoreLeadingWhiteSpace`/`ignoreTrailingWhiteSpace` (true when writing: univocity trims values,
 * so Spark's own output loses that whitespace too). A value is quoted when it holds the separator,
 * the quote character or a line break; inside quotes the quote character is escaped with `escape`.
 * Only atomic columns are written (Spark's CSV source refuses the others).
 */
import { SinkError } from '../../errors/index.js'
import { simpleString, type Row, type StructType } from '../../types/index.js'
import { flag } from '../delta/delta-write-options.js'
import type { TextValueFormat } from './text-value-format.js'

/** The CSV writer's option names. @internal */
export const CSV_WRITE_OPTIONS = [
  'header',
  'sep',
  'delimiter',
  'quote',
  'escape',
  'nullValue',
  'emptyValue',
  'quoteAll',
  'escapeQuotes',
  'ignoreLeadingWhiteSpace',
  'ignoreTrailingWhiteSpace',
  'timestampFormat',
  'timestampNTZFormat',
  'dateFormat',
  'timeZone',
] as const

/** The CSV settings of a write. @internal */
export interface CsvSettings {
  readonly header: boolean
  readonly sep: string
  readonly quote: string
  readonly escape: string
  readonly nullValue: string
  readonly emptyValue: string
  readonly quoteAll: boolean
  readonly escapeQuotes: boolean
  readonly trimLeading: boolean
  readonly trimTrailing: boolean
}

/** Reads the CSV options. @internal */
export function csvSettings(options: Readonly<Record<string, string>>): CsvSettings {
  const bool = (name: string, dflt: boolean): boolean =>
    options[name] === undefined ? dflt : flag(options, name)
  return {
    header: bool('header', false),
    sep: unescapeSep(options['sep'] ?? options['delimiter'] ?? ','),
    quote: options['quote'] ?? '"',
    escape: options['escape'] ?? '\\',
    nullValue: options['nullValue'] ?? '',
    emptyValue: options['emptyValue'] ?? '""',
    quoteAll: bool('quoteAll', false),
    escapeQuotes: bool('escapeQuotes', true),
    trimLeading: bool('ignoreLeadingWhiteSpace', true),
    trimTrailing: bool('ignoreTrailingWhiteSpace', true),
  }
}

/** Spark accepts `\t` (the two characters) for a tab separator. */
function unescapeSep(sep: string): string {
  return sep === '\\t' ? '\t' : sep
}

/** Encodes rows of `schema` as CSV lines (and the header line). @internal */
export function csvRowEncoder(
  path: string,
  schema: StructType,
  format: TextValueFormat,
  s: CsvSettings,
): { header: string; encode: (row: Row) => string } {
  for (const f of schema.fields) {
    const t = f.dataType.type
    if (t === 'struct' || t === 'array' || t === 'map' || t === 'binary')
      throw new SinkError(
        'SL_SINK_UNSUPPORTED_TYPE',
        {
          format: 'csv',
          column: f.name,
          type: simpleString(f.dataType),
          hint: "Spark's CSV source writes atomic types only: convert the column to a string first, or write json or parquet.",
        },
        { path },
      )
  }
  const field = (text: string): string => {
    let v = text
    if (s.trimLeading) v = v.replace(/^[\u0000-\u0020]+/, '')
    if (s.trimTrailing) v = v.replace(/[\u0000-\u0020]+$/, '')
    const needs =
      s.quoteAll || v.includes(s.sep) || v.includes('\n') || v.includes('\r') || v.includes(s.quote)
    if (!needs) return v
    const escaped = s.escapeQuotes ? v.split(s.quote).join(s.escape + s.quote) : v
    return s.quote + escaped + s.quote
  }
  const cell = (i: number, v: unknown): string => {
    if (v === null || v === undefined) return s.nullValue
    const t = schema.fields[i]!.dataType
    if (t.type === 'string' && v === '') return s.emptyValue
    return field(t.type === 'string' ? (v as string) : format.atomic(t, v))
  }
  return {
    header: schema.fields.map((f) => field(f.name)).join(s.sep),
    encode: (row) => row.map((v, i) => cell(i, v)).join(s.sep),
  }
}

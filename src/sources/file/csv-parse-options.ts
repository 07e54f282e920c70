/**
 * Options of the CSV reader (Spark's `CSVOptions` for reading), validated up front with errors
 * naming the option. Keys are case-insensitive as in Spark. Parse mode, corrupt-record column,
 * time zone, timestampFormat/dateFormat and badRecordsPath are the JSON reader's rules.
 */
import { SourceError } from '../../errors/index.js'
import { parseOptions, type JsonParseOptions } from './json-parse-options.js'

export interface CsvParseOptions extends JsonParseOptions {
  readonly header: boolean
  /** Field separator (`sep` or `delimiter`), default `,`. */
  readonly sep: string
  /** Quote character, default `"`; '' = no quoting (Spark's `\u0000`). */
  readonly quote: string
  /** Escape character inside quoted values, default `\`. */
  readonly escape: string
  /** Text read as NULL (and what an unquoted empty value becomes), default ''. */
  readonly nullValue: string
  /** What a quoted empty value `""` becomes, default '' (so NULL unless nullValue is set). */
  readonly emptyValue: string
  readonly nanValue: string
  readonly positiveInf: string
  readonly negativeInf: string
  /** Lines starting with this character are skipped; '' = none (the default). */
  readonly comment: string
  /** Quoted values may span lines (csv-records.ts). */
  readonly multiLine: boolean
  /** Batch reads without a schema infer the column types (infer-csv-schema.ts). */
  readonly inferSchema: boolean
  /**
   * True (the default): the schema is applied by position and header names are ignored; false:
   * each file's header must name the schema's columns (case-insensitively).
   */
  readonly enforceSchema: boolean
}

const UNSUPPORTED_UNLESS_DEFAULT: readonly (readonly [string, string])[] = [
  ['ignoreLeadingWhiteSpace', 'false'],
  ['ignoreTrailingWhiteSpace', 'false'],
  ['lineSep', ''],
  ['unescapedQuoteHandling', 'STOP_AT_DELIMITER'],
  ['charToEscapeQuoteEscaping', ''],
  ['locale', 'en-US'],
]

export function parseCsvOptions(
  raw: Readonly<Record<string, string>>,
  sessionTimeZone: string,
): CsvParseOptions {
  const get = (name: string): string | undefined => {
    const key = Object.keys(raw).find((k) => k.toLowerCase() === name.toLowerCase())
    return key === undefined ? undefined : raw[key]
  }
  const invalid = (option: string, value: string, problem: string, hint: string): never => {
    throw new SourceError(
      'SL_SOURCE_INVALID_OPTION',
      { option, format: 'csv', value, problem, hint },
      { option },
    )
  }
  const base = parseOptions(raw, sessionTimeZone)
  const bool = (name: string): boolean => {
    const v = get(name)
    if (v === undefined) return false
    const t = v.trim().toLowerCase()
    if (t !== 'true' && t !== 'false') invalid(name, v, 'is not a boolean', 'Use true or false.')
    return t === 'true'
  }
  const sampling = get('samplingRatio')
  if (sampling !== undefined && Number(sampling) !== 1)
    invalid(
      'samplingRatio',
      sampling,
      'is not supported other than 1',
      "Remove it: inferSchema reads every record (Spark's default, 1.0).",
    )
  // Spark options that change how text becomes values and are not implemented: refused when set
  // to anything but their default, rather than silently read differently.
  for (const [name, dflt] of UNSUPPORTED_UNLESS_DEFAULT) {
    const v = get(name)
    // Lines are split at \n, \r\n and \r, which covers those line separators.
    if (name === 'lineSep' && (v === '\n' || v === '\r\n' || v === '\r')) continue
    if (v !== undefined && v.trim().toLowerCase() !== dflt.toLowerCase()) {
      invalid(
        name,
        v,
        'is not supported yet',
        `Remove it (Spark's default is ${dflt === '' ? 'unset' : dflt}) or preprocess the files.`,
      )
    }
  }
  const encoding = get('encoding') ?? get('charset')
  if (encoding !== undefined && !/^utf-?8$/i.test(encoding.trim())) {
    invalid(
      'encoding',
      encoding,
      'is not supported',
      'Only UTF-8 files are read; convert the files to UTF-8.',
    )
  }
  const sepText = get('sep') ?? get('delimiter') ?? ','
  const sep = sepText === '\\t' ? '\t' : sepText
  if (sep.length !== 1) {
    invalid('sep', sepText, 'must be a single character', 'Use e.g. "," or ";" or "\\t".')
  }
  const char = (name: string, dflt: string): string => {
    const v = get(name)
    if (v === undefined) return dflt
    if (v === '' || v === '\u0000') return ''
    if (v.length !== 1)
      invalid(
        name,
        v,
        'must be a single character',
        `Use one character, e.g. ${JSON.stringify(dflt)}.`,
      )
    return v
  }
  const quote = char('quote', '"')
  const escape = char('escape', '\\')
  const comment = char('comment', '')
  return {
    ...base,
    header: bool('header'),
    multiLine: bool('multiLine'),
    inferSchema: bool('inferSchema'),
    enforceSchema: get('enforceSchema') === undefined ? true : bool('enforceSchema'),
    sep,
    quote,
    escape,
    comment,
    nullValue: get('nullValue') ?? '',
    emptyValue: get('emptyValue') ?? '',
    nanValue: get('nanValue') ?? 'NaN',
    positiveInf: get('positiveInf') ?? 'Inf',
    negativeInf: get('negativeInf') ?? '-Inf',
  }
}

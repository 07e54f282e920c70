/**
 * Options of the JSON reader that change how lines become rows, validated up front (STYLE 2.4.6)
 * with errors naming the option. Keys are case-insensitive as in Spark; values of `mode` too.
 */
import { SourceError } from '../../errors/index.js'
import { resolveZone } from '../../internal/time/resolve-zone.js'

/** How bad records are handled (Spark's `mode` option). */
export type JsonParseMode = 'PERMISSIVE' | 'DROPMALFORMED' | 'FAILFAST'

/** Parsing options of {@link JsonRecordParser}. */
export interface JsonParseOptions {
  /** Default PERMISSIVE. */
  readonly mode: JsonParseMode
  /** Default `_corrupt_record` (Spark's `spark.sql.columnNameOfCorruptRecord`). */
  readonly columnNameOfCorruptRecord: string
  /** Zone for zone-less timestamp strings; default the session time zone. */
  readonly timeZone: string
  /** A java.time pattern; when set, timestamp strings must match it exactly. */
  readonly timestampFormat?: string
  /** A java.time pattern; when set, date strings must match it exactly. */
  readonly dateFormat?: string
  /**
   * Databricks' `badRecordsPath`: when set, bad records are dropped from the rows (whatever the
   * PERMISSIVE/DROPMALFORMED mode) and reported, to be written under this directory.
   */
  readonly badRecordsPath?: string
}

const MODES: readonly JsonParseMode[] = ['PERMISSIVE', 'DROPMALFORMED', 'FAILFAST']

/**
 * Validates raw reader options into {@link JsonParseOptions}.
 *
 * @param sessionTimeZone `spark.sql.session.timeZone`, used when option timeZone is absent
 * @example
 * ```ts
 * const options = parseOptions({ mode: 'dropMalformed', timeZone: 'UTC' })
 * ```
 */
export function parseOptions(
  raw: Readonly<Record<string, string>>,
  sessionTimeZone = 'UTC',
): JsonParseOptions {
  const get = (name: string): string | undefined => {
    const key = Object.keys(raw).find((k) => k.toLowerCase() === name.toLowerCase())
    return key === undefined ? undefined : raw[key]
  }
  const invalid = (option: string, value: string, problem: string, hint: string): never => {
    throw new SourceError(
      'SL_SOURCE_INVALID_OPTION',
      { option, format: 'json', value, problem, hint },
      { option },
    )
  }
  const modeText = get('mode') ?? 'PERMISSIVE'
  const mode = MODES.find((m) => m === modeText.toUpperCase())
  if (mode === undefined) {
    invalid(
      'mode',
      modeText,
      'is not a parse mode',
      'Use PERMISSIVE (default), DROPMALFORMED or FAILFAST.',
    )
  }
  const corrupt = get('columnNameOfCorruptRecord') ?? '_corrupt_record'
  if (corrupt.length === 0) {
    invalid(
      'columnNameOfCorruptRecord',
      corrupt,
      'must not be empty',
      'Remove it to use _corrupt_record.',
    )
  }
  const timeZone = get('timeZone') ?? sessionTimeZone
  if (resolveZone(timeZone) === null) {
    invalid(
      'timeZone',
      timeZone,
      'is not a valid time zone',
      "Use a region ID such as 'America/Los_Angeles' (case-sensitive), 'UTC' or an offset such as '+01:00'.",
    )
  }
  const timestampFormat = get('timestampFormat')
  const dateFormat = get('dateFormat')
  const badRecordsPath = get('badRecordsPath')
  if (badRecordsPath !== undefined && badRecordsPath.trim() === '') {
    invalid(
      'badRecordsPath',
      badRecordsPath,
      'must be a directory path',
      'Give a directory for the bad records, or remove the option.',
    )
  }
  if (badRecordsPath !== undefined && mode === 'FAILFAST') {
    invalid(
      'badRecordsPath',
      badRecordsPath,
      'cannot be combined with mode FAILFAST',
      'Remove mode FAILFAST to write bad records there and go on, or remove badRecordsPath to stop at the first bad record.',
    )
  }
  return {
    mode: mode!,
    columnNameOfCorruptRecord: corrupt,
    timeZone,
    ...(timestampFormat === undefined ? {} : { timestampFormat }),
    ...(dateFormat === undefined ? {} : { dateFormat }),
    ...(badRecordsPath === undefined ? {} : { badRecordsPath }),
  }
}

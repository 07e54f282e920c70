/**
 * Options of the file stream source, validated before the query starts; one error lists the
 * problem with the option's name and value and how to fix it.
 */
import { resolve } from 'node:path'
import { EngineError } from '../../errors/index.js'

export interface FileSourceOptions {
  readonly maxFilesPerTrigger: number | undefined
  readonly maxBytesPerTrigger: number | undefined
  readonly latestFirst: boolean
  /**
   * Spark's `ignoreMissingFiles`: a file admitted into a batch that no longer exists when the
   * batch reads it is skipped with a warning instead of failing the batch. Default false.
   */
  readonly ignoreMissingFiles: boolean
  /** Databricks' `badRecordsPath`: where bad records (and missing files) of each batch go. */
  readonly badRecordsPath: string | undefined
}

export function parseFileSourceOptions(raw: Readonly<Record<string, string>>): FileSourceOptions {
  const maxFilesPerTrigger = positiveInt(raw, 'maxFilesPerTrigger')
  const maxBytesPerTrigger = byteSize(raw, 'maxBytesPerTrigger')
  if (maxFilesPerTrigger !== undefined && maxBytesPerTrigger !== undefined) {
    throw new EngineError(
      'SL_API_INVALID_OPTION',
      {
        option: 'maxBytesPerTrigger',
        problem: 'cannot be combined with maxFilesPerTrigger',
        value: raw['maxBytesPerTrigger'],
        hint: 'Set only one of maxFilesPerTrigger and maxBytesPerTrigger.',
      },
      { option: 'maxBytesPerTrigger' },
    )
  }
  return {
    maxFilesPerTrigger,
    maxBytesPerTrigger,
    latestFirst: bool(raw, 'latestFirst'),
    ...parseBadInputOptions(raw),
  }
}

/** The options on missing files and bad records, which batch reads take too. */
export function parseBadInputOptions(
  raw: Readonly<Record<string, string>>,
): Pick<FileSourceOptions, 'ignoreMissingFiles' | 'badRecordsPath'> {
  const badRecordsPath = optionValue(raw, 'badRecordsPath')
  return {
    ignoreMissingFiles: bool(raw, optionName(raw, 'ignoreMissingFiles')),
    badRecordsPath: badRecordsPath === undefined ? undefined : resolve(badRecordsPath),
  }
}

/** The key under which `name` was given (option names are case-insensitive, as in Spark). */
function optionName(raw: Readonly<Record<string, string>>, name: string): string {
  return Object.keys(raw).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name
}

function optionValue(raw: Readonly<Record<string, string>>, name: string): string | undefined {
  return raw[optionName(raw, name)]
}

function positiveInt(raw: Readonly<Record<string, string>>, option: string): number | undefined {
  const v = raw[option]
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n <= 0) {
    throw new EngineError(
      'SL_API_INVALID_OPTION',
      {
        option,
        problem: 'must be a positive integer',
        value: v,
        hint: `Remove ${option} to read all new files per batch.`,
      },
      { option },
    )
  }
  return n
}

function byteSize(raw: Readonly<Record<string, string>>, option: string): number | undefined {
  const v = raw[option]
  if (v === undefined) return undefined
  const m = /^\s*(\d+)\s*([kmgt]?)b?\s*$/i.exec(v)
  const n = m ? Number(m[1]) * 1024 ** 'bkmgt'.indexOf((m[2] || 'b').toLowerCase()) : NaN
  if (!m || n <= 0) {
    throw new EngineError(
      'SL_API_INVALID_OPTION',
      {
        option,
        problem: 'must be a positive size in bytes',
        value: v,
        hint: 'Use a number of bytes such as 1048576 or a size such as 10m.',
      },
      { option },
    )
  }
  return n
}

function bool(raw: Readonly<Record<string, string>>, option: string): boolean {
  const v = raw[option]
  if (v === undefined) return false
  const s = v.toLowerCase()
  if (s === 'true' || s === 'false') return s === 'true'
  throw new EngineError(
    'SL_API_INVALID_OPTION',
    { option, problem: 'must be true or false', value: v, hint: '' },
    { option },
  )
}

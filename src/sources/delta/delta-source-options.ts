/**
 * Options of the Delta streaming source (Delta's `DeltaOptions` for reads), validated before the
 * query starts. Names are case-insensitive, as Spark's options are. `withEventTimeOrder` is
 * refused: streamlake reads a table's initial snapshot in Delta's file order, not by event time.
 * `schemaTrackingLocation` (alias `schemaLocation`) is refused: there is no schema tracking log.
 */
import { EngineError } from '../../errors/index.js'

/** Delta's `DEFAULT_MAX_FILES_PER_TRIGGER`, used when neither rate limit is set. */
export const DEFAULT_MAX_FILES_PER_TRIGGER = 1000

export type StartingPosition =
  | { readonly kind: 'snapshot' }
  | { readonly kind: 'version'; readonly version: number }
  | { readonly kind: 'latest' }
  | { readonly kind: 'timestamp'; readonly text: string }

export interface DeltaSourceOptions {
  readonly start: StartingPosition
  /** Files per batch; undefined when only maxBytesPerTrigger limits a batch. */
  readonly maxFilesPerTrigger: number | undefined
  readonly maxBytesPerTrigger: number | undefined
  /** Commits that only remove files (DELETE of whole files, partition drops) are passed over. */
  readonly ignoreDeletes: boolean
  /** Commits that rewrite files (UPDATE, MERGE, DELETE of some rows): their adds are read again. */
  readonly ignoreChanges: boolean
  /** Commits that remove files are skipped entirely (nothing of them is read). */
  readonly skipChangeCommits: boolean
}

type Raw = Readonly<Record<string, string>>

export function parseDeltaSourceOptions(raw: Raw): DeltaSourceOptions {
  if (bool(raw, 'withEventTimeOrder')) {
    throw invalid(
      raw,
      'withEventTimeOrder',
      'is not supported by streamlake',
      'Remove the option: the initial snapshot is read in Delta’s file order (modification time, then path), so set a watermark delay that covers the table’s event-time spread.',
    )
  }
  for (const option of ['schemaTrackingLocation', 'schemaLocation']) {
    if (value(raw, option) !== undefined) {
      throw invalid(
        raw,
        option,
        'is not supported by streamlake (Delta’s schema tracking log for renamed and dropped columns)',
        'Remove the option. Without it a stream fails at a rename or drop of a column of a column-mapping table (SL_SOURCE_DELTA_SCHEMA_NOT_ADDITIVE), as Delta does; start a new query from a version after the change to read on.',
      )
    }
  }
  const startingVersion = value(raw, 'startingVersion')
  const startingTimestamp = value(raw, 'startingTimestamp')
  if (startingVersion !== undefined && startingTimestamp !== undefined) {
    throw invalid(
      raw,
      'startingTimestamp',
      'cannot be combined with startingVersion',
      'Set only one of startingVersion and startingTimestamp (as Delta requires).',
    )
  }
  let start: StartingPosition = { kind: 'snapshot' }
  if (startingVersion !== undefined) {
    const v = startingVersion.trim()
    if (v.toLowerCase() === 'latest') start = { kind: 'latest' }
    else if (/^\d+$/.test(v) && Number.isSafeInteger(Number(v)))
      start = { kind: 'version', version: Number(v) }
    else
      throw invalid(
        raw,
        'startingVersion',
        "must be a table version (a non-negative integer) or 'latest'",
        'For example option("startingVersion", 3); `streamlake table history <path>` lists the versions.',
      )
  } else if (startingTimestamp !== undefined) {
    start = { kind: 'timestamp', text: startingTimestamp.trim() }
  }
  const maxFiles = positiveInt(raw, 'maxFilesPerTrigger')
  const maxBytes = byteSize(raw, 'maxBytesPerTrigger')
  return {
    start,
    // Delta applies its default file limit only when no limit is given at all.
    maxFilesPerTrigger:
      maxFiles ?? (maxBytes === undefined ? DEFAULT_MAX_FILES_PER_TRIGGER : undefined),
    maxBytesPerTrigger: maxBytes,
    ignoreDeletes: bool(raw, 'ignoreDeletes'),
    ignoreChanges: bool(raw, 'ignoreChanges'),
    skipChangeCommits: bool(raw, 'skipChangeCommits'),
  }
}

function key(raw: Raw, name: string): string {
  return Object.keys(raw).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name
}

function value(raw: Raw, name: string): string | undefined {
  return raw[key(raw, name)]
}

function invalid(raw: Raw, option: string, problem: string, hint: string): EngineError {
  return new EngineError(
    'SL_SOURCE_INVALID_OPTION',
    { option, format: 'delta', problem, value: JSON.stringify(value(raw, option) ?? ''), hint },
    { option },
  )
}

function positiveInt(raw: Raw, option: string): number | undefined {
  const v = value(raw, option)
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isSafeInteger(n) || n <= 0)
    throw invalid(
      raw,
      option,
      'must be a positive integer',
      `Remove ${option} to use Delta's default.`,
    )
  return n
}

function byteSize(raw: Raw, option: string): number | undefined {
  const v = value(raw, option)
  if (v === undefined) return undefined
  const m = /^\s*(\d+)\s*([kmgt]?)b?\s*$/i.exec(v)
  const n = m ? Number(m[1]) * 1024 ** 'bkmgt'.indexOf((m[2] || 'b').toLowerCase()) : NaN
  if (!m || !(n > 0))
    throw invalid(
      raw,
      option,
      'must be a positive size in bytes',
      'Use a number of bytes such as 1048576 or a size such as 10m.',
    )
  return n
}

function bool(raw: Raw, option: string): boolean {
  const v = value(raw, option)
  if (v === undefined) return false
  const s = v.trim().toLowerCase()
  if (s === 'true' || s === 'false') return s === 'true'
  throw invalid(raw, option, 'must be true or false', '')
}

/**
 * Typed view of the `delta.*` table properties streamlake acts on (PROTOCOL.md §Table Properties;
 * Spark `DeltaConfig.scala` for defaults). Unparsable values fall back to the default, as Spark
 * validates them when they are set, not when they are read.
 */
import { MICROS_PER_DAY } from '../internal/time/civil-date.js'
import { tryParseInterval } from '../internal/time/interval.js'

/** The properties we honour. */
export interface TableProperties {
  /** `delta.appendOnly`: refuse commits that remove data. */
  appendOnly: boolean
  /** `delta.checkpointInterval`: write a checkpoint every N versions (Spark default 10). */
  checkpointInterval: number
  /** `delta.deletedFileRetentionDuration` in ms: how long tombstones stay in checkpoints. */
  deletedFileRetentionMs: number
  /** `delta.logRetentionDuration` in ms (default 30 days): how long commit files are kept. */
  logRetentionMs: number
  /** `delta.enableExpiredLogCleanup` (default true): delete expired log files after checkpoints. */
  enableExpiredLogCleanup: boolean
  /** `delta.autoOptimize.autoCompact` (`true`/`auto`/`false`), undefined when unset. */
  autoCompact: boolean | undefined
  /** `delta.targetFileSize` in bytes, undefined when unset or not a positive size. */
  targetFileSize: number | undefined
}

const DAY_MS = 86_400_000

/** Spark's default `delta.checkpointInterval`. */
export const DEFAULT_CHECKPOINT_INTERVAL = 10

/** Reads the properties from a `metaData.configuration` map. */
export function readTableProperties(
  configuration: Readonly<Record<string, string>>,
): TableProperties {
  const interval = Number(configuration['delta.checkpointInterval'])
  return {
    appendOnly: configuration['delta.appendOnly']?.toLowerCase() === 'true',
    checkpointInterval:
      Number.isInteger(interval) && interval > 0 ? interval : DEFAULT_CHECKPOINT_INTERVAL,
    deletedFileRetentionMs:
      retentionMs(configuration['delta.deletedFileRetentionDuration']) ?? 7 * DAY_MS,
    logRetentionMs: retentionMs(configuration['delta.logRetentionDuration']) ?? 30 * DAY_MS,
    enableExpiredLogCleanup:
      configuration['delta.enableExpiredLogCleanup']?.toLowerCase() !== 'false',
    autoCompact: autoCompactOf(configuration['delta.autoOptimize.autoCompact']),
    targetFileSize: byteSize(configuration['delta.targetFileSize']),
  }
}

// Delta accepts `true`/`auto` (on, the default target) and `false`; other values mean unset.
function autoCompactOf(text: string | undefined): boolean | undefined {
  const v = text?.trim().toLowerCase()
  if (v === 'true' || v === 'auto' || v === 'legacy') return true
  if (v === 'false') return false
  return undefined
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
}

/** A byte size as Spark's `byteFromString` reads it: `134217728`, `128mb`, `1g` (binary units). */
export function byteSize(text: string | undefined): number | undefined {
  const m = text === undefined ? null : /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(text)
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined
  if (!m || unit === undefined) return undefined
  const n = Number(m[1]) * unit
  return n > 0 && Number.isSafeInteger(n) ? n : undefined
}

/**
 * `delta.deletedFileRetentionDuration` in ms: a Spark interval string, `interval ` optional
 * (`DeltaConfigs.parseCalendarInterval`), valid without months and not negative
 * (`isValidIntervalConfigValue`); ms as `DeltaConfigs.getMilliSeconds` (µs / 1000).
 */
export function retentionMs(text: string | undefined): number | undefined {
  const interval = text === undefined ? undefined : tryParseInterval(text)
  if (interval === undefined) return undefined
  const { months, days, micros } = interval
  if (months !== 0 || days < 0 || micros < 0) return undefined
  return Math.trunc((days * MICROS_PER_DAY + micros) / 1000)
}

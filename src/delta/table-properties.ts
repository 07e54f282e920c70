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
  }
}

/**
 * `delta.deletedFileRetentionDuration` in ms: a Spark interval string, `interval ` optional
 * (`DeltaConfigs.parseCalendarInterval`), valid without months and not negative
 * (`isValidIntervalConfigValue`); ms as `DeltaConfigs.getMilliSeconds` (µs / 1000).
 */
function retentionMs(text: string | undefined): number | undefined {
  const interval = text === undefined ? undefined : tryParseInterval(text)
  if (interval === undefined) return undefined
  const { months, days, micros } = interval
  if (months !== 0 || days < 0 || micros < 0) return undefined
  return Math.trunc((days * MICROS_PER_DAY + micros) / 1000)
}

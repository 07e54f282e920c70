/**
 * Typed view of the `delta.*` table properties streamlake acts on (PROTOCOL.md §Table Properties;
 * Spark `DeltaConfig.scala` for defaults). Unparsable values fall back to the default, as Spark
 * validates them when they are set, not when they are read.
 */

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
const UNIT_MS: Readonly<Record<string, number>> = {
  week: 7 * DAY_MS,
  day: DAY_MS,
  hour: 3_600_000,
  minute: 60_000,
  second: 1000,
  millisecond: 1,
}

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
      parseInterval(configuration['delta.deletedFileRetentionDuration']) ?? 7 * DAY_MS,
  }
}

/** Parses Spark's calendar interval strings such as `interval 1 week` or `interval 36 hours`. */
export function parseInterval(text: string | undefined): number | undefined {
  const m = /^\s*(?:interval\s+)?(\d+)\s+([a-z]+?)s?\s*$/i.exec(text ?? '')
  if (!m) return undefined
  const unit = UNIT_MS[m[2]!.toLowerCase()]
  return unit === undefined ? undefined : Number(m[1]) * unit
}

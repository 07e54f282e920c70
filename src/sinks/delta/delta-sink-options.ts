/**
 * The Delta sink's own writer options (besides Spark's `txnAppId`):
 *
 * | option | default | meaning |
 * | --- | --- | --- |
 * | `cleanupOrphanFiles` | `true` | delete this query's data files no commit references (a crash's leftovers) |
 * | `orphanFileRetention` | `1 hour` | how old such a file must be first (Spark interval string; `0 seconds` for tests) |
 *
 * Why an hour, not Delta's 7-day `deletedFileRetentionDuration`: that retention protects files a
 * stale snapshot or another writer may still need, which this cleanup never touches (only files
 * named for this query, never committed; see delta/orphan-files.ts). The hour is room for a stale
 * run of the same query to finish a commit.
 */
import { EngineError } from '../../errors/index.js'
import { MICROS_PER_DAY } from '../../internal/time/civil-date.js'
import { tryParseInterval } from '../../internal/time/interval.js'

/** Orphan cleanup of a Delta sink; undefined when it is off. @internal */
export interface OrphanCleanupSettings {
  /** How old an unreferenced data file of this query must be before it is deleted. */
  readonly retentionMs: number
}

/** The default `orphanFileRetention`. */
export const DEFAULT_ORPHAN_FILE_RETENTION_MS = 3_600_000

/** Reads and checks `cleanupOrphanFiles` and `orphanFileRetention`. @internal */
export function orphanCleanupOf(
  options: Readonly<Record<string, string>>,
): OrphanCleanupSettings | undefined {
  const enabled = (options['cleanupOrphanFiles'] ?? 'true').toLowerCase()
  if (enabled !== 'true' && enabled !== 'false')
    throw invalid(
      'cleanupOrphanFiles',
      options['cleanupOrphanFiles']!,
      'must be true or false',
      'Use false to leave orphan files to VACUUM.',
    )
  const text = options['orphanFileRetention']
  let retentionMs = DEFAULT_ORPHAN_FILE_RETENTION_MS
  if (text !== undefined) {
    const interval = tryParseInterval(text)
    if (interval === undefined || interval.months !== 0 || interval.days < 0 || interval.micros < 0)
      throw invalid(
        'orphanFileRetention',
        text,
        'must be a non-negative duration without months or years',
        "Use for example '1 hour', '30 minutes' or '0 seconds'.",
      )
    retentionMs = Math.trunc((interval.days * MICROS_PER_DAY + interval.micros) / 1000)
  }
  return enabled === 'true' ? { retentionMs } : undefined
}

function invalid(option: string, value: string, problem: string, hint: string): EngineError {
  return new EngineError(
    'SL_API_INVALID_OPTION',
    { option, problem, value: JSON.stringify(value), hint },
    { option },
  )
}

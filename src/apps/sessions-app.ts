/**
 * Seed app 7, sessions: per user, events at most 30 minutes apart form a session; a session is
 * written once the 1-hour watermark passes its end → DATA/user_sessions (checkpoint `sessions`),
 * with event_count, total_value, first_event and last_event.
 */
import { join } from 'node:path'
import { count, max, min, session_window, sum } from '../api/aggregate-functions.js'
import type { SparkSession } from '../api/session.js'
import type { StreamingQuery } from '../api/streaming-query.js'
import type { SeedAppOptions } from './seed-app-options.js'
import { readEvents, writeToDelta } from './seed-app-io.js'

/**
 * Starts the sessions app: per-user 30-minute-gap sessions into `DATA/user_sessions`.
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * import { startSessions } from 'streamlake/apps'
 * const spark = SparkSession.builder().getOrCreate()
 * const query = await startSessions(spark, {
 *   input: './input',
 *   data: './data',
 *   checkpoints: './checkpoints',
 *   trigger: { availableNow: true },
 * })
 * await query.awaitTermination()
 * ```
 */
export function startSessions(spark: SparkSession, o: SeedAppOptions): Promise<StreamingQuery> {
  const sessions = readEvents(spark, o)
    .withWatermark('timestamp', '1 hour')
    .groupBy(session_window('timestamp', '30 minutes'), 'user_id')
    .agg(
      count('*').alias('event_count'),
      sum('value').alias('total_value'),
      min('timestamp').alias('first_event'),
      max('timestamp').alias('last_event'),
    )
  return writeToDelta(sessions, o, {
    table: join(o.data, 'user_sessions'),
    checkpoint: join(o.checkpoints, 'sessions'),
    name: 'sessions',
    outputMode: 'append',
  })
}

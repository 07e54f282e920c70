/**
 * Seed app 5, deduplication: events keyed by (event_id, timestamp) with a 1-hour watermark, so
 * a re-sent event is written once and the state forgets keys an hour behind the stream
 * → DATA/deduplicated_events (checkpoint `dedup`).
 */
import { join } from 'node:path'
import type { SparkSession } from '../api/session.js'
import type { StreamingQuery } from '../api/streaming-query.js'
import type { SeedAppOptions } from './seed-app-options.js'
import { readEvents, writeToDelta } from './seed-app-io.js'

/**
 * Starts the dedup app: each `(event_id, timestamp)` once, into `DATA/deduplicated_events`.
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * import { startDedup } from 'streamlake/apps'
 * const spark = SparkSession.builder().getOrCreate()
 * const query = await startDedup(spark, {
 *   input: './input',
 *   data: './data',
 *   checkpoints: './checkpoints',
 *   trigger: { availableNow: true },
 * })
 * await query.awaitTermination()
 * ```
 */
export function startDedup(spark: SparkSession, o: SeedAppOptions): Promise<StreamingQuery> {
  const unique = readEvents(spark, o)
    .withWatermark('timestamp', '1 hour')
    .dropDuplicates(['event_id', 'timestamp'])
  return writeToDelta(unique, o, {
    table: join(o.data, 'deduplicated_events'),
    checkpoint: join(o.checkpoints, 'dedup'),
    name: 'dedup',
    outputMode: 'append',
  })
}

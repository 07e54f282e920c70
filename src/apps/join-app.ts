/**
 * Seed app 6, stream-static join: events enriched with the users Delta table (`DATA/users`,
 * created when missing). As in Spark, the Delta table is re-read at its latest version every
 * micro-batch, so new users are seen by later batches. Two queries:
 * - inner join → DATA/enriched_events (checkpoint `enriched`), as the seed;
 * - left outer join, keeping events of unknown users with null user columns
 *   → DATA/enriched_events_all (checkpoint `enriched_all`).
 */
import { join } from 'node:path'
import type { SparkSession } from '../api/session.js'
import type { StreamingQuery } from '../api/streaming-query.js'
import type { SeedAppOptions } from './seed-app-options.js'
import { readEvents, writeToDelta } from './seed-app-io.js'
import { ensureUsersTable } from './users-table.js'

/**
 * Starts the join app's two queries (inner → `DATA/enriched_events`, left outer →
 * `DATA/enriched_events_all`), creating `DATA/users` first when missing.
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * import { startJoin } from 'streamlake/apps'
 * const spark = SparkSession.builder().getOrCreate()
 * const queries = await startJoin(spark, {
 *   input: './input',
 *   data: './data',
 *   checkpoints: './checkpoints',
 *   trigger: { availableNow: true },
 * })
 * await Promise.all(queries.map((q) => q.awaitTermination()))
 * ```
 */
export async function startJoin(spark: SparkSession, o: SeedAppOptions): Promise<StreamingQuery[]> {
  const usersPath = join(o.data, 'users')
  await ensureUsersTable(usersPath)
  const users = spark.read.format('delta').load(usersPath)
  const events = readEvents(spark, o)
  const inner = await writeToDelta(events.join(users, 'user_id', 'inner'), o, {
    table: join(o.data, 'enriched_events'),
    checkpoint: join(o.checkpoints, 'enriched'),
    name: 'enriched',
    outputMode: 'append',
  })
  const outer = await writeToDelta(readEvents(spark, o).join(users, 'user_id', 'left_outer'), o, {
    table: join(o.data, 'enriched_events_all'),
    checkpoint: join(o.checkpoints, 'enriched_all'),
    name: 'enriched_all',
    outputMode: 'append',
  })
  return [inner, outer]
}

/**
 * Seed app 1, pass-through: raw JSON events → the Delta table `DATA/events`, checkpoint
 * `CHECKPOINTS/raw_events`, exactly once.
 */
import { join } from 'node:path'
import type { SparkSession } from '../api/session.js'
import type { StreamingQuery } from '../api/streaming-query.js'
import type { SeedAppOptions } from './seed-app-options.js'
import { readEvents, writeToDelta } from './seed-app-io.js'

export type {
  SeedAppOptions as PassthroughOptions,
  SeedAppOptions as SeedAppPaths,
} from './seed-app-options.js'

/**
 * Starts the pass-through app: the raw events, exactly once, into `DATA/events`.
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * import { startPassthrough } from 'streamlake/apps'
 * const spark = SparkSession.builder().getOrCreate()
 * const query = await startPassthrough(spark, {
 *   input: './input',
 *   data: './data',
 *   checkpoints: './checkpoints',
 *   trigger: { availableNow: true },
 * })
 * await query.awaitTermination()
 * ```
 */
export function startPassthrough(spark: SparkSession, o: SeedAppOptions): Promise<StreamingQuery> {
  return writeToDelta(readEvents(spark, o), o, {
    table: join(o.data, 'events'),
    checkpoint: join(o.checkpoints, 'raw_events'),
    name: 'raw_events',
    outputMode: 'append',
  })
}

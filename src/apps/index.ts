/**
 * `streamlake/apps`: the seven seed applications (docs/apps/README.md) as functions you can call
 * from your own code. Each starts its queries on the session you pass and returns them; the
 * CLI's `streamlake run <app>` calls the same functions.
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * import { startTumbling } from 'streamlake/apps'
 * const spark = SparkSession.builder().getOrCreate()
 * const query = await startTumbling(spark, {
 *   input: './input',
 *   data: './data',
 *   checkpoints: './checkpoints',
 *   trigger: { availableNow: true },
 * })
 * await query.awaitTermination()
 * ```
 * @module
 */
export { startDedup } from './dedup-app.js'
export { EVENT_SCHEMA_DDL } from './event-schema.js'
export { startJoin } from './join-app.js'
export { startPassthrough } from './passthrough-app.js'
export type { SeedAppOptions } from './seed-app-options.js'
export { SEED_APPS, startSeedApp } from './seed-apps.js'
export { startSessions } from './sessions-app.js'
export { startSliding, startTumbling, startWatermark } from './windowed-apps.js'

/**
 * The seven seed applications by name (`streamlake run <app>`); each starts one or more queries
 * writing Delta tables under DATA with checkpoints under CHECKPOINTS, in the seed's layout.
 */
import type { SparkSession } from '../api/session.js'
import type { StreamingQuery } from '../api/streaming-query.js'
import { EngineError } from '../errors/index.js'
import { startDedup } from './dedup-app.js'
import { startJoin } from './join-app.js'
import { startPassthrough } from './passthrough-app.js'
import type { SeedAppOptions } from './seed-app-options.js'
import { startSessions } from './sessions-app.js'
import { startSliding, startTumbling, startWatermark } from './windowed-apps.js'

export type { SeedAppOptions } from './seed-app-options.js'

const one =
  (start: (spark: SparkSession, o: SeedAppOptions) => Promise<StreamingQuery>) =>
  async (spark: SparkSession, o: SeedAppOptions): Promise<StreamingQuery[]> => [
    await start(spark, o),
  ]

/**
 * The seed apps by name (the names `streamlake run` accepts); each entry starts the app's
 * queries and returns them.
 *
 * @example
 * ```ts
 * import { SEED_APPS } from 'streamlake/apps'
 * console.log(Object.keys(SEED_APPS)) // ['passthrough', 'tumbling', …, 'sessions']
 * ```
 */
export const SEED_APPS: Readonly<
  Record<string, (spark: SparkSession, o: SeedAppOptions) => Promise<StreamingQuery[]>>
> = {
  passthrough: one(startPassthrough),
  tumbling: one(startTumbling),
  sliding: one(startSliding),
  watermark: one(startWatermark),
  dedup: one(startDedup),
  join: startJoin,
  sessions: one(startSessions),
}

/**
 * Starts the seed app `name` (one of {@link SEED_APPS}); an unknown name throws
 * SL_API_INVALID_ARGUMENT listing the known apps.
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * import { startSeedApp } from 'streamlake/apps'
 * const spark = SparkSession.builder().getOrCreate()
 * const queries = await startSeedApp(spark, 'dedup', {
 *   input: './input',
 *   data: './data',
 *   checkpoints: './checkpoints',
 *   trigger: { availableNow: true },
 * })
 * for (const q of queries) await q.awaitTermination()
 * ```
 */
export async function startSeedApp(
  spark: SparkSession,
  name: string,
  o: SeedAppOptions,
): Promise<StreamingQuery[]> {
  const start = SEED_APPS[name]
  if (!start) {
    throw new EngineError('SL_API_INVALID_ARGUMENT', {
      argument: 'app',
      function: 'streamlake run',
      value: name,
      hint: `Known apps: ${Object.keys(SEED_APPS).join(', ')}.`,
    })
  }
  return start(spark, o)
}

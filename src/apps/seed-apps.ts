/**
 * The seed applications by name (`streamlake run <app>`). The stateful apps (tumbling, sliding,
 * watermark, dedup, join, sessions) join this table as their operators land.
 */
import type { SparkSession } from '../api/session.js'
import type { StreamingQuery } from '../api/streaming-query.js'
import { EngineError } from '../errors/index.js'
import { startPassthrough, type PassthroughOptions } from './passthrough-app.js'

export type SeedAppOptions = PassthroughOptions

export const SEED_APPS: Readonly<
  Record<string, (spark: SparkSession, o: SeedAppOptions) => Promise<StreamingQuery>>
> = {
  passthrough: startPassthrough,
}

export async function startSeedApp(
  spark: SparkSession,
  name: string,
  o: SeedAppOptions,
): Promise<StreamingQuery> {
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

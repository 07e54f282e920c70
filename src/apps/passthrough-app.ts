/**
 * Seed app 1, pass-through: raw JSON events → the Delta table `<data>/events`, checkpoint
 * `<checkpoints>/raw_events`, exactly once.
 */
import type { SparkSession } from '../api/session.js'
import type { StreamingQuery } from '../api/streaming-query.js'
import type { TriggerSetting } from '../api/data-stream-writer.js'
import { join } from 'node:path'
import { EVENT_SCHEMA_DDL } from './event-schema.js'

export interface SeedAppPaths {
  readonly input: string
  readonly data: string
  readonly checkpoints: string
}

export interface PassthroughOptions extends SeedAppPaths {
  readonly trigger?: TriggerSetting
  readonly maxFilesPerTrigger?: number
}

export async function startPassthrough(
  spark: SparkSession,
  o: PassthroughOptions,
): Promise<StreamingQuery> {
  let reader = spark.readStream.format('json').schema(EVENT_SCHEMA_DDL)
  if (o.maxFilesPerTrigger !== undefined)
    reader = reader.option('maxFilesPerTrigger', o.maxFilesPerTrigger)
  const writer = reader
    .load(o.input)
    .writeStream.format('delta')
    .outputMode('append')
    .queryName('raw_events')
    .option('checkpointLocation', join(o.checkpoints, 'raw_events'))
  if (o.trigger) writer.trigger(o.trigger)
  return writer.start(join(o.data, 'events'))
}

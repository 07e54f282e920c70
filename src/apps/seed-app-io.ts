/** The shared ends of every seed app: the event stream in, a Delta table out. */
import type { DataFrame } from '../api/dataframe.js'
import type { SparkSession } from '../api/session.js'
import type { StreamingQuery } from '../api/streaming-query.js'
import { EVENT_SCHEMA_DDL } from './event-schema.js'
import type { SeedAppOptions } from './seed-app-options.js'

/** The generator's JSON events as a stream. */
export function readEvents(spark: SparkSession, o: SeedAppOptions): DataFrame {
  let reader = spark.readStream.format('json').schema(EVENT_SCHEMA_DDL)
  if (o.maxFilesPerTrigger !== undefined)
    reader = reader.option('maxFilesPerTrigger', o.maxFilesPerTrigger)
  if (o.badRecordsPath !== undefined) reader = reader.option('badRecordsPath', o.badRecordsPath)
  if (o.ignoreMissingFiles) reader = reader.option('ignoreMissingFiles', true)
  return reader.load(o.input)
}

/** Starts `df` into the Delta table `table` with its own checkpoint. */
export function writeToDelta(
  df: DataFrame,
  o: SeedAppOptions,
  target: {
    table: string
    checkpoint: string
    name: string
    outputMode: 'append' | 'update' | 'complete'
    lateDataPath?: string
  },
): Promise<StreamingQuery> {
  const writer = df.writeStream
    .format('delta')
    .outputMode(target.outputMode)
    .queryName(target.name)
    .option('checkpointLocation', target.checkpoint)
  if (o.trigger) writer.trigger(o.trigger)
  if (target.lateDataPath !== undefined) writer.option('lateDataPath', target.lateDataPath)
  return writer.start(target.table)
}

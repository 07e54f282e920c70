/** The shared ends of every seed app: the event stream in, a Delta table out. */
import type { DataFrame } from '../api/dataframe.js'
import { col, from_json } from '../api/functions.js'
import type { SparkSession } from '../api/session.js'
import type { StreamingQuery } from '../api/streaming-query.js'
import { parseDdlSchema } from '../types/index.js'
import { EVENT_SCHEMA_DDL } from './event-schema.js'
import type { SeedAppOptions } from './seed-app-options.js'

/** The generator's JSON events as a stream: the files under `input`, or the Kafka topic. */
export function readEvents(spark: SparkSession, o: SeedAppOptions): DataFrame {
  if (o.kafka) return readKafkaEvents(spark, o.kafka)
  let reader = spark.readStream.format('json').schema(EVENT_SCHEMA_DDL)
  if (o.maxFilesPerTrigger !== undefined)
    reader = reader.option('maxFilesPerTrigger', o.maxFilesPerTrigger)
  if (o.badRecordsPath !== undefined) reader = reader.option('badRecordsPath', o.badRecordsPath)
  if (o.ignoreMissingFiles) reader = reader.option('ignoreMissingFiles', true)
  return reader.load(o.input)
}

/**
 * The events of a Kafka topic with the file source's columns: each value is the JSON line the
 * generator wrote, parsed as the JSON file source parses it (from_json uses its record parser),
 * then its fields selected as top-level columns, in the file schema's order and types.
 */
function readKafkaEvents(
  spark: SparkSession,
  kafka: NonNullable<SeedAppOptions['kafka']>,
): DataFrame {
  let reader = spark.readStream
    .format('kafka')
    .option('kafka.bootstrap.servers', kafka.bootstrapServers)
    .option('subscribe', kafka.topic)
    .option('startingOffsets', 'earliest')
  if (kafka.maxOffsetsPerTrigger !== undefined)
    reader = reader.option('maxOffsetsPerTrigger', kafka.maxOffsetsPerTrigger)
  return reader
    .load()
    .select(from_json(col('value').cast('string'), EVENT_SCHEMA_DDL).alias('event'))
    .select(...parseDdlSchema(EVENT_SCHEMA_DDL).fields.map((f) => col(`event.${f.name}`)))
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

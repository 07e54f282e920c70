/**
 * Child process of the file sink crash test (bundled with esbuild, run by plain node with
 * STREAMLAKE_CRASH_AT / STREAMLAKE_CRASH_TRACE): the pass-through of generator events into a
 * streaming file sink, one input file per batch, drained with an AvailableNow trigger.
 * Arguments: input, output, checkpoint, format, partition columns (comma-separated, or '').
 */
import { EVENT_SCHEMA_DDL, SparkSession } from '../../../src/index.js'

const [input, output, checkpoint, format, partitionBy] = process.argv.slice(2)
const spark = SparkSession.builder().config('spark.sql.session.timeZone', 'UTC').getOrCreate()
// A short compaction interval, so that crashes also hit compactions.
spark.conf.set('spark.sql.streaming.fileSink.log.compactInterval', '3')
const q = await spark.readStream
  .format('json')
  .schema(EVENT_SCHEMA_DDL)
  .option('maxFilesPerTrigger', 1)
  .load(input)
  .writeStream.format(format!)
  .partitionBy(...(partitionBy ? partitionBy.split(',') : []))
  .option('checkpointLocation', checkpoint!)
  .trigger({ availableNow: true })
  .start(output)
await q.awaitTermination()
process.stdout.write('done')

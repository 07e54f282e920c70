/**
 * Child process of the orphan-file crash test (bundled with esbuild, run by plain node with
 * STREAMLAKE_CRASH_AT): the pass-through of generator events into a Delta table, one input file
 * per batch, drained with an AvailableNow trigger, with the sink's orphanFileRetention as given.
 */
import { EVENT_SCHEMA_DDL, SparkSession } from '../../../src/index.js'

const [input, table, checkpoint, retention] = process.argv.slice(2)
const spark = SparkSession.builder().config('spark.sql.session.timeZone', 'UTC').getOrCreate()
const q = await spark.readStream
  .format('json')
  .schema(EVENT_SCHEMA_DDL)
  .option('maxFilesPerTrigger', 1)
  .load(input)
  .writeStream.format('delta')
  .option('checkpointLocation', checkpoint!)
  .option('orphanFileRetention', retention!)
  .trigger({ availableNow: true })
  .start(table)
await q.awaitTermination()
process.stdout.write('done')

/**
 * Child process of the auto compaction crash test (bundled with esbuild, run by plain node with
 * STREAMLAKE_CRASH_AT): streams the Delta table `source` (one file per commit) into the Delta
 * table `target` one file per batch (maxFilesPerTrigger 1, Trigger.AvailableNow) with auto
 * compaction after every 3 small files.
 */
import { SparkSession } from '../../../../src/index.js'

const [source, target, checkpoint] = process.argv.slice(2)
const spark = SparkSession.builder().getOrCreate()
const q = await spark.readStream
  .format('delta')
  .option('maxFilesPerTrigger', 1)
  .load(source)
  .writeStream.format('delta')
  .option('autoCompact', 'true')
  .option('autoCompact.minNumFiles', '3')
  .option('checkpointLocation', checkpoint!)
  .trigger({ availableNow: true })
  .start(target)
await q.awaitTermination()
process.stdout.write('done')

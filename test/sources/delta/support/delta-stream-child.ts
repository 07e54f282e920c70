/**
 * Child process of the Delta source crash test (bundled with esbuild, run by plain node with
 * STREAMLAKE_CRASH_AT): streams the Delta table `source` into the Delta table `target`
 * (maxFilesPerTrigger 2, Trigger.AvailableNow) with the checkpoint `checkpoint`.
 */
import { SparkSession } from '../../../../src/index.js'

const [source, target, checkpoint] = process.argv.slice(2)
const spark = SparkSession.builder().getOrCreate()
const q = await spark.readStream
  .format('delta')
  .option('maxFilesPerTrigger', 2)
  .load(source)
  .writeStream.format('delta')
  .option('checkpointLocation', checkpoint!)
  .trigger({ availableNow: true })
  .start(target)
await q.awaitTermination()
process.stdout.write('done')

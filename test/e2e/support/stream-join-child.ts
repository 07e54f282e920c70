/**
 * Child process of the stream-stream join crash test (bundled with esbuild, run by plain node
 * with STREAMLAKE_CRASH_AT): a windowed left outer join of two JSON directories into a Delta
 * table, drained with an AvailableNow trigger (`maxFilesPerTrigger` 1 per side).
 */
import { SparkSession, col, window, type DataFrame } from '../../../src/index.js'

const [leftDir, rightDir, table, checkpoint] = process.argv.slice(2)
const spark = SparkSession.builder().config('spark.sql.session.timeZone', 'UTC').getOrCreate()
const side = (dir: string, value: string): DataFrame =>
  spark.readStream
    .format('json')
    .schema(`key INT, time TIMESTAMP, ${value} INT`)
    .option('maxFilesPerTrigger', 1)
    .load(dir)
    .withWatermark('time', '5 seconds')
    .select(col('key'), window(col('time'), '10 seconds'), col(value))
const joined = side(leftDir!, 'leftValue').join(
  side(rightDir!, 'rightValue'),
  ['key', 'window'],
  'left_outer',
)
const q = await joined.writeStream
  .format('delta')
  .option('checkpointLocation', checkpoint!)
  .trigger({ availableNow: true })
  .start(table)
await q.awaitTermination()
process.stdout.write('done')

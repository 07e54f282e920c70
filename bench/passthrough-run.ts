/**
 * One measured pass-through run, in its own process so that peak RSS belongs to this run only.
 * argv: <input dir> <work dir> <maxFilesPerTrigger>. Prints one JSON line of measurements.
 */
import { join } from 'node:path'
import { SparkSession } from '../src/index.js'
import { EVENT_SCHEMA_DDL } from '../src/apps/event-schema.js'

const [input, work, maxFiles] = process.argv.slice(2) as [string, string, string]
const spark = SparkSession.builder().config('spark.sql.session.timeZone', 'UTC').getOrCreate()
let firstCommitMs: number | undefined
const t0 = performance.now()
spark.streams.addListener({
  onQueryProgress: () => {
    firstCommitMs ??= performance.now() - t0
  },
})
const query = await spark.readStream
  .format('json')
  .schema(EVENT_SCHEMA_DDL)
  .option('maxFilesPerTrigger', maxFiles)
  .load(input)
  .writeStream.format('delta')
  .option('checkpointLocation', join(work, 'checkpoint'))
  .trigger({ availableNow: true })
  .start(join(work, 'table'))
const startReturnedMs = performance.now() - t0
await query.awaitTermination()
const totalMs = performance.now() - t0
const progress = query.recentProgress
const rows = progress.reduce((a, p) => a + p.numInputRows, 0)
const phases: Record<string, number> = {}
for (const p of progress)
  for (const [k, v] of Object.entries(p.durationMs)) phases[k] = (phases[k] ?? 0) + v
process.stdout.write(
  `${JSON.stringify({ rows, batches: progress.length, totalMs, startReturnedMs, firstCommitMs, peakRssBytes: process.resourceUsage().maxRSS * 1024, phases })}\n`,
)

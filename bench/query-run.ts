/**
 * One measured run of a seed app over an input directory, in its own process so that peak RSS
 * belongs to this run only. argv: <app> <input dir> <work dir> <maxFilesPerTrigger>.
 * Prints one JSON line of measurements.
 */
import { SparkSession } from '../src/index.js'
import { startSeedApp } from '../src/apps/seed-apps.js'
import { join } from 'node:path'

const [app, input, work, maxFiles] = process.argv.slice(2) as [string, string, string, string]
const spark = SparkSession.builder().config('spark.sql.session.timeZone', 'UTC').getOrCreate()
let firstCommitMs: number | undefined
const t0 = performance.now()
spark.streams.addListener({
  onQueryProgress: () => {
    firstCommitMs ??= performance.now() - t0
  },
})
const queries = await startSeedApp(spark, app, {
  input,
  data: join(work, 'data'),
  checkpoints: join(work, 'checkpoints'),
  trigger: { availableNow: true },
  maxFilesPerTrigger: Number(maxFiles),
})
await Promise.all(queries.map((q) => q.awaitTermination()))
const totalMs = performance.now() - t0
const progress = queries[0]!.recentProgress
const rows = progress.reduce((a, p) => a + p.numInputRows, 0)
const phases: Record<string, number> = {}
for (const p of progress)
  for (const [k, v] of Object.entries(p.durationMs)) phases[k] = (phases[k] ?? 0) + v
const state = progress.at(-1)?.stateOperators[0]
process.stdout.write(
  `${JSON.stringify({
    rows,
    batches: progress.length,
    totalMs,
    firstCommitMs,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    phases,
    stateRows: state?.numRowsTotal ?? 0,
    stateMemoryBytes: state?.memoryUsedBytes ?? 0,
  })}\n`,
)

/**
 * One measured run of a seed app over an input directory, in its own process so that peak RSS
 * belongs to this run only. argv: <app> <input dir> <work dir> <maxFilesPerTrigger>.
 * Prints one JSON line of measurements.
 */
import { parseSeedAppRun, runSeedAppToEnd, seedAppSession } from './seed-app-run.js'

const run = parseSeedAppRun()
const spark = seedAppSession()
let firstCommitMs: number | undefined
const t0 = performance.now()
spark.streams.addListener({
  onQueryProgress: () => {
    firstCommitMs ??= performance.now() - t0
  },
})
const queries = await runSeedAppToEnd(spark, run)
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

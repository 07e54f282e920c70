/**
 * One stateful seed app over an input directory in its own process, reporting per-batch
 * checkpoint figures: batch duration, the state commit time and state bytes written
 * (stateOnCurrentVersionSizeBytes), the checkpoint's size on disk after the run, the state
 * rows and the store's memory estimate, and the process CPU time.
 * argv: <app> <input dir> <work dir> <maxFilesPerTrigger>. Prints one JSON line.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { parseSeedAppRun, runSeedAppToEnd, seedAppSession } from './seed-app-run.js'

const run = parseSeedAppRun()
const { app, work } = run
const spark = seedAppSession()
const cpu0 = process.cpuUsage()
const t0 = performance.now()
const queries = await runSeedAppToEnd(spark, run)
const totalMs = performance.now() - t0
const cpu = process.cpuUsage(cpu0)

async function du(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0
  let files = 0
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) {
      const d = await du(p)
      bytes += d.bytes
      files += d.files
    } else {
      bytes += (await fs.stat(p)).size
      files++
    }
  }
  return { bytes, files }
}

const progress = queries[0]!.recentProgress
const dataBatches = progress.filter((p) => p.numInputRows > 0)
const ops = (p: (typeof progress)[number]) => p.stateOperators
const checkpoint = await du(join(work, 'checkpoints'))
const last = progress.at(-1)!
process.stdout.write(
  `${JSON.stringify({
    app,
    rows: progress.reduce((a, p) => a + p.numInputRows, 0),
    batches: progress.length,
    dataBatches: dataBatches.length,
    totalMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    batchMs: dataBatches.map((p) => p.batchDuration),
    walCommitMs: dataBatches.map(
      (p) => (p.durationMs['walCommit'] ?? 0) + (p.durationMs['commitOffsets'] ?? 0),
    ),
    stateCommitMs: dataBatches.map((p) => ops(p).reduce((a, o) => a + o.commitTimeMs, 0)),
    stateBytesWritten: dataBatches.map((p) =>
      ops(p).reduce((a, o) => a + (o.customMetrics?.['stateOnCurrentVersionSizeBytes'] ?? 0), 0),
    ),
    checkpointBytes: checkpoint.bytes,
    checkpointFiles: checkpoint.files,
    stateRows: ops(last).reduce((a, o) => a + o.numRowsTotal, 0),
    stateMemoryBytes: ops(last).reduce((a, o) => a + o.memoryUsedBytes, 0),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`,
)

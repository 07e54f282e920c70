/**
 * `npm run soak:delta`: the 24-hour-equivalent Delta maintenance soak — 17,280 micro-batches
 * (one per 5 simulated seconds) of 100 rows (the seed generator's default batch) into one table
 * with auto compaction, hourly VACUUM and log clean-up (delta-maintenance-soak.ts). Prints a line
 * every simulated hour and the result as JSON; exits 1 unless every row is there exactly once.
 * Flags: --batches N, --table DIR (default a temp folder, kept for reading it afterwards).
 */
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { runSoak } from './delta-maintenance-soak.js'

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const batches = Number(flag('batches') ?? 17_280)
const table =
  flag('table') ?? path.join(await mkdtemp(path.join(os.tmpdir(), 'sl-soak-')), 'events')
const result = await runSoak({
  table,
  batches,
  intervalMs: 5_000,
  rowsPerBatch: 100,
  logRetention: 'interval 2 hours',
  deletedFileRetention: 'interval 1 hour',
  vacuumEveryMs: 3_600_000,
  autoCompactMaxFileSize: '1mb',
  reportEvery: 720,
  onProgress: (s) =>
    console.error(
      `batch ${s.batch} (${s.simulatedHours.toFixed(1)} h): version ${s.version}, ${s.liveFiles} live files, ${s.dataFilesOnDisk} data files on disk, log ${s.logFiles} files / ${(s.logBytes / 1024).toFixed(0)} KiB`,
    ),
})
console.log(JSON.stringify({ table, ...result }, null, 2))
process.exitCode = result.everyRowOnce ? 0 : 1

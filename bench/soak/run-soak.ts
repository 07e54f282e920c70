/**
 * `npm run soak:delta`: the Delta maintenance soak (delta-maintenance-soak.ts) — 17,280
 * micro-batches (a day of a 5-second trigger) of 100 rows (the seed generator's default batch)
 * into one table with auto compaction, hourly VACUUM and log clean-up. Prints a sample every
 * simulated hour and the result as JSON; exits 1 unless every row is there exactly once.
 *
 * Flags: --batches N; --interval S (simulated seconds between batches, default 5; Delta cuts the
 * log once a day, so a run must span more than a day to show the log's plateau — 15 spreads the
 * 17,280 batches over three days); --table DIR (default a temp folder, kept for reading it
 * afterwards); --out DIR (writes soak.json with the hourly series and soak.md).
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { runSoak, type SoakOptions, type SoakResult } from './delta-maintenance-soak.js'

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const batches = Number(flag('batches') ?? 17_280)
const intervalSeconds = Number(flag('interval') ?? 5)
const out = flag('out')
const table =
  flag('table') ?? path.join(await mkdtemp(path.join(os.tmpdir(), 'sl-soak-')), 'events')
const options: Omit<SoakOptions, 'table'> = {
  batches,
  intervalMs: intervalSeconds * 1000,
  rowsPerBatch: 100,
  logRetention: 'interval 2 hours',
  deletedFileRetention: 'interval 1 hour',
  vacuumEveryMs: 3_600_000,
  autoCompactMaxFileSize: '1mb',
}
const loadAtStart = os.loadavg()
const result = await runSoak({
  table,
  ...options,
  onProgress: (s) =>
    console.error(
      `batch ${s.batch} (${s.simulatedHours.toFixed(1)} h): version ${s.version}, ${s.liveFiles} live files, ${s.dataFilesOnDisk} data files on disk, log ${s.logFiles} files / ${(s.logBytes / 1024).toFixed(0)} KiB (checkpoints ${s.checkpointFiles} / ${(s.checkpointBytes / 1024).toFixed(0)} KiB, ${s.tombstones} tombstones), log spans ${s.logSpanHours.toFixed(1)} h from version ${s.oldestCommit}`,
    ),
})
console.log(JSON.stringify({ table, ...result, series: undefined }, null, 2))
if (out !== undefined) {
  await mkdir(out, { recursive: true })
  const machine = {
    cpus: os.cpus().length,
    memoryBytes: os.totalmem(),
    node: process.version,
    loadAverageAtStart: loadAtStart.map((l) => l.toFixed(2)).join(', '),
    loadAverageAtEnd: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', '),
    measuredAt: new Date().toISOString(),
  }
  const command = `npm run soak:delta -- ${process.argv.slice(2).join(' ')}`
  await writeFile(
    path.join(out, 'soak.json'),
    JSON.stringify({ machine, command, options, result }, null, 2) + '\n',
  )
  await writeFile(path.join(out, 'soak.md'), markdown(command, options, result))
}
process.exitCode = result.everyRowOnce ? 0 : 1

function markdown(command: string, o: Omit<SoakOptions, 'table'>, r: SoakResult): string {
  const kib = (b: number): string => Math.round(b / 1024).toLocaleString('en-US')
  const lines = [
    '# Delta maintenance soak',
    '',
    `\`${command}\`: ${r.batches.toLocaleString('en-US')} batches of ${o.rowsPerBatch} rows, one per ${o.intervalMs / 1000} simulated seconds (${r.simulatedHours.toFixed(1)} simulated hours) in ${Math.round(r.wallSeconds).toLocaleString('en-US')} s of wall time; log retention ${o.logRetention}, deleted-file retention ${o.deletedFileRetention}, VACUUM every ${o.vacuumEveryMs / 3_600_000} h, auto compaction to ${o.autoCompactMaxFileSize}.`,
    '',
    `Rows read back: ${r.rows.toLocaleString('en-US')} (${r.everyRowOnce ? 'every id once' : 'NOT every id once'}); ${r.compactions} auto compactions, ${r.vacuums} VACUUM runs deleting ${r.vacuumedFiles.toLocaleString('en-US')} files.`,
    '',
    '| hour | batch | version | live files | data files on disk | log files | log KiB | checkpoints | checkpoint KiB | tombstones | oldest commit | log span (h) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.series.map(
      (s) =>
        `| ${s.simulatedHours.toFixed(1)} | ${s.batch} | ${s.version} | ${s.liveFiles} | ${s.dataFilesOnDisk} | ${s.logFiles} | ${kib(s.logBytes)} | ${s.checkpointFiles} | ${kib(s.checkpointBytes)} | ${s.tombstones} | ${s.oldestCommit} | ${s.logSpanHours.toFixed(1)} |`,
    ),
    '',
  ]
  return lines.join('\n')
}

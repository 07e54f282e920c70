/**
 * `npm run bench`: pass-through JSON → Delta throughput with Trigger.AvailableNow over generated
 * events (default 2,000,000: 200 files × 10,000), several repetitions, each in a fresh process.
 * Prints events/s, MB/s, start-up to first committed batch and peak RSS; writes
 * results/passthrough.json and results/passthrough.md.
 * Flags: --events N (default 2000000), --files-per-batch N (default 10), --runs N (default 3).
 */
import { execFileSync } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateEvents } from '../src/index.js'

const args = new Map<string, string>()
const argv = process.argv.slice(2)
for (let i = 0; i < argv.length; i += 2) args.set(argv[i]!.replace(/^--/, ''), argv[i + 1] ?? '')
const events = Number(args.get('events') ?? 2_000_000)
const filesPerBatch = Number(args.get('files-per-batch') ?? 10)
const runs = Number(args.get('runs') ?? 3)
const eventsPerFile = 10_000
const root = resolve('.cache/bench')
const input = join(root, `input-${events}`)

async function ensureInput(): Promise<number> {
  const marker = join(input, '_COMPLETE')
  if (!(await fs.stat(marker).catch(() => undefined))) {
    await fs.rm(input, { recursive: true, force: true })
    const t = performance.now()
    await generateEvents({
      out: input,
      batches: Math.ceil(events / eventsPerFile),
      eventsPerBatch: eventsPerFile,
      seed: 2026,
      startTime: '2026-11-24T00:00:00Z',
      intervalMs: 5000,
    })
    await fs.writeFile(marker, '')
    process.stdout.write(
      `generated ${events} events in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
    )
  }
  let bytes = 0
  for (const name of await fs.readdir(input))
    if (name.endsWith('.json')) bytes += (await fs.stat(join(input, name))).size
  return bytes
}

interface RunResult {
  rows: number
  batches: number
  totalMs: number
  startReturnedMs: number
  firstCommitMs: number
  peakRssBytes: number
  phases: Record<string, number>
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const bytes = await ensureInput()
const runner = fileURLToPath(new URL('./passthrough-run.js', import.meta.url))
const queryRunner = fileURLToPath(new URL('./query-run.js', import.meta.url))
const workloads = (args.get('workloads') ?? 'passthrough,tumbling,dedup').split(',')
const results: RunResult[] = []
for (let r = 0; r < runs; r++) {
  const work = join(root, `run-${r}`)
  await fs.rm(work, { recursive: true, force: true })
  const out = execFileSync(process.execPath, [runner, input, work, String(filesPerBatch)], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  })
  const result = JSON.parse(out.trim().split('\n').pop()!) as RunResult
  if (result.rows !== events)
    throw new Error(`run ${r} processed ${result.rows} rows, expected ${events}`)
  results.push(result)
  process.stdout.write(
    `run ${r + 1}/${runs}: ${Math.round(result.rows / (result.totalMs / 1000))} events/s, ${(result.totalMs / 1000).toFixed(2)} s, first batch committed after ${result.firstCommitMs.toFixed(0)} ms, peak RSS ${(result.peakRssBytes / 2 ** 20).toFixed(0)} MiB\n`,
  )
  await fs.rm(work, { recursive: true, force: true })
}

// Stateful seed apps over the same input (tumbling 5 min, dedup on (event_id, timestamp) …).
interface QueryResult extends RunResult {
  stateRows: number
  stateMemoryBytes: number
}
const stateful: Record<
  string,
  { eventsPerSecond: number[]; peakRssBytes: number[]; stateRows: number; bytesPerStateRow: number }
> = {}
for (const app of workloads.filter((w) => w !== 'passthrough')) {
  const figures = {
    eventsPerSecond: [] as number[],
    peakRssBytes: [] as number[],
    stateRows: 0,
    bytesPerStateRow: 0,
  }
  for (let r = 0; r < runs; r++) {
    const work = join(root, `${app}-${r}`)
    await fs.rm(work, { recursive: true, force: true })
    const out = execFileSync(
      process.execPath,
      [queryRunner, app, input, work, String(filesPerBatch)],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    )
    const res = JSON.parse(out.trim().split('\n').pop()!) as QueryResult
    if (res.rows !== events)
      throw new Error(`${app} run ${r} read ${res.rows} rows, expected ${events}`)
    figures.eventsPerSecond.push(res.rows / (res.totalMs / 1000))
    figures.peakRssBytes.push(res.peakRssBytes)
    figures.stateRows = res.stateRows
    figures.bytesPerStateRow = res.stateRows > 0 ? res.stateMemoryBytes / res.stateRows : 0
    process.stdout.write(
      `${app} run ${r + 1}/${runs}: ${Math.round(res.rows / (res.totalMs / 1000))} events/s, ${res.stateRows} state rows, ${figures.bytesPerStateRow.toFixed(0)} B/state row (estimate), peak RSS ${(res.peakRssBytes / 2 ** 20).toFixed(0)} MiB\n`,
    )
    await fs.rm(work, { recursive: true, force: true })
  }
  stateful[app] = figures
}

// Start-up: start() → first committed batch on a seed-sized input (one file of 100 events).
const small = join(root, 'input-startup')
if (!(await fs.stat(join(small, 'batch_000000.json')).catch(() => undefined))) {
  await generateEvents({
    out: small,
    batches: 1,
    eventsPerBatch: 100,
    seed: 1,
    startTime: '2026-11-24T00:00:00Z',
  })
}
const startups: number[] = []
for (let r = 0; r < 5; r++) {
  const work = join(root, `startup-${r}`)
  await fs.rm(work, { recursive: true, force: true })
  const out = execFileSync(process.execPath, [runner, small, work, '1'], { encoding: 'utf8' })
  startups.push((JSON.parse(out.trim().split('\n').pop()!) as RunResult).firstCommitMs)
  await fs.rm(work, { recursive: true, force: true })
}
process.stdout.write(
  `start-up (100-event file): ${startups.map((s) => s.toFixed(0)).join(', ')} ms\n`,
)

const eps = results.map((r) => r.rows / (r.totalMs / 1000))
const summary = {
  workload: 'passthrough JSON → Delta, Trigger.AvailableNow',
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryBytes: totalmem(),
    node: process.version,
    platform: process.platform,
  },
  events,
  inputBytes: bytes,
  filesPerBatch,
  eventsPerFile,
  runs,
  eventsPerSecond: { median: median(eps), min: Math.min(...eps), max: Math.max(...eps) },
  megabytesPerSecond: { median: median(results.map((r) => bytes / 2 ** 20 / (r.totalMs / 1000))) },
  firstBatchCommittedMs: {
    median: median(results.map((r) => r.firstCommitMs)),
    min: Math.min(...results.map((r) => r.firstCommitMs)),
    max: Math.max(...results.map((r) => r.firstCommitMs)),
  },
  startupFirstCommitMs: {
    median: median(startups),
    min: Math.min(...startups),
    max: Math.max(...startups),
  },
  peakRssBytes: {
    median: median(results.map((r) => r.peakRssBytes)),
    max: Math.max(...results.map((r) => r.peakRssBytes)),
  },
  phaseMsMedianRun: results[eps.indexOf(median(eps))]!.phases,
  stateful: Object.fromEntries(
    Object.entries(stateful).map(([app, f]) => [
      app,
      {
        eventsPerSecond: {
          median: median(f.eventsPerSecond),
          min: Math.min(...f.eventsPerSecond),
          max: Math.max(...f.eventsPerSecond),
        },
        peakRssBytes: { median: median(f.peakRssBytes) },
        stateRows: f.stateRows,
        bytesPerStateRowEstimate: f.bytesPerStateRow,
      },
    ]),
  ),
  measuredAt: new Date().toISOString(),
}
await fs.mkdir('results', { recursive: true })
await fs.writeFile('results/passthrough.json', `${JSON.stringify(summary, null, 2)}\n`)
const md = `# Pass-through benchmark (JSON → Delta, availableNow)

Measured ${summary.measuredAt} on ${summary.machine.cpus} × ${summary.machine.cpuModel}, ${(summary.machine.memoryBytes / 2 ** 30).toFixed(0)} GiB, Node ${summary.machine.node}.
${events.toLocaleString('en')} events (${(bytes / 2 ** 20).toFixed(0)} MiB of JSON lines in ${Math.ceil(events / eventsPerFile)} files), ${filesPerBatch} files per micro-batch, ${runs} runs, each in a fresh process.

| figure | median | range |
|---|---|---|
| events/s | ${Math.round(summary.eventsPerSecond.median).toLocaleString('en')} | ${Math.round(summary.eventsPerSecond.min).toLocaleString('en')} – ${Math.round(summary.eventsPerSecond.max).toLocaleString('en')} |
| MB/s (input JSON) | ${summary.megabytesPerSecond.median.toFixed(1)} | |
| start() → first batch committed (100-event file, 5 runs) | ${summary.startupFirstCommitMs.median.toFixed(0)} ms | ${summary.startupFirstCommitMs.min.toFixed(0)} – ${summary.startupFirstCommitMs.max.toFixed(0)} ms |
| start() → first batch committed (first 100,000-event batch) | ${summary.firstBatchCommittedMs.median.toFixed(0)} ms | ${summary.firstBatchCommittedMs.min.toFixed(0)} – ${summary.firstBatchCommittedMs.max.toFixed(0)} ms |
| peak RSS | ${(summary.peakRssBytes.median / 2 ** 20).toFixed(0)} MiB | max ${(summary.peakRssBytes.max / 2 ** 20).toFixed(0)} MiB |

${
  Object.keys(stateful).length > 0
    ? `| seed app | events/s (median) | state rows at the end | bytes per state row (store estimate) | peak RSS |\n|---|---|---|---|---|\n${Object.entries(
        summary.stateful,
      )
        .map(
          ([app, f]) =>
            `| ${app} | ${Math.round(f.eventsPerSecond.median).toLocaleString('en')} | ${f.stateRows.toLocaleString('en')} | ${f.bytesPerStateRowEstimate.toFixed(0)} | ${(f.peakRssBytes.median / 2 ** 20).toFixed(0)} MiB |`,
        )
        .join('\n')}\n\n`
    : ''
}Time per phase (ms, summed over the batches of the median run): ${Object.entries(
  summary.phaseMsMedianRun,
)
  .map(([k, v]) => `${k} ${v}`)
  .join(', ')}.
`
await fs.writeFile('results/passthrough.md', md)
process.stdout.write(`\n${md}`)

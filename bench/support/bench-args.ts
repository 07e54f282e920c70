/** The flags of `npm run bench` (see bench/benchmarks.ts), validated before anything runs. */
import { isWorkloadName, WORKLOAD_NAMES, type WorkloadName } from './workloads.js'
import type { EngineName } from './engine-process.js'

export interface BenchArgs {
  readonly engines: readonly EngineName[]
  readonly workloads: readonly WorkloadName[]
  readonly events: number
  readonly eventsPerFile: number
  readonly filesPerBatch: number
  readonly runs: number
  readonly latencyRuns: number
  readonly latencyRates: readonly number[]
  readonly latencySamples: number
  readonly latencyWarmup: number
  readonly latencyIntervalMs: number
  readonly out: string
  /** --profile DIR: CPU profiles of every engine process (node --cpu-prof; Spark: JFR). */
  readonly profile: string | undefined
}

export const USAGE = `npm run bench -- [--engine streamlake|spark|connect|both|a,b,…] [--workloads ${WORKLOAD_NAMES.join(',')}]
  [--events 2000000] [--events-per-file 10000] [--files-per-batch 10] [--runs 3]
  [--latency-runs 1] [--latency-rates 20,10000] [--latency-samples 200] [--latency-warmup 20]
  [--latency-interval-ms 100] [--out results] [--profile DIR]`

const DEFAULTS: Record<string, string> = {
  engine: 'both',
  workloads: WORKLOAD_NAMES.join(','),
  events: '2000000',
  'events-per-file': '10000',
  'files-per-batch': '10',
  runs: '3',
  'latency-runs': '1',
  'latency-rates': '20,10000',
  'latency-samples': '200',
  'latency-warmup': '20',
  'latency-interval-ms': '100',
  out: 'results',
  profile: '',
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\nusage: ${USAGE}\n`)
  process.exit(2)
}

function positive(flag: string, value: string, min = 1): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < min) fail(`--${flag} must be an integer ≥ ${min}, got "${value}"`)
  return n
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const flags = new Map(Object.entries(DEFAULTS))
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--help' || a === '-h') {
      process.stdout.write(`usage: ${USAGE}\n`)
      process.exit(0)
    }
    const [name, inline] = a.replace(/^--/, '').split('=', 2) as [string, string | undefined]
    if (!a.startsWith('--') || !flags.has(name)) fail(`unknown argument "${a}"`)
    const value = inline ?? argv[++i]
    if (value === undefined) fail(`--${name} needs a value`)
    flags.set(name, value)
  }
  // both = streamlake,spark; connect = the seed queries through a remote session on a local
  // Spark Connect server the harness starts (scripts/spark-connect-server.sh).
  const engine = flags.get('engine')!
  const engines =
    engine === 'both' ? ['streamlake', 'spark'] : engine.split(',').map((e) => e.trim())
  for (const e of engines)
    if (!['streamlake', 'spark', 'connect'].includes(e))
      fail(
        `--engine must be streamlake, spark, connect, both or a comma-separated list, got "${engine}"`,
      )
  if (new Set(engines).size !== engines.length) fail(`--engine lists an engine twice: "${engine}"`)
  const workloads = flags
    .get('workloads')!
    .split(',')
    .map((s) => s.trim())
  for (const w of workloads)
    if (!isWorkloadName(w)) fail(`unknown workload "${w}" (known: ${WORKLOAD_NAMES.join(', ')})`)
  return {
    engines: engines as EngineName[],
    workloads: workloads as WorkloadName[],
    events: positive('events', flags.get('events')!),
    eventsPerFile: positive('events-per-file', flags.get('events-per-file')!),
    filesPerBatch: positive('files-per-batch', flags.get('files-per-batch')!),
    runs: positive('runs', flags.get('runs')!),
    latencyRuns: positive('latency-runs', flags.get('latency-runs')!, 0),
    latencyRates: flags
      .get('latency-rates')!
      .split(',')
      .filter((s) => s.trim() !== '')
      .map((r) => positive('latency-rates', r.trim())),
    latencySamples: positive('latency-samples', flags.get('latency-samples')!),
    latencyWarmup: positive('latency-warmup', flags.get('latency-warmup')!, 0),
    latencyIntervalMs: positive('latency-interval-ms', flags.get('latency-interval-ms')!),
    out: flags.get('out')!,
    profile: flags.get('profile') === '' ? undefined : flags.get('profile'),
  }
}

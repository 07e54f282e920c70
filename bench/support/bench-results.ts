/**
 * benchmarks.json: `{ machine, versions, settings, workloads: { <name>: { streamlake, spark,
 * ratio } } }` in the shape issue 6 asks for. Per engine: eventsPerSecond, startupMs and
 * peakRssBytes as {median, min, max} over the repetitions; latencyMs {p50, p95, p99} at the seed's
 * 20 events/s over all samples of all latency repetitions (latencyMsByRate has every rate).
 * Ratios: streamlake / Spark for throughput, Spark / streamlake for the others, so bigger is
 * better for streamlake; null when an engine did not run.
 */
import { percentiles, range, type Percentiles, type Range } from './stats.js'
import type { EngineName } from './engine-process.js'
import type { WorkloadName } from './workloads.js'

/** What the runs of one engine on one workload collected. */
export interface Collected {
  eventsPerSecond: number[]
  startupMs: number[]
  peakRssBytes: number[]
  outputRows: number[]
  /** rate (events/s) → samples over all latency repetitions; per repetition p99 too. */
  latency: Map<number, { samples: number[]; p99PerRun: number[] }>
}

export function emptyCollected(): Collected {
  return {
    eventsPerSecond: [],
    startupMs: [],
    peakRssBytes: [],
    outputRows: [],
    latency: new Map(),
  }
}

export interface EngineFigures {
  readonly eventsPerSecond: Range
  readonly latencyMs: Percentiles
  readonly startupMs: Range
  readonly peakRssBytes: Range
  readonly latencyMsByRate: Record<string, Percentiles & { samples: number; p99PerRun: Range }>
  readonly outputRows: Range
  /** Repetitions behind eventsPerSecond, startupMs and peakRssBytes. */
  readonly runs: number
}

export interface WorkloadFigures {
  readonly description: string
  readonly streamlake?: EngineFigures
  readonly spark?: EngineFigures
  /** The same queries from our client through Spark Connect to a local server. */
  readonly connect?: EngineFigures
  /**
   * Spark through Connect vs Spark's own Python client (the cost of the network hop): throughput
   * connect / spark; latency p99 and start-up spark / connect (bigger is better for connect).
   */
  readonly connectVsSpark?: {
    readonly throughput: number | null
    readonly latencyP99: number | null
    readonly startup: number | null
  }
  readonly ratio: {
    readonly throughput: number | null
    readonly latencyP99: number | null
    readonly startup: number | null
    readonly peakRss: number | null
    readonly latencyP99ByRate: Record<string, number | null>
  }
}

export interface BenchResults {
  readonly machine: Record<string, unknown>
  readonly versions: Record<string, unknown>
  readonly settings: Record<string, unknown>
  readonly workloads: Partial<Record<WorkloadName, WorkloadFigures>>
}

export const SEED_RATE = 20

export function engineFigures(c: Collected): EngineFigures {
  const byRate: EngineFigures['latencyMsByRate'] = {}
  for (const [rate, l] of [...c.latency].sort((a, b) => a[0] - b[0]))
    byRate[String(rate)] = {
      ...percentiles(l.samples),
      samples: l.samples.length,
      p99PerRun: range(l.p99PerRun),
    }
  const seed = byRate[String(SEED_RATE)] ?? Object.values(byRate)[0]
  return {
    eventsPerSecond: range(c.eventsPerSecond),
    latencyMs: seed
      ? { p50: seed.p50, p95: seed.p95, p99: seed.p99 }
      : { p50: NaN, p95: NaN, p99: NaN },
    startupMs: range(c.startupMs),
    peakRssBytes: range(c.peakRssBytes),
    latencyMsByRate: byRate,
    outputRows: range(c.outputRows),
    runs: c.eventsPerSecond.length,
  }
}

const ratio = (a: number | undefined, b: number | undefined): number | null =>
  a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0
    ? null
    : a / b

export function workloadFigures(
  description: string,
  collected: Partial<Record<EngineName, Collected>>,
): WorkloadFigures {
  const sl = collected.streamlake ? engineFigures(collected.streamlake) : undefined
  const sp = collected.spark ? engineFigures(collected.spark) : undefined
  const co = collected.connect ? engineFigures(collected.connect) : undefined
  const rates = new Set([
    ...Object.keys(sl?.latencyMsByRate ?? {}),
    ...Object.keys(sp?.latencyMsByRate ?? {}),
  ])
  return {
    description,
    ...(sl ? { streamlake: sl } : {}),
    ...(sp ? { spark: sp } : {}),
    ...(co ? { connect: co } : {}),
    ...(co && sp
      ? {
          connectVsSpark: {
            throughput: ratio(co.eventsPerSecond.median, sp.eventsPerSecond.median),
            latencyP99: ratio(sp.latencyMs.p99, co.latencyMs.p99),
            startup: ratio(sp.startupMs.median, co.startupMs.median),
          },
        }
      : {}),
    ratio: {
      throughput: ratio(sl?.eventsPerSecond.median, sp?.eventsPerSecond.median),
      latencyP99: ratio(sp?.latencyMs.p99, sl?.latencyMs.p99),
      startup: ratio(sp?.startupMs.median, sl?.startupMs.median),
      peakRss: ratio(sp?.peakRssBytes.median, sl?.peakRssBytes.median),
      latencyP99ByRate: Object.fromEntries(
        [...rates].map((r) => [r, ratio(sp?.latencyMsByRate[r]?.p99, sl?.latencyMsByRate[r]?.p99)]),
      ),
    },
  }
}

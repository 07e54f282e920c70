/**
 * `npm run bench`: streamlake and Spark side by side on the six workloads of issue 6, in one
 * invocation — throughput (availableNow), latency at steady rates, start-up and peak RSS — and
 * the report: DIR/benchmarks.md, DIR/benchmarks.json, DIR/performance_charts.png.
 * Each (repetition, workload, engine) runs in a fresh engine process: start-up probe, then (in
 * the first --latency-runs repetitions) one latency run per rate, then the throughput run; the
 * engines alternate which goes first. Flags: see support/bench-args.ts (`--help`).
 * The `connect` engine runs the streamlake child with a remote session on a local Spark Connect
 * server that the harness starts (scripts/spark-connect-server.sh, port STREAMLAKE_CONNECT_PORT)
 * and stops again unless it was already running.
 */
import { execFile } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { promisify } from 'node:util'
import { join, resolve } from 'node:path'
import { parseBenchArgs } from './support/bench-args.js'
import { renderBenchCharts } from './support/bench-charts.js'
import { latencyInput, startupInput, throughputInput, usersTable } from './support/bench-inputs.js'
import { benchMarkdown } from './support/bench-markdown.js'
import {
  emptyCollected,
  workloadFigures,
  type BenchResults,
  type Collected,
} from './support/bench-results.js'
import { EngineProcess, REPO_ROOT, type EngineName } from './support/engine-process.js'
import { startKafkaBroker, type KafkaBroker } from './support/kafka-input.js'
import {
  baseVersions,
  loadAverage,
  machineInfo,
  sparkEnvironment,
  sparkVersions,
} from './support/machine-info.js'
import {
  freshDirs,
  latencyFilesNeeded,
  measureLatency,
  measureStartup,
  measureThroughput,
} from './support/measure-runs.js'
import { writeProfileSummary } from './support/profile-summary.js'
import { percentile } from './support/stats.js'
import { WORKLOADS, type WorkloadName } from './support/workloads.js'

const args = parseBenchArgs(process.argv.slice(2))
const log = (s: string): void => {
  process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`)
}
const root = resolve('.cache/bench')
const machine = machineInfo()
const versions: Record<string, unknown> = baseVersions()
const sparkEnv = args.engines.includes('spark') ? sparkEnvironment() : {}
if (args.engines.includes('spark'))
  Object.assign(versions, sparkVersions(sparkEnv['STREAMLAKE_SPARK_PYTHON']!))

// The connect engine's server: started once for the whole run (its start-up is not a query's).
const connectScript = join(REPO_ROOT, 'scripts', 'spark-connect-server.sh')
const exec = promisify(execFile)
let connectUrl: string | undefined
let connectStartedHere = false
const connectFailures: string[] = []
if (args.engines.includes('connect')) {
  connectStartedHere = await exec(connectScript, ['status']).then(
    () => false,
    () => true,
  )
  log(`${connectStartedHere ? 'starting' : 'reusing'} the local Spark Connect server`)
  const { stdout } = await exec(connectScript, ['start'], { timeout: 600_000 })
  connectUrl = stdout.trim().split('\n').at(-1)!
  log(`connect engine: ${connectUrl}`)
}

if (args.profile !== undefined) await fs.mkdir(resolve(args.profile), { recursive: true })
log(`inputs under ${root} (generated once, seed 2026)`)
const throughput = await throughputInput(root, args.events, args.eventsPerFile)
const latencyFiles = latencyFilesNeeded({
  intervalMs: args.latencyIntervalMs,
  warmup: args.latencyWarmup,
  samples: args.latencySamples,
})
const latency = new Map<number, Awaited<ReturnType<typeof latencyInput>>>()
if (args.latencyRuns > 0)
  for (const rate of args.latencyRates)
    latency.set(rate, await latencyInput(root, rate, args.latencyIntervalMs, latencyFiles))
const startup = await startupInput(root)
const users = await usersTable(root)
log(
  `throughput input: ${throughput.events.toLocaleString('en')} events in ${throughput.files.length} files (${(throughput.bytes / 2 ** 20).toFixed(0)} MiB)`,
)

// The kafka workload: a local broker and, for this run, topics holding the same events.
let kafka: { broker: KafkaBroker; throughputTopic: string; startupTopic: string } | undefined
if (args.workloads.includes('kafka')) {
  const broker = await startKafkaBroker(log)
  kafka = {
    broker,
    throughputTopic: await broker.topicOf(throughput, 'throughput'),
    startupTopic: await broker.topicOf(startup, 'startup'),
  }
}

const collected = new Map<WorkloadName, Partial<Record<EngineName, Collected>>>()
let sparkSettings: Record<string, string> = {}
const work = join(root, 'work')

async function runOne(rep: number, workload: WorkloadName, engineName: EngineName): Promise<void> {
  const c = (collected.get(workload) ?? {})[engineName] ?? emptyCollected()
  collected.set(workload, { ...collected.get(workload), [engineName]: c })
  const engine = EngineProcess.spawn(
    engineName,
    sparkEnv,
    args.profile === undefined
      ? undefined
      : join(resolve(args.profile), `${engineName}-${workload}-${rep + 1}`),
    connectUrl,
  )
  try {
    const ready = await engine.expect('ready', 300_000)
    if (engineName === 'spark') {
      versions['spark'] = ready['sparkVersion']
      versions['java'] = ready['java']
      sparkSettings = ready['settings'] as Record<string, string>
    }
    const tag = `${engineName} ${workload} #${rep + 1}`
    const startupMs = await measureStartup(
      engine,
      workload,
      startup,
      await freshDirs(join(work, 'startup')),
      users,
      workload === 'kafka'
        ? { kafkaBootstrap: kafka!.broker.bootstrap, kafkaTopic: kafka!.startupTopic }
        : {},
    )
    c.startupMs.push(startupMs)
    log(`${tag}: start-up ${startupMs.toFixed(0)} ms`)
    // Latency is measured on files renamed in at a steady pace; the kafka workload has none.
    if (rep < args.latencyRuns && workload !== 'kafka') {
      for (const [rate, input] of latency) {
        const samples = await measureLatency(
          engine,
          workload,
          input,
          await freshDirs(join(work, `latency-${rate}`)),
          users,
          {
            intervalMs: args.latencyIntervalMs,
            warmup: args.latencyWarmup,
            samples: args.latencySamples,
          },
        )
        const l = c.latency.get(rate) ?? { samples: [], p99PerRun: [] }
        l.samples.push(...samples)
        l.p99PerRun.push(percentile(samples, 99))
        c.latency.set(rate, l)
        log(
          `${tag}: latency at ${rate}/s p50 ${percentile(samples, 50).toFixed(0)} p99 ${percentile(samples, 99).toFixed(0)} ms (${samples.length} samples)`,
        )
      }
    }
    const t = await measureThroughput(
      engine,
      workload,
      throughput,
      await freshDirs(join(work, 'throughput')),
      users,
      args.filesPerBatch,
      workload === 'kafka'
        ? { kafkaBootstrap: kafka!.broker.bootstrap, kafkaTopic: kafka!.throughputTopic }
        : undefined,
    )
    c.eventsPerSecond.push(t.eventsPerSecond)
    c.outputRows.push(t.outputRows)
    const rss = await engine.exit()
    c.peakRssBytes.push(rss)
    log(
      `${tag}: ${Math.round(t.eventsPerSecond).toLocaleString('en')} events/s (${t.seconds.toFixed(1)} s, ${t.batches} batches, ${t.outputRows.toLocaleString('en')} output rows), peak RSS ${(rss / 2 ** 20).toFixed(0)} MiB`,
    )
  } catch (error) {
    engine.kill()
    // A query the Connect backend cannot translate yet (it says which operator) leaves that
    // engine's cells empty, with the reason under "How it was measured", instead of the run.
    const message = error instanceof Error ? error.message : String(error)
    if (engineName === 'connect' && message.includes('SL_CONNECT_UNSUPPORTED')) {
      const first = /SL_CONNECT_UNSUPPORTED[^\n]*/.exec(message)?.[0] ?? message
      log(`connect ${workload}: not run (${first})`)
      if (!connectFailures.some((f) => f.startsWith(`${workload}:`)))
        connectFailures.push(`${workload}: ${first}`)
      const figures = collected.get(workload)
      if (figures?.connect && figures.connect.eventsPerSecond.length === 0) delete figures.connect
      return
    }
    throw error
  } finally {
    await fs.rm(work, { recursive: true, force: true })
  }
}

async function writeReport(completedRuns: number): Promise<void> {
  const results: BenchResults = {
    machine: { ...machine, loadAverageAtEnd: loadAverage(), measuredAt: new Date().toISOString() },
    versions,
    settings: {
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      input: `${throughput.events.toLocaleString('en')} generated events (seed 2026, UTC, 10 % late, 10 % exact duplicates) in ${throughput.files.length} files of ${throughput.eventsPerFile.toLocaleString('en')} events, ${(throughput.bytes / 2 ** 20).toFixed(0)} MiB of JSON lines, one simulated minute of event time per file; the join reads a 1,000-row users Delta table; the same files and table for both engines.`,
      events: throughput.events,
      filesPerBatch: args.filesPerBatch,
      eventsPerBatch: args.filesPerBatch * throughput.eventsPerFile,
      runs: completedRuns,
      runsAsked: args.runs,
      latencyRuns: args.latencyRuns,
      latencyRates: args.latencyRates,
      latencySamples: args.latencySamples,
      latencyWarmup: args.latencyWarmup,
      latencyIntervalMs: args.latencyIntervalMs,
      spark: sparkSettings,
      ...(connectUrl !== undefined
        ? {
            connect: `the same queries as the streamlake column, built by bench/streamlake-child.ts on a remote session (SparkSession.builder().remote('${connectUrl}')) to a local Spark Connect server started by scripts/spark-connect-server.sh (local[2], the Spark settings above, its JVM already up); the server reads and writes the same paths. Start-up includes loading our Connect client and the first gRPC calls; peak RSS is the client's process tree only (the server JVM is shared and long-lived). The Connect vs Spark column: throughput connect / Spark, start-up Spark / connect (below 1× = slower than Spark's own Python client).${connectFailures.length > 0 ? ` Not run through Connect: ${connectFailures.join('; ')}.` : ''}`,
          }
        : {}),
    },
    workloads: Object.fromEntries(
      args.workloads.map((w) => [
        w,
        workloadFigures(WORKLOADS[w].description, collected.get(w) ?? {}),
      ]),
    ),
  }
  const rates = args.latencyRuns > 0 ? args.latencyRates : []
  await fs.mkdir(args.out, { recursive: true })
  await fs.writeFile(join(args.out, 'benchmarks.json'), `${JSON.stringify(results, null, 2)}\n`)
  await fs.writeFile(join(args.out, 'benchmarks.md'), benchMarkdown(results, rates))
  await fs.writeFile(
    join(args.out, 'performance_charts.png'),
    await renderBenchCharts(results, rates),
  )
  log(
    `wrote ${['benchmarks.md', 'benchmarks.json', 'performance_charts.png'].map((f) => join(args.out, f)).join(', ')} (${completedRuns} of ${args.runs} repetitions)`,
  )
}

// The report is rewritten after every workload, so a run cut short still leaves a report of
// what it completed (it says how many full repetitions, and each figure how many runs).
for (let rep = 0; rep < args.runs; rep++) {
  for (const workload of args.workloads) {
    const order = rep % 2 === 0 ? args.engines : [...args.engines].reverse()
    for (const engine of order) await runOne(rep, workload, engine)
    if (workload !== args.workloads.at(-1)) await writeReport(rep)
  }
  await writeReport(rep + 1)
}
if (connectStartedHere) await exec(connectScript, ['stop'], { timeout: 120_000 })
await kafka?.broker.close()
if (args.profile !== undefined) {
  const summary = await writeProfileSummary(resolve(args.profile))
  log(`wrote ${summary} (CPU profiles of every engine process under ${args.profile})`)
}

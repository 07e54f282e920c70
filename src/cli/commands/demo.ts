/**
 * `streamlake demo` (also `npm start`): the generator writing event batches on the wall clock
 * plus the seed queries on the embedded engine, the dashboard on http://127.0.0.1:4040 (`--port`,
 * next free port if taken) and one live status line per query in the terminal. Each query keeps a
 * JSON-lines progress log in its checkpoint. Ctrl-C (or `--duration`) stops everything cleanly;
 * running it again resumes from the checkpoints; `--reset` starts from scratch. With `--remote
 * sc://…` (or `SPARK_REMOTE`) the queries run on Apache Spark through Spark Connect while the
 * generator, the dashboard and the status lines stay here (remote-flag.ts).
 */
import { promises as fs } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { SparkSession } from '../../api/session.js'
import { SEED_APPS, startSeedApp } from '../../apps/seed-apps.js'
import { generateEvents, type GeneratedBatch } from '../../generator/index.js'
import { KafkaEventPublisher } from '../kafka-event-publisher.js'
import { StatusBoard } from '../../monitor/reporters/status-board.js'
import {
  addFlags,
  durationFlag,
  integerFlag,
  invalidFlag,
  numberFlag,
  parseFlags,
  type FlagTable,
} from '../options.js'
import { recordStreamingReport } from '../../monitor/report/streaming-report.js'
import { loadChartLibraries } from '../../monitor/report/chart-libraries.js'
import { deltaTableOfSink } from '../../monitor/report/delta-table-of-sink.js'
import type { StreamingQuery } from '../../api/streaming-query.js'
import { runUntilDoneOrSignal } from './run.js'
import { makeDirectory } from '../../internal/make-directory.js'
import { REMOTE_FLAG, remoteBanner, remoteUrl, serverPaths } from '../remote-flag.js'

export interface DemoFlags {
  input: string
  data: string
  checkpoints: string
  duration: number | undefined
  eventsPerBatch: number
  interval: number
  lateTailFraction: number
  queries: string
  reset: boolean
  port: number
  report: string | undefined
  remote: string | undefined
  source: 'files' | 'kafka'
  kafka: string
  topic: string
}

/**
 * The demo's lateness tail: 2 % of events lag 15-20 minutes, beyond the 10-minute watermark of
 * the windowed apps, so late rows are dropped (and land in `late_events`) from the second batch
 * on — the seed's "late event at T+15min: dropped". The seed generator itself has no tail.
 */
export const DEMO_LATE_TAIL_FRACTION = 0.02

export const DEMO_FLAGS: FlagTable<DemoFlags> = {
  input: {
    description: 'where the generator writes event files',
    argument: '<dir>',
    default: './input',
  },
  data: { description: 'root of the Delta tables', argument: '<dir>', default: './data' },
  checkpoints: {
    description: 'root of the checkpoints',
    argument: '<dir>',
    default: './checkpoints',
  },
  duration: {
    description: 'stop after this long (default: until Ctrl-C)',
    argument: '<duration>',
    parse: durationFlag('--duration 30s'),
  },
  eventsPerBatch: {
    description: 'events per generated batch',
    argument: '<n>',
    default: 100,
    parse: integerFlag('--events-per-batch 100'),
  },
  interval: {
    description: 'time between generated batches',
    argument: '<duration>',
    default: 5000,
    defaultText: '5s',
    parse: (raw, flag) => {
      const ms = durationFlag('--interval 5s')(raw, flag)
      if (ms < 1) throw invalidFlag(flag, raw, 'must be at least 1ms', '--interval 5s')
      return ms
    },
  },
  lateTailFraction: {
    description:
      'share of events 15-20 min behind, so the 10-min watermark visibly drops some (late_events)',
    argument: '<fraction>',
    default: DEMO_LATE_TAIL_FRACTION,
    parse: numberFlag('--late-tail-fraction 0.02'),
  },
  queries: {
    description: `comma-separated seed apps to run (${Object.keys(SEED_APPS).join(', ')})`,
    argument: '<list>',
    default: Object.keys(SEED_APPS).join(','),
    defaultText: 'all',
  },
  reset: { description: 'delete input, data and checkpoints first' },
  port: {
    description: 'dashboard port (the next free one if taken; 0 = any)',
    argument: '<n>',
    default: 4040,
    parse: (raw, flag) => {
      const n = integerFlag('--port 4040')(raw, flag)
      if (n < 0 || n > 65535) throw invalidFlag(flag, raw, 'must be 0-65535', '--port 4040')
      return n
    },
  },
  report: {
    description: 'after the run, write streaming_metrics.md and streaming_charts.png into <dir>',
    argument: '<dir>',
  },
  remote: REMOTE_FLAG,
  source: {
    description:
      "where the apps read the events: files (the generator's JSON files in --input) or kafka (the generator also produces each batch to --topic, and the apps read the topic)",
    argument: '<files|kafka>',
    default: 'files',
    parse: (raw, flag) => {
      if (raw !== 'files' && raw !== 'kafka')
        throw invalidFlag(flag, raw, 'must be files or kafka', '--source kafka')
      return raw
    },
  },
  kafka: {
    description: 'the Kafka brokers for --source kafka (scripts/kafka-broker.sh start runs one)',
    argument: '<host:port>',
    default: '127.0.0.1:19092',
  },
  topic: {
    description: 'the Kafka topic for --source kafka (created if missing)',
    argument: '<name>',
    default: 'events',
  },
}

export function registerDemo(program: Command): void {
  addFlags(
    program
      .command('demo')
      .description(
        'generator + seed queries on the embedded engine, or on Spark with --remote (Ctrl-C stops)',
      ),
    DEMO_FLAGS,
  ).action(async (raw: Record<string, unknown>) => {
    const flags = parseFlags(DEMO_FLAGS, raw)
    const names = demoQueryNames(flags.queries)
    const remote = remoteUrl(flags.remote)
    // --report needs the optional chart packages: say so now, not after the whole run.
    if (flags.report !== undefined) await loadChartLibraries('streamlake demo --report')
    // A remote query's checkpoint is the server's: its progress log goes to a local folder
    // beside the checkpoints instead (`streamlake status --progress-dir` reads it).
    const progressDir = remote === undefined ? undefined : `${resolve(flags.checkpoints)}-progress`
    if (flags.reset)
      for (const dir of [flags.input, flags.data, flags.checkpoints, progressDir])
        if (dir !== undefined) await fs.rm(dir, { recursive: true, force: true })
    await makeDirectory(flags.input)
    const builder = SparkSession.builder()
      .appName('streamlake demo')
      .config('spark.sql.session.timeZone', 'UTC')
      .config('spark.ui.port', flags.port)
      .config('streamlake.progressLog.enabled', true)
    if (progressDir !== undefined) builder.config('streamlake.progressLog.dir', progressDir)
    const spark = builder.getOrCreate()
    const ui = await spark.startUi()
    if (remote !== undefined)
      process.stdout.write(
        `${remoteBanner(remote, names)}  progress logs: ${progressDir} (streamlake status --progress-dir ${progressDir})\n`,
      )
    process.stdout.write(
      `streamlake demo: ${names.join(', ')}\n  dashboard   ${ui.url}\n  metrics     ${ui.url}/metrics\n  input ${flags.input}${flags.source === 'kafka' ? ` → Kafka topic ${flags.topic} at ${flags.kafka}` : ''} · tables ${flags.data} · checkpoints ${flags.checkpoints}\n  Ctrl-C stops.\n\n`,
    )
    const report =
      flags.report === undefined ? undefined : recordStreamingReport(spark.streams, flags.report)
    const board = new StatusBoard(process.stdout)
    spark.streams.addListener(board)
    const generator = new AbortController()
    // --source kafka: every generated batch also goes to the topic, which the apps read.
    const publisher =
      flags.source === 'kafka'
        ? await KafkaEventPublisher.connect(flags.kafka, flags.topic)
        : undefined
    const generating = generateEvents({
      out: flags.input,
      eventsPerBatch: flags.eventsPerBatch,
      intervalMs: flags.interval,
      lateTailFraction: flags.lateTailFraction,
      signal: generator.signal,
      ...(publisher
        ? {
            onBatch: async (batch: GeneratedBatch) => {
              await publisher.publish(batch)
            },
          }
        : {}),
    })
    const paths = {
      input: flags.input,
      data: flags.data,
      checkpoints: flags.checkpoints,
      ...(flags.source === 'kafka'
        ? { kafka: { bootstrapServers: flags.kafka, topic: flags.topic } }
        : {}),
    }
    // A server resolves relative paths in its own working directory; Spark has no late_events.
    const appOptions = remote === undefined ? paths : { ...serverPaths(paths), lateEvents: false }
    const queries = []
    try {
      for (const name of names) queries.push(...(await startSeedApp(spark, name, appOptions)))
    } catch (error) {
      // The dashboard server would keep the process alive: stop everything before failing.
      generator.abort()
      await generating.catch(() => undefined)
      await publisher?.close()
      board.close()
      await spark.stop()
      throw error
    }
    const timer =
      flags.duration === undefined
        ? undefined
        : setTimeout(() => process.kill(process.pid, 'SIGINT'), flags.duration)
    try {
      await runUntilDoneOrSignal(queries, () => generator.abort())
    } finally {
      clearTimeout(timer)
      generator.abort()
      await generating.catch(() => undefined)
      await publisher?.close()
      board.close()
      await spark.stop()
    }
    const generated = await generating.catch(() => undefined)
    process.stdout.write(
      `stopped: the generator wrote ${generated?.events ?? 0} events to ${flags.input} this run\n`,
    )
    for (const line of await tableSummary(spark, queries)) process.stdout.write(`  ${line}\n`)
    const written = await report?.write()
    if (written) process.stdout.write(`report: ${written.markdown}, ${written.png}\n`)
  })
}

/** The `--queries` list, every name checked before anything starts. */
function demoQueryNames(list: string): string[] {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
  const known = Object.keys(SEED_APPS)
  const unknown = names.filter((n) => !known.includes(n))
  if (names.length === 0 || unknown.length > 0)
    throw invalidFlag(
      '--queries',
      list,
      names.length === 0
        ? 'names no seed app'
        : `names unknown seed app${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: ${known.join(', ')})`,
      '--queries tumbling,dedup',
    )
  return names
}

/** One line per query that ran: its name, its Delta table and the rows the table holds now. */
async function tableSummary(
  spark: SparkSession,
  queries: readonly StreamingQuery[],
): Promise<string[]> {
  const lines: string[] = []
  for (const query of queries) {
    const table = deltaTableOfSink(query.lastProgress?.sink.description ?? '')
    if (table === undefined) continue
    const rows = await spark.read
      .format('delta')
      .load(table)
      .count()
      .then(String)
      .catch(() => 'no')
    lines.push(`${query.name ?? query.id}: ${table} holds ${rows} rows`)
  }
  return lines
}

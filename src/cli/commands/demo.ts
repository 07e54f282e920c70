/**
 * `streamlake demo` (also `npm start`): the generator writing event batches on the wall clock
 * plus the seed queries (today: pass-through) on the embedded engine, with one status line per
 * batch. Ctrl-C (or `--duration`) stops everything cleanly; running it again resumes from the
 * checkpoints; `--reset` starts from scratch.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import { SparkSession } from '../../api/session.js'
import { SEED_APPS, startSeedApp } from '../../apps/seed-apps.js'
import { generateEvents } from '../../generator/index.js'
import { recordStreamingReport } from '../../monitor/report/streaming-report.js'
import { addFlags, durationFlag, integerFlag, parseFlags, type FlagTable } from '../options.js'
import { runUntilDoneOrSignal } from './run.js'

export interface DemoFlags {
  input: string
  data: string
  checkpoints: string
  duration: number | undefined
  eventsPerBatch: number
  interval: number
  queries: string
  reset: boolean
  report: string | undefined
}

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
    parse: durationFlag('--interval 5s'),
  },
  queries: {
    description: `comma-separated seed apps to run (${Object.keys(SEED_APPS).join(', ')})`,
    argument: '<list>',
    default: Object.keys(SEED_APPS).join(','),
  },
  reset: { description: 'delete input, data and checkpoints first' },
  report: {
    description: 'after the run, write streaming_metrics.md and performance_charts.png into <dir>',
    argument: '<dir>',
  },
}

export function registerDemo(program: Command): void {
  addFlags(
    program
      .command('demo')
      .description('generator + seed queries on the embedded engine (Ctrl-C stops)'),
    DEMO_FLAGS,
  ).action(async (raw: Record<string, unknown>) => {
    const flags = parseFlags(DEMO_FLAGS, raw)
    if (flags.reset)
      for (const dir of [flags.input, flags.data, flags.checkpoints])
        await fs.rm(dir, { recursive: true, force: true })
    await fs.mkdir(flags.input, { recursive: true })
    const spark = SparkSession.builder()
      .appName('streamlake demo')
      .config('spark.sql.session.timeZone', 'UTC')
      .getOrCreate()
    const report =
      flags.report === undefined ? undefined : recordStreamingReport(spark.streams, flags.report)
    spark.streams.addListener({
      onQueryProgress: ({ progress: p }) => {
        const rate =
          p.processedRowsPerSecond === undefined
            ? ''
            : `${Math.round(p.processedRowsPerSecond)} rows/s`
        process.stdout.write(
          `${(p.name ?? p.id).padEnd(14)} batch ${String(p.batchId).padStart(5)}  ${String(p.numInputRows).padStart(6)} rows  ${String(p.batchDuration).padStart(5)} ms  ${rate}\n`,
        )
      },
    })
    const generator = new AbortController()
    const generating = generateEvents({
      out: flags.input,
      eventsPerBatch: flags.eventsPerBatch,
      intervalMs: flags.interval,
      signal: generator.signal,
    })
    const names = flags.queries
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0)
    const queries = []
    for (const name of names)
      queries.push(
        ...(await startSeedApp(spark, name, {
          input: flags.input,
          data: flags.data,
          checkpoints: flags.checkpoints,
        })),
      )
    process.stdout.write(
      `streamlake demo: ${names.join(', ')} — input ${flags.input}, tables under ${flags.data}, checkpoints under ${flags.checkpoints}. Ctrl-C stops.\n`,
    )
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
    }
    const rows = await spark.read
      .format('delta')
      .load(join(flags.data, 'events'))
      .count()
      .catch(() => 0)
    process.stdout.write(`stopped: ${join(flags.data, 'events')} holds ${rows} events\n`)
    const written = await report?.write()
    if (written) process.stdout.write(`report: ${written.markdown}, ${written.png}\n`)
  })
}

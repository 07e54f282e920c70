/**
 * `streamlake generate`: the seed project's data generator on the command line, a thin wrapper
 * over `generateEvents`. Flags are parsed through the flag table, then validated as generator
 * options (problems are reported under the flag's name) before the first batch. SIGINT/SIGTERM
 * stop the run after the current file is published; the exit code is then 0.
 */
import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { Command } from 'commander'
import { EngineError } from '../../errors/index.js'
import { DEFAULT_EVENT_TOPIC_PARTITIONS, KafkaEventPublisher } from '../kafka-event-publisher.js'
import {
  DEFAULT_BATCH_OPTIONS,
  DEFAULT_INTERVAL_MS,
  formatEventTimestamp,
  generateEvents,
  randomSeed,
  validateGeneratorOptions,
  type GeneratorOptions,
} from '../../generator/index.js'
import {
  addFlags,
  durationFlag,
  flagExample,
  flagName,
  integerFlag,
  invalidFlag,
  numberFlag,
  parseFlags,
  type FlagDefinition,
  type FlagTable,
} from '../options.js'

/** The typed config of `streamlake generate`. Durations are in milliseconds. */
export interface GenerateFlags {
  out: string | undefined
  kafka: string | undefined
  topic: string
  partitions: number
  batches: number | undefined
  eventsPerBatch: number
  interval: number
  seed: number | undefined
  startTime: string | undefined
  lateFraction: number
  lateMin: number
  lateMax: number
  lateTailFraction: number
  lateTailMin: number
  lateTailMax: number
  onTimeMax: number
  duplicateFraction: number
  users: number
  sessions: number
  quiet: boolean
}

const d = DEFAULT_BATCH_OPTIONS

/** The flag table of `streamlake generate`. */
export const GENERATE_FLAGS: FlagTable<GenerateFlags> = {
  out: {
    description:
      'directory to write batch_NNNNNN.json files into (created if missing; required unless --kafka)',
    argument: '<dir>',
    example: '--out ./data/events',
  },
  kafka: {
    description:
      'also produce every event to Kafka at <host:port>, one record per event (value: the JSON line, key: event_id); without --out the files are staged in a temporary directory',
    argument: '<host:port>',
    example: '--kafka 127.0.0.1:19092',
  },
  topic: {
    description: 'the Kafka topic for --kafka (created with --partitions partitions if missing)',
    argument: '<name>',
    default: 'events',
    example: '--topic events',
  },
  partitions: {
    description:
      'partitions of the --kafka topic when this command creates it (an existing topic keeps its own); records are spread over them by key (event_id)',
    argument: '<n>',
    default: DEFAULT_EVENT_TOPIC_PARTITIONS,
    parse: integerFlag('--partitions 6'),
    example: '--partitions 6',
  },
  batches: {
    description: 'number of batch files to write (default: run until SIGINT/SIGTERM)',
    argument: '<n>',
    parse: integerFlag('--batches 10'),
    example: '--batches 10',
  },
  eventsPerBatch: {
    description: 'events per batch file, duplicates included',
    argument: '<n>',
    default: d.eventsPerBatch,
    parse: integerFlag('--events-per-batch 100'),
  },
  interval: {
    description: 'time between batches (wall clock: sleep; simulated clock: event-time step)',
    argument: '<duration>',
    default: DEFAULT_INTERVAL_MS,
    defaultText: '5s',
    parse: durationFlag('--interval 5s'),
    example: '--interval 5s',
  },
  seed: {
    description: 'PRNG seed for a reproducible run (default: random, printed)',
    argument: '<n>',
    parse: integerFlag('--seed 42'),
    example: '--seed 42',
  },
  startTime: {
    description:
      'simulated clock: batch k is at start + k × interval, written without sleeping (ISO-8601, UTC without a zone)',
    argument: '<iso>',
    example: '--start-time 2026-11-24T10:00:00',
  },
  lateFraction: {
    description: 'share of events that arrive late',
    argument: '<fraction>',
    default: d.lateFraction,
    parse: numberFlag('--late-fraction 0.1'),
  },
  lateMin: {
    description: 'smallest lateness of a late event',
    argument: '<duration>',
    default: d.lateMinMs,
    defaultText: '60s',
    parse: durationFlag('--late-min 60s'),
    example: '--late-min 60s',
  },
  lateMax: {
    description: 'largest lateness of a late event',
    argument: '<duration>',
    default: d.lateMaxMs,
    defaultText: '600s',
    parse: durationFlag('--late-max 600s'),
    example: '--late-max 600s',
  },
  lateTailFraction: {
    description: 'share of events far behind (lateness tail: dropped by a 10-min watermark)',
    argument: '<fraction>',
    default: d.lateTailFraction,
    parse: numberFlag('--late-tail-fraction 0.02'),
  },
  lateTailMin: {
    description: 'smallest lateness of a tail event',
    argument: '<duration>',
    default: d.lateTailMinMs,
    defaultText: '15m',
    parse: durationFlag('--late-tail-min 15m'),
    example: '--late-tail-min 15m',
  },
  lateTailMax: {
    description: 'largest lateness of a tail event',
    argument: '<duration>',
    default: d.lateTailMaxMs,
    defaultText: '20m',
    parse: durationFlag('--late-tail-max 20m'),
    example: '--late-tail-max 20m',
  },
  onTimeMax: {
    description: 'largest lag of an on-time event behind the batch time',
    argument: '<duration>',
    default: d.onTimeMaxMs,
    defaultText: '30s',
    parse: durationFlag('--on-time-max 30s'),
    example: '--on-time-max 30s',
  },
  duplicateFraction: {
    description: 'share of events that re-emit an earlier event of this or the 2 previous batches',
    argument: '<fraction>',
    default: d.duplicateFraction,
    parse: numberFlag('--duplicate-fraction 0.05'),
  },
  users: {
    description: 'user_id is drawn from 1..users',
    argument: '<n>',
    default: d.users,
    parse: integerFlag('--users 1000'),
  },
  sessions: {
    description: 'session_id is session_<n> with n drawn from 1..sessions',
    argument: '<n>',
    default: d.sessions,
    parse: integerFlag('--sessions 1000'),
  },
  quiet: { description: 'print no per-batch lines (the seed and errors still print)' },
}

/** Generator option name → config key of its flag. */
const FLAG_OF_OPTION: Record<string, keyof GenerateFlags> = {
  out: 'out',
  batches: 'batches',
  eventsPerBatch: 'eventsPerBatch',
  intervalMs: 'interval',
  seed: 'seed',
  startTime: 'startTime',
  lateFraction: 'lateFraction',
  lateMinMs: 'lateMin',
  lateMaxMs: 'lateMax',
  lateTailFraction: 'lateTailFraction',
  lateTailMinMs: 'lateTailMin',
  lateTailMaxMs: 'lateTailMax',
  onTimeMaxMs: 'onTimeMax',
  duplicateFraction: 'duplicateFraction',
  users: 'users',
  sessions: 'sessions',
}

/** Maps parsed flags to generator options. */
function toGeneratorOptions(
  flags: GenerateFlags,
  out: string,
  signal?: AbortSignal,
): GeneratorOptions {
  return {
    out,
    batches: flags.batches,
    eventsPerBatch: flags.eventsPerBatch,
    intervalMs: flags.interval,
    seed: flags.seed,
    startTime: flags.startTime,
    lateFraction: flags.lateFraction,
    lateMinMs: flags.lateMin,
    lateMaxMs: flags.lateMax,
    lateTailFraction: flags.lateTailFraction,
    lateTailMinMs: flags.lateTailMin,
    lateTailMaxMs: flags.lateTailMax,
    onTimeMaxMs: flags.onTimeMax,
    duplicateFraction: flags.duplicateFraction,
    users: flags.users,
    sessions: flags.sessions,
    signal,
  }
}

/** Throws SL_CLI_INVALID_FLAG for the first generator-option problem, under its flag's name. */
function validate(flags: GenerateFlags, raw: Record<string, unknown>): void {
  if (flags.out === undefined && flags.kafka === undefined)
    throw new EngineError(
      'SL_CLI_MISSING_FLAG',
      {
        flag: '--out',
        why: 'it names the directory the batch files are written to (or give --kafka host:port to produce the events to a topic)',
        example: '--out ./data/events',
      },
      { option: '--out' },
    )
  if (flags.partitions < 1)
    throw invalidFlag(
      '--partitions',
      String(flags.partitions),
      'must be at least 1 (a Kafka topic has one partition or more)',
      '--partitions 6',
    )
  const problem = validateGeneratorOptions(toGeneratorOptions(flags, flags.out ?? '.'))[0]
  if (problem === undefined) return
  const key = FLAG_OF_OPTION[problem.option] ?? 'out'
  const definition = GENERATE_FLAGS[key]
  const flag = flagName(key)
  const given = raw[key] ?? flags[key]
  const problemText = problem.problem.replace(
    /\b(lateMinMs|lateMaxMs|lateTailMinMs|lateTailMaxMs)\b/g,
    (o) => flagName(FLAG_OF_OPTION[o] ?? o),
  )
  throw new EngineError(
    'SL_CLI_INVALID_FLAG',
    {
      flag,
      problem: problemText,
      value: JSON.stringify(String(given)),
      example: definition === null ? flag : flagExample(key, definition as FlagDefinition<unknown>),
    },
    { option: flag },
  )
}

function formatNow(now: Date): string {
  return formatEventTimestamp(now.getTime() * 1000)
}

/**
 * Registers `streamlake generate`.
 *
 * @example
 * ```ts
 * registerGenerate(program) // then: streamlake generate --out ./events --batches 10 --seed 1
 * ```
 */
export function registerGenerate(program: Command): void {
  const command = program
    .command('generate')
    .description(
      'write batches of JSON events (the seed data generator): 10% late by 60-600 s, optional duplicates, reproducible with --seed and --start-time',
    )
  addFlags(command, GENERATE_FLAGS)
  command.action(async () => {
    const raw = command.opts<Record<string, unknown>>()
    const flags = parseFlags(GENERATE_FLAGS, raw)
    validate(flags, raw)
    const controller = new AbortController()
    const stop = (): void => controller.abort()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    const started = performance.now()
    const seed = flags.seed ?? randomSeed()
    if (flags.seed === undefined)
      process.stderr.write(`seed ${seed} (pass --seed ${seed} to reproduce)\n`)
    // Without --out the batch files are only a staging step on the way to Kafka.
    const staging =
      flags.out === undefined ? await fs.mkdtemp(join(tmpdir(), 'streamlake-generate-')) : undefined
    const publisher =
      flags.kafka === undefined
        ? undefined
        : await KafkaEventPublisher.connect(flags.kafka, flags.topic, flags.partitions)
    try {
      const result = await generateEvents({
        ...toGeneratorOptions(flags, flags.out ?? staging!, controller.signal),
        seed,
        onBatch: async (batch) => {
          await publisher?.publish(batch)
          if (flags.quiet) return
          const name = basename(batch.file)
          const where = publisher ? ` → ${flags.topic}` : ''
          process.stdout.write(
            `${name}  ${flags.eventsPerBatch} events${where}  now ${formatNow(batch.now)}\n`,
          )
        },
      })
      if (!flags.quiet) {
        const seconds = ((performance.now() - started) / 1000).toFixed(2)
        const clock =
          flags.startTime === undefined ? 'wall clock' : `simulated clock from ${flags.startTime}`
        const stopped = result.aborted ? ', stopped by signal' : ''
        const target = [
          ...(flags.out !== undefined ? [result.out] : []),
          ...(flags.kafka !== undefined ? [`Kafka topic ${flags.topic} at ${flags.kafka}`] : []),
        ].join(' and ')
        process.stdout.write(
          `wrote ${result.batches} batches, ${result.events} events to ${target} in ${seconds} s ` +
            `(seed ${result.seed}, ${clock}${stopped})\n`,
        )
      }
    } finally {
      await publisher?.close()
      if (staging !== undefined) await fs.rm(staging, { recursive: true, force: true })
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
    }
  })
}

/**
 * The generator's options and their validation: the one place where every option is checked,
 * before the first batch is written. Errors are `SL_API_INVALID_OPTION` naming the option (in the
 * error's `option` context field too, so the CLI can translate it to its flag name) and the value.
 */
import { EngineError } from '../errors/index.js'
import type { GeneratedEvent } from './generated-event.js'
import { parseIsoDateTime } from './parse-iso-date-time.js'
import { randomSeed } from './seeded-random.js'

/** What shapes one batch; see {@link DEFAULT_BATCH_OPTIONS} for defaults. */
export interface BatchOptions {
  /** Events per batch file (duplicates included). Default 100. */
  readonly eventsPerBatch: number
  /** `user_id` is drawn from 1..users. Default 1000. */
  readonly users: number
  /** `session_id` is `session_<n>` with n drawn from 1..sessions. Default 1000. */
  readonly sessions: number
  /** Probability that a fresh event is late. Default 0.1. */
  readonly lateFraction: number
  /** A late event lags "now" by a uniform lateMinMs..lateMaxMs (µs resolution). Default 60 000. */
  readonly lateMinMs: number
  /** Default 600 000 (10 minutes). */
  readonly lateMaxMs: number
  /**
   * Probability that a fresh event belongs to the lateness tail: it lags "now" by a uniform
   * lateTailMinMs..lateTailMaxMs, far enough behind that a 10-minute watermark drops it (the
   * seed's "late event at T+15min: dropped"). Default 0 (the seed generator has no tail);
   * `streamlake demo` uses 0.02 so its late-data tables fill.
   */
  readonly lateTailFraction: number
  /** Default 900 000 (15 minutes). */
  readonly lateTailMinMs: number
  /** Default 1 200 000 (20 minutes). */
  readonly lateTailMaxMs: number
  /** An on-time event lags "now" by a uniform 0..onTimeMaxMs (µs resolution). Default 30 000. */
  readonly onTimeMaxMs: number
  /** Probability that an event is an exact re-emission of an earlier recent event. Default 0. */
  readonly duplicateFraction: number
}

/** Information handed to {@link GeneratorOptions.onBatch} after each file is published. */
export interface GeneratedBatch {
  /** Absolute path of the published file. */
  readonly file: string
  readonly batchIndex: number
  readonly events: readonly GeneratedEvent[]
  /** The batch's "now": every event time is at or before it. */
  readonly now: Date
}

/** Options of `generateEvents`; only `out` is required. */
export interface GeneratorOptions extends Partial<BatchOptions> {
  /** Output directory, created if missing; new batches continue after the highest existing one. */
  readonly out: string
  /** Number of batches to write; omitted = until `signal` aborts. */
  readonly batches?: number | undefined
  /** Time between batches in milliseconds. Default 5000. */
  readonly intervalMs?: number | undefined
  /** PRNG seed (a non-negative safe integer); omitted = a random seed, reported in the result. */
  readonly seed?: number | undefined
  /**
   * Simulated clock: batch k's "now" is `startTime + k × intervalMs` and batches are written
   * without sleeping. Omitted = the wall clock, sleeping `intervalMs` between batches. A string is
   * ISO-8601; without a zone suffix it is read as UTC.
   */
  readonly startTime?: Date | string | undefined
  /** Stops the run after the current batch file is published. */
  readonly signal?: AbortSignal | undefined
  /** Called after each batch file is published; awaited. */
  readonly onBatch?: ((batch: GeneratedBatch) => void | Promise<void>) | undefined
}

/** {@link GeneratorOptions} after validation and defaults. */
export interface ResolvedGeneratorOptions extends BatchOptions {
  readonly out: string
  readonly batches: number | undefined
  readonly intervalMs: number
  readonly seed: number
  /** True when no seed was given and {@link ResolvedGeneratorOptions.seed} was drawn at random. */
  readonly seedWasRandom: boolean
  readonly startTime: Date | undefined
  readonly signal: AbortSignal | undefined
  readonly onBatch: ((batch: GeneratedBatch) => void | Promise<void>) | undefined
}

/**
 * Defaults: the seed project's generator (100 events per batch, 10 % late by 60–600 s, on-time
 * events up to 30 s behind, 1000 users, 1000 sessions, no duplicates, no lateness tail).
 */
export const DEFAULT_BATCH_OPTIONS: BatchOptions = Object.freeze({
  eventsPerBatch: 100,
  users: 1000,
  sessions: 1000,
  lateFraction: 0.1,
  lateMinMs: 60_000,
  lateMaxMs: 600_000,
  lateTailFraction: 0,
  lateTailMinMs: 900_000,
  lateTailMaxMs: 1_200_000,
  onTimeMaxMs: 30_000,
  duplicateFraction: 0,
})

/** Default time between batches: the seed's 5 seconds. */
export const DEFAULT_INTERVAL_MS = 5000

const MAX_LAG_MS = 365 * 86_400_000
const MIN_START_MS = Date.UTC(1971, 0, 1)
const MAX_START_MS = Date.UTC(9000, 0, 1)
const START_HINT =
  'Use ISO-8601, e.g. 2026-11-24T10:00:00 (read as UTC) or 2026-11-24T10:00:00+01:00.'

/** One invalid option, as found by {@link validateGeneratorOptions}. */
export interface OptionProblem {
  /** The option's name in {@link GeneratorOptions}. */
  readonly option: string
  readonly value: unknown
  /** What is wrong, phrased to follow the option name ("must be …"). */
  readonly problem: string
  /** How to fix it. */
  readonly hint: string
}

/** Collects problems while reading options; each check returns the value to use if valid. */
class Checks {
  readonly problems: OptionProblem[] = []

  report(option: string, value: unknown, problem: string, hint: string): void {
    this.problems.push({ option, value, problem, hint })
  }

  integer(option: string, value: unknown, min: number, max: number, hint: string): number {
    const ok = typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
    if (!ok) this.report(option, value, `must be an integer from ${min} to ${max}`, hint)
    return value as number
  }

  fraction(option: string, value: unknown, maxExclusive: boolean, hint: string): number {
    const ok = typeof value === 'number' && value >= 0 && (maxExclusive ? value < 1 : value <= 1)
    const range = maxExclusive ? 'from 0 up to (not including) 1' : 'from 0 to 1'
    if (!ok) this.report(option, value, `must be a number ${range}`, hint)
    return value as number
  }

  /** A lag range in ms: both ends in 0..MAX_LAG_MS, the upper one at least the lower one. */
  lagRange(
    [minName, min, minHint]: readonly [string, unknown, string],
    [maxName, max, maxHint]: readonly [string, unknown, string],
  ): [number, number] {
    const lo = this.integer(minName, min, 0, MAX_LAG_MS, minHint)
    const hi = this.integer(maxName, max, 0, MAX_LAG_MS, maxHint)
    if (hi < lo)
      this.report(
        maxName,
        hi,
        `must be at least ${minName} (${lo})`,
        `Raise ${maxName} or lower ${minName}.`,
      )
    return [lo, hi]
  }
}

function checkBatchOptions(c: Checks, options: Partial<BatchOptions>): BatchOptions {
  const o = { ...DEFAULT_BATCH_OPTIONS, ...definedOnly(options) }
  const [lateMinMs, lateMaxMs] = c.lagRange(
    ['lateMinMs', o.lateMinMs, 'Use e.g. 60000 (60 s).'],
    ['lateMaxMs', o.lateMaxMs, 'Use e.g. 600000 (600 s).'],
  )
  const [lateTailMinMs, lateTailMaxMs] = c.lagRange(
    ['lateTailMinMs', o.lateTailMinMs, 'Use e.g. 900000 (15 min).'],
    ['lateTailMaxMs', o.lateTailMaxMs, 'Use e.g. 1200000 (20 min).'],
  )
  return {
    eventsPerBatch: c.integer('eventsPerBatch', o.eventsPerBatch, 1, 10_000_000, 'Use e.g. 100.'),
    users: c.integer('users', o.users, 1, 2 ** 31 - 1, 'Use e.g. 1000.'),
    sessions: c.integer('sessions', o.sessions, 1, 2 ** 31 - 1, 'Use e.g. 1000.'),
    lateFraction: c.fraction(
      'lateFraction',
      o.lateFraction,
      false,
      'Use e.g. 0.1 for 10 % late events.',
    ),
    lateMinMs,
    lateMaxMs,
    lateTailFraction: c.fraction(
      'lateTailFraction',
      o.lateTailFraction,
      false,
      'Use e.g. 0.02 for 2 % of events far behind the watermark.',
    ),
    lateTailMinMs,
    lateTailMaxMs,
    onTimeMaxMs: c.integer('onTimeMaxMs', o.onTimeMaxMs, 0, MAX_LAG_MS, 'Use e.g. 30000 (30 s).'),
    duplicateFraction: c.fraction(
      'duplicateFraction',
      o.duplicateFraction,
      true,
      'Use e.g. 0.05 for 5 % duplicates.',
    ),
  }
}

function checkGeneratorOptions(c: Checks, options: GeneratorOptions): ResolvedGeneratorOptions {
  if (typeof options.out !== 'string' || options.out.trim() === '') {
    c.report('out', options.out, 'must be a non-empty directory path', 'Use e.g. ./data/events.')
  }
  const batch = checkBatchOptions(c, options)
  const batches =
    options.batches === undefined
      ? undefined
      : c.integer('batches', options.batches, 1, 2 ** 32 - 1, 'Omit it to run until stopped.')
  const intervalMs = c.integer(
    'intervalMs',
    options.intervalMs ?? DEFAULT_INTERVAL_MS,
    1,
    MAX_LAG_MS,
    'Use e.g. 5000 (5 s).',
  )
  const seedWasRandom = options.seed === undefined
  const seed = seedWasRandom
    ? randomSeed()
    : c.integer('seed', options.seed, 0, Number.MAX_SAFE_INTEGER, 'Use e.g. 42.')
  const startTime =
    options.startTime === undefined ? undefined : checkStartTime(c, options.startTime)
  return {
    ...batch,
    out: options.out,
    batches,
    intervalMs,
    seed,
    seedWasRandom,
    startTime,
    signal: options.signal,
    onBatch: options.onBatch,
  }
}

function checkStartTime(c: Checks, value: Date | string): Date {
  const ms = value instanceof Date ? value.getTime() : parseIsoDateTime(value)
  if (Number.isNaN(ms)) {
    c.report('startTime', value, 'must be a valid ISO-8601 date-time', START_HINT)
  } else if (ms < MIN_START_MS || ms > MAX_START_MS) {
    c.report('startTime', value, 'must lie between 1971-01-01 and 9000-01-01', START_HINT)
  }
  return new Date(ms)
}

function throwFirst(problems: readonly OptionProblem[]): void {
  const p = problems[0]
  if (p === undefined) return
  const value = typeof p.value === 'string' ? JSON.stringify(p.value) : String(p.value)
  throw new EngineError(
    'SL_API_INVALID_OPTION',
    { option: p.option, problem: p.problem, value, hint: p.hint },
    { option: p.option },
  )
}

/**
 * Every problem with generator options, without throwing (empty when valid). The CLI uses it to
 * report problems under its own flag names.
 *
 * @example
 * ```ts
 * import { validateGeneratorOptions } from 'streamlake'
 * validateGeneratorOptions({ out: './events', lateFraction: 2 })[0]?.option // 'lateFraction'
 * ```
 */
export function validateGeneratorOptions(options: GeneratorOptions): OptionProblem[] {
  const c = new Checks()
  checkGeneratorOptions(c, { ...options, seed: options.seed ?? 0 })
  return c.problems
}

/**
 * Validates the options that shape a batch and fills in defaults; throws
 * `SL_API_INVALID_OPTION` naming the first bad option.
 *
 * @example
 * ```ts
 * import { resolveBatchOptions } from 'streamlake'
 * const options = resolveBatchOptions({ eventsPerBatch: 10_000, lateFraction: 0.2 })
 * ```
 */
export function resolveBatchOptions(options: Partial<BatchOptions> = {}): BatchOptions {
  const c = new Checks()
  const resolved = checkBatchOptions(c, options)
  throwFirst(c.problems)
  return resolved
}

/**
 * Validates every generator option and fills in defaults (drawing a random seed when none is
 * given); throws `SL_API_INVALID_OPTION` naming the first bad option.
 *
 * @example
 * ```ts
 * import { resolveGeneratorOptions } from 'streamlake'
 * const o = resolveGeneratorOptions({ out: './events', seed: 1, startTime: '2026-11-24T10:00:00' })
 * o.intervalMs // 5000
 * ```
 */
export function resolveGeneratorOptions(options: GeneratorOptions): ResolvedGeneratorOptions {
  const c = new Checks()
  const resolved = checkGeneratorOptions(c, options)
  throwFirst(c.problems)
  return resolved
}

function definedOnly<T extends object>(options: T): Partial<T> {
  const out: Partial<T> = {}
  for (const [k, v] of Object.entries(options)) {
    if (v !== undefined) (out as Record<string, unknown>)[k] = v
  }
  return out
}

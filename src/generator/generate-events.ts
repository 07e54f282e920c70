/**
 * The event generator: the seed project's data generator as a library function. It writes batch
 * files of JSON events into a directory, on a simulated clock (fast, reproducible) or on the wall
 * clock (one batch every interval, like the seed's script). It owns the batch loop, the clock and
 * publication; what goes into a batch is `generateBatch`, which is pure.
 *
 * Reproducibility: batch k uses `SeededRandom.create(seed, k)` and, on the simulated clock,
 * "now" = startTime + k × interval, with k the absolute batch index. So the same seed and start
 * time give byte-identical files, and a run split into several invocations (each continuing after
 * the highest existing batch) writes the same files as one uninterrupted run.
 */
import { join, resolve } from 'node:path'
import { EngineError } from '../errors/index.js'
import { isAlreadyExists, writeFileAtomic } from '../internal/atomic-file.js'
import { retryTransient } from '../internal/retry-transient.js'
import { sleep } from '../internal/sleep.js'
import {
  batchFileName,
  ensureOutputDirectory,
  nextBatchIndex,
  outputDirectoryError,
  readRecentBatches,
} from './batch-files.js'
import { encodeBatch, type EncodedBatch } from './encode-batch.js'
import type { GeneratedEvent } from './generated-event.js'
import {
  resolveGeneratorOptions,
  type GeneratedBatch,
  type GeneratorOptions,
} from './generator-options.js'
import { parseEventLine } from './parse-event-line.js'
import { SeededRandom } from './seeded-random.js'

/** Duplicates copy events of the current batch or of this many previous batches. */
export const DUPLICATE_LOOKBACK_BATCHES = 2

/** What a generator run did. */
export interface GeneratorResult {
  /** The seed used (drawn at random when none was given): pass it again to reproduce the run. */
  readonly seed: number
  /** Absolute output directory. */
  readonly out: string
  /** Index of the first batch this run wrote (continuing after existing files). */
  readonly firstBatchIndex: number
  /** Number of batch files written. */
  readonly batches: number
  /** Number of events written, duplicates included. */
  readonly events: number
  /** Absolute paths of the files written, in order. */
  readonly files: readonly string[]
  /** True when the run ended because the signal aborted. */
  readonly aborted: boolean
}

/**
 * Writes batches of generated events into `options.out`.
 *
 * @example
 * ```ts
 * import { generateEvents } from 'streamlake'
 * // 10 reproducible batches of 100 events, 5 s apart in event time, written immediately:
 * const result = await generateEvents({
 *   out: './data/events',
 *   batches: 10,
 *   seed: 42,
 *   startTime: '2026-11-24T10:00:00',
 * })
 * console.log(`${result.events} events in ${result.batches} files`)
 *
 * // Wall clock, one batch every 5 s until aborted:
 * const stop = new AbortController()
 * const running = generateEvents({ out: './data/live', signal: stop.signal })
 * setTimeout(() => stop.abort(), 12_000)
 * await running
 * ```
 */
export async function generateEvents(options: GeneratorOptions): Promise<GeneratorResult> {
  const o = resolveGeneratorOptions(options)
  const out = resolve(o.out)
  await ensureOutputDirectory(out, o.signal)
  const firstBatchIndex = await nextBatchIndex(out)
  const recent: EncodedBatch[] =
    o.duplicateFraction > 0
      ? await readRecentBatches(out, firstBatchIndex, DUPLICATE_LOOKBACK_BATCHES)
      : []

  const files: string[] = []
  let events = 0
  // On the simulated clock the next batch is encoded while the previous one is being written
  // (CPU and disk overlap); files still appear strictly in order and onBatch follows each one.
  let inFlight: { done: Promise<void>; finish: () => Promise<void> } | undefined
  const settle = async (): Promise<void> => {
    if (inFlight === undefined) return
    const { done, finish } = inFlight
    inFlight = undefined
    await done
    await finish()
  }
  const runStartMs = Date.now()
  try {
    for (let j = 0; o.batches === undefined || j < o.batches; j++) {
      if (j > 0 && o.startTime === undefined) {
        await sleep(runStartMs + j * o.intervalMs - Date.now(), o.signal)
      }
      if (o.signal?.aborted === true) break
      const batchIndex = firstBatchIndex + j
      const now =
        o.startTime === undefined
          ? new Date()
          : new Date(o.startTime.getTime() + batchIndex * o.intervalMs)
      const batch = encodeBatch(SeededRandom.create(o.seed, batchIndex), now, o, recent)
      if (o.duplicateFraction > 0) {
        recent.push(batch)
        if (recent.length > DUPLICATE_LOOKBACK_BATCHES) recent.shift()
      }
      await settle()
      const file = join(out, batchFileName(batchIndex))
      const done = publish(out, file, batch.bytes, o.signal)
      done.catch(() => undefined) // awaited in settle(); this only avoids an unhandled rejection
      inFlight = {
        done,
        finish: async () => {
          files.push(file)
          events += batch.lineStarts.length - 1
          await o.onBatch?.(describeBatch(file, batchIndex, now, batch))
        },
      }
      if (o.startTime === undefined) await settle()
    }
    await settle()
  } finally {
    // On an error, let an in-flight write finish before the caller sees the rejection.
    await inFlight?.done.catch(() => undefined)
  }
  return {
    seed: o.seed,
    out,
    firstBatchIndex,
    batches: files.length,
    events,
    files,
    aborted: o.signal?.aborted === true,
  }
}

/** The onBatch argument; `events` are decoded from the file bytes on first access only. */
function describeBatch(
  file: string,
  batchIndex: number,
  now: Date,
  batch: EncodedBatch,
): GeneratedBatch {
  let decoded: GeneratedEvent[] | undefined
  return {
    file,
    batchIndex,
    now,
    get events(): GeneratedEvent[] {
      decoded ??= Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength)
        .toString('utf8')
        .split('\n')
        .map(parseEventLine)
        .filter((event) => event !== undefined)
      return decoded
    },
  }
}

async function publish(
  out: string,
  file: string,
  bytes: Uint8Array,
  signal: AbortSignal | undefined,
): Promise<void> {
  try {
    // 'fail' publishes with link(2): never overwrites a batch another process wrote meanwhile.
    await retryTransient(() => writeFileAtomic(file, bytes, 'fail'), { signal })
  } catch (error) {
    if (isAlreadyExists(error)) {
      throw new EngineError(
        'SL_CLI_OUTPUT_FILE_EXISTS',
        { path: file },
        { path: file, cause: error },
      )
    }
    throw outputDirectoryError(out, error, file)
  }
}

/**
 * The pure core of the generator as event objects: one batch from a PRNG, a "now" and the
 * options. No I/O and no clock, so a seed and a start time reproduce a batch exactly. The random
 * draws live in `draw-events.ts`, shared with the byte encoder that writes batch files.
 */
import { drawEvents } from './draw-events.js'
import { EVENT_TYPES, type GeneratedEvent } from './generated-event.js'
import { formatEventTimestamp } from './format-event-timestamp.js'
import { resolveBatchOptions, type BatchOptions } from './generator-options.js'
import type { SeededRandom } from './seeded-random.js'
import { formatUuidWords } from './seeded-uuid.js'

/**
 * Generates one batch of events whose times are all at or before `now`.
 *
 * A fresh event is in the lateness tail with probability `lateTailFraction` (lagging `now` by
 * lateTailMinMs..lateTailMaxMs); otherwise it is late with probability `lateFraction` (lagging
 * by lateMinMs..lateMaxMs) or lags by 0..onTimeMaxMs, at microsecond resolution. With probability
 * `duplicateFraction` an event is instead the very same object as an earlier event of this batch
 * or of `recent` (the previous batches' events), i.e. an exact re-emission. The first event of a
 * run has nothing to copy and is always fresh.
 *
 * @param rng the batch's generator; `generateEvents` uses `SeededRandom.create(seed, batchIndex)`
 * @param batchIndex the batch number, reported in error context
 * @param now the batch's "now" (millisecond precision)
 * @param options batch shape; missing fields take {@link DEFAULT_BATCH_OPTIONS} values
 * @param recent earlier events that duplicates may copy (default none)
 *
 * @example
 * ```ts
 * import { formatEventLine, generateBatch, SeededRandom } from 'streamlake'
 * const now = new Date('2026-11-24T10:00:00Z')
 * const events = generateBatch(SeededRandom.create(42, 0), 0, now, { eventsPerBatch: 100 })
 * const text = events.map(formatEventLine).join('\n') + '\n'
 * ```
 */
export function generateBatch(
  rng: SeededRandom,
  batchIndex: number,
  now: Date,
  options: Partial<BatchOptions> = {},
  recent: readonly GeneratedEvent[] = [],
): GeneratedEvent[] {
  const o = resolveBatchOptions(options)
  const nowMicros = now.getTime() * 1000
  if (!Number.isInteger(batchIndex) || batchIndex < 0 || Number.isNaN(nowMicros)) {
    throw new RangeError(
      `generateBatch needs a batch index >= 0 and a valid date (got ${batchIndex}, ${String(now)})`,
    )
  }
  const events: GeneratedEvent[] = []
  drawEvents(rng, nowMicros, o, recent.length, {
    fresh(timestampMicros, w0, w1, w2, w3, userId, typeIndex, cents, session) {
      events.push({
        event_id: formatUuidWords(w0, w1, w2, w3),
        timestamp: formatEventTimestamp(timestampMicros),
        user_id: userId,
        event_type: EVENT_TYPES[typeIndex] as GeneratedEvent['event_type'],
        value: cents / 100,
        session_id: `session_${session}`,
      })
    },
    duplicate(poolIndex) {
      const from = poolIndex < recent.length ? recent[poolIndex] : events[poolIndex - recent.length]
      events.push(from as GeneratedEvent)
    },
  })
  return events
}

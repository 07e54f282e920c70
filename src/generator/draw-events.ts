/**
 * The random draws of one batch, shared by the two ways a batch is materialized: as event objects
 * (`generateBatch`) and as the bytes of its file (`encodeBatch`). Keeping the draws in one place
 * guarantees that both consume the PRNG identically and so describe the same events.
 *
 * Draw order per event (part of the reproducibility contract; changing it changes every seeded
 * output): [duplicate coin (float), then pool index (int) if the pool is not empty] when
 * duplicateFraction > 0; then [tail coin (float)] when lateTailFraction > 0; then, unless the
 * tail coin made the event a tail event, the late coin (float); then lag (int, µs), four UUID
 * words, user (int), event type (float), value in cents (int), session (int). A run with
 * lateTailFraction = 0 therefore draws exactly what it drew before the tail existed.
 *
 * @internal
 */
import { EVENT_TYPES } from './generated-event.js'
import type { BatchOptions } from './generator-options.js'
import type { SeededRandom } from './seeded-random.js'

/** Receives each event of a batch in order. @internal */
export interface EventDrawVisitor {
  /**
   * A fresh event. The UUID words already carry the v4 version and variant bits; `typeIndex`
   * indexes EVENT_TYPES; `cents` is the value × 100.
   */
  fresh(
    timestampMicros: number,
    w0: number,
    w1: number,
    w2: number,
    w3: number,
    userId: number,
    typeIndex: number,
    cents: number,
    session: number,
  ): void
  /**
   * An exact re-emission of pool entry `poolIndex`: entries 0..recentCount-1 are the recent
   * events (oldest first), the rest are this batch's events so far.
   */
  duplicate(poolIndex: number): void
}

/**
 * Draws `options.eventsPerBatch` events for a batch whose "now" is `nowMicros`. `options` must be
 * validated already. @internal
 */
export function drawEvents(
  rng: SeededRandom,
  nowMicros: number,
  options: BatchOptions,
  recentCount: number,
  visitor: EventDrawVisitor,
): void {
  const lateMin = options.lateMinMs * 1000
  const lateMax = options.lateMaxMs * 1000
  const onTimeMax = options.onTimeMaxMs * 1000
  const tailMin = options.lateTailMinMs * 1000
  const tailMax = options.lateTailMaxMs * 1000
  const { eventsPerBatch, users, sessions, lateFraction, lateTailFraction, duplicateFraction } =
    options
  const typeCount = EVENT_TYPES.length
  for (let i = 0; i < eventsPerBatch; i++) {
    if (duplicateFraction > 0 && rng.nextFloat() < duplicateFraction && recentCount + i > 0) {
      visitor.duplicate(rng.nextInt(0, recentCount + i - 1))
      continue
    }
    const tail = lateTailFraction > 0 && rng.nextFloat() < lateTailFraction
    const lag = tail
      ? rng.nextInt(tailMin, tailMax)
      : rng.nextFloat() < lateFraction
        ? rng.nextInt(lateMin, lateMax)
        : rng.nextInt(0, onTimeMax)
    const w0 = rng.nextUint32()
    const w1 = ((rng.nextUint32() & 0xffff0fff) | 0x00004000) >>> 0
    const w2 = ((rng.nextUint32() & 0x3fffffff) | 0x80000000) >>> 0
    const w3 = rng.nextUint32()
    visitor.fresh(
      nowMicros - lag,
      w0,
      w1,
      w2,
      w3,
      rng.nextInt(1, users),
      Math.floor(rng.nextFloat() * typeCount),
      rng.nextInt(1000, 100_000),
      rng.nextInt(1, sessions),
    )
  }
}

/**
 * Time as the executor sees it. The system clock in production; a manual clock in tests so that
 * processing-time triggers and batch timestamps are deterministic.
 */
import { sleep } from '../internal/sleep.js'

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Resolves when `now() >= deadline` or the signal aborts. */
  waitUntil(deadline: number, signal: AbortSignal): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  waitUntil: (deadline, signal) => sleep(deadline - Date.now(), signal),
}

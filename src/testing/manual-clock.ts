/**
 * A clock that only moves when a test says so, for processing-time triggers and batch
 * timestamps that do not depend on the machine's speed.
 *
 * @example
 * ```ts
 * import { ManualClock } from 'streamlake/testing'
 * const clock = new ManualClock(Date.UTC(2026, 0, 1))
 * clock.advance(5_000)
 * ```
 */
import type { Clock } from '../exec/clock.js'

export class ManualClock implements Clock {
  private time: number
  private waiters: { deadline: number; resolve: () => void }[] = []

  constructor(startMs = 0) {
    this.time = startMs
  }

  now(): number {
    return this.time
  }

  /** Moves time forward and wakes every waiter whose deadline has come. */
  advance(ms: number): void {
    this.time += ms
    const due = this.waiters.filter((w) => w.deadline <= this.time)
    this.waiters = this.waiters.filter((w) => w.deadline > this.time)
    for (const w of due) w.resolve()
  }

  /** True while the executor is waiting for time to pass. */
  get isWaiting(): boolean {
    return this.waiters.length > 0
  }

  waitUntil(deadline: number, signal: AbortSignal): Promise<void> {
    if (deadline <= this.time || signal.aborted) return Promise.resolve()
    return new Promise((resolve) => {
      const waiter = { deadline, resolve }
      this.waiters.push(waiter)
      signal.addEventListener(
        'abort',
        () => {
          this.waiters = this.waiters.filter((w) => w !== waiter)
          resolve()
        },
        { once: true },
      )
    })
  }
}

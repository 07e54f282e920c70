/**
 * A TIMESTAMP value handed to users: a `Date` (so it works everywhere a Date does) that also
 * keeps Spark's microsecond precision, which `Date` alone would lose.
 *
 * @example
 * ```ts
 * import { Timestamp } from 'streamlake'
 * const t = Timestamp.fromMicros(1_795_515_330_123_456)
 * console.log(t.micros, t.toISOString()) // 1795515330123456 2026-11-24T10:15:30.123456Z
 * ```
 */
import { splitMicros } from '../types/long-value.js'

export class Timestamp extends Date {
  /**
   * Microseconds since the epoch: a number, or a bigint when past 2^53 (years after ~2255 or
   * before ~1685), so every instant of Spark's range 0001..9999 is exact.
   */
  readonly micros: number | bigint

  private constructor(micros: number | bigint) {
    const { seconds, micros: fraction } = splitMicros(micros)
    super(seconds * 1000 + Math.floor(fraction / 1000))
    this.micros = micros
  }

  static fromMicros(micros: number | bigint): Timestamp {
    return new Timestamp(micros)
  }

  /** Microseconds of any Date (a Timestamp keeps its own). */
  static microsOf(d: Date): number | bigint {
    return d instanceof Timestamp ? d.micros : d.getTime() * 1000
  }

  /** ISO-8601 UTC with microseconds when they are not zero. */
  override toISOString(): string {
    const base = super.toISOString()
    const micro = splitMicros(this.micros).micros % 1000
    return micro === 0 ? base : `${base.slice(0, -1)}${String(micro).padStart(3, '0')}Z`
  }

  override toJSON(): string {
    return this.toISOString()
  }
}

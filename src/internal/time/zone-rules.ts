/**
 * Offsets of one time zone, with java.time's rules for turning a wall-clock time into an instant:
 * in a DST gap the time is shifted forward by the gap length, in an overlap the earlier offset
 * wins (ZonedDateTime.ofLocal with no preferred offset). Region zones read their offsets from
 * `Intl.DateTimeFormat` (ICU's tz database); results are cached per hour because Intl costs
 * about a microsecond per call while a parser sees millions of timestamps from a few hours.
 */
import { daysFromCivil, MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_SECOND } from './civil-date.js'

// An hour bucket whose offset is not uniform (it contains a transition) is cached as NaN and
// resolved exactly on every call; such hours are a handful per year.
const MIXED = Number.NaN
const MAX_CACHE_ENTRIES = 100_000
const MICROS_PER_MS = 1000

/** Offsets and wall-clock resolution for one zone. */
export class ZoneRules {
  /** The zone ID as resolved (for example `America/Los_Angeles`, `UTC`, `+01:00`). */
  readonly id: string
  /** The offset in microseconds for fixed-offset zones; NaN for region zones. */
  readonly fixedOffset: number
  private readonly format: Intl.DateTimeFormat | null
  private readonly utcHours = new Map<number, number>()
  private readonly localHours = new Map<number, number>()

  private constructor(id: string, fixedOffset: number, format: Intl.DateTimeFormat | null) {
    this.id = id
    this.fixedOffset = fixedOffset
    this.format = format
  }

  /** A zone with a constant offset (seconds east of UTC). */
  static fixed(id: string, offsetSeconds: number): ZoneRules {
    return new ZoneRules(id, offsetSeconds * MICROS_PER_SECOND, null)
  }

  /** A region zone backed by Intl; `format` must have been created for that zone. */
  static region(id: string, format: Intl.DateTimeFormat): ZoneRules {
    return new ZoneRules(id, Number.NaN, format)
  }

  /** Offset (µs) in effect at the instant `utcMicros`. */
  offsetAt(utcMicros: number): number {
    if (this.format === null) return this.fixedOffset
    const hour = Math.floor(utcMicros / MICROS_PER_HOUR)
    let cached = this.utcHours.get(hour)
    if (cached === undefined) {
      const startMs = hour * (MICROS_PER_HOUR / MICROS_PER_MS)
      const first = this.intlOffset(startMs)
      const last = this.intlOffset(startMs + 3_599_000)
      cached = first === last ? first : MIXED
      if (this.utcHours.size >= MAX_CACHE_ENTRIES) this.utcHours.clear()
      this.utcHours.set(hour, cached)
    }
    return cached === cached ? cached : this.intlOffset(Math.floor(utcMicros / MICROS_PER_MS))
  }

  /** The instant (µs) of wall-clock time `localMicros` in this zone, resolved as java.time does. */
  toUtc(localMicros: number): number {
    if (this.format === null) return localMicros - this.fixedOffset
    const hour = Math.floor(localMicros / MICROS_PER_HOUR)
    let cached = this.localHours.get(hour)
    if (cached === undefined) {
      const start = hour * MICROS_PER_HOUR
      const end = start + MICROS_PER_HOUR - 1
      const a = this.resolve(start)
      const b = this.resolve(end)
      cached = a.unique && b.unique && a.offset === b.offset ? a.offset : MIXED
      if (this.localHours.size >= MAX_CACHE_ENTRIES) this.localHours.clear()
      this.localHours.set(hour, cached)
    }
    return cached === cached ? localMicros - cached : localMicros - this.resolve(localMicros).offset
  }

  /**
   * The offset java.time applies to a wall-clock time. Candidates are the offsets a day before
   * and a day after (tz transitions are further apart than that); `unique` is false inside a gap
   * or an overlap, where the offset before the transition is used (gap: shift forward by the gap;
   * overlap: earlier offset).
   */
  private resolve(localMicros: number): { offset: number; unique: boolean } {
    const before = this.offsetAt(localMicros - MICROS_PER_DAY)
    const after = this.offsetAt(localMicros + MICROS_PER_DAY)
    const beforeValid = this.offsetAt(localMicros - before) === before
    if (before === after) return { offset: before, unique: beforeValid }
    const afterValid = this.offsetAt(localMicros - after) === after
    if (beforeValid !== afterValid) return { offset: beforeValid ? before : after, unique: true }
    return { offset: before, unique: false }
  }

  private intlOffset(epochMs: number): number {
    const parts = this.format!.formatToParts(epochMs)
    let year = 0
    let month = 1
    let day = 1
    let hour = 0
    let minute = 0
    let second = 0
    let bc = false
    for (const p of parts) {
      switch (p.type) {
        case 'year':
          year = Number(p.value)
          break
        case 'month':
          month = Number(p.value)
          break
        case 'day':
          day = Number(p.value)
          break
        case 'hour':
          hour = Number(p.value)
          break
        case 'minute':
          minute = Number(p.value)
          break
        case 'second':
          second = Number(p.value)
          break
        case 'era':
          bc = p.value === 'BC' || p.value === 'B'
          break
        default:
          break
      }
    }
    if (bc) year = 1 - year
    const wallSeconds =
      daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
    const instantSeconds = Math.floor(epochMs / 1000)
    return (wallSeconds - instantSeconds) * MICROS_PER_SECOND
  }
}

/** The Intl formatter ZoneRules reads wall-clock fields from. Throws RangeError for unknown zones. */
export function createZoneFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    era: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  })
}

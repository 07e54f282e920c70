/**
 * The seed project's event record. Field names and their order are those of the seed's JSON lines
 * (Python's `json.dumps` of a dict), so files written by `streamlake generate` can replace the
 * seed's generator output byte for byte in shape.
 */

/** The event types the seed generator draws from, uniformly. */
export const EVENT_TYPES = ['click', 'view', 'purchase', 'add_to_cart'] as const

/** One of {@link EVENT_TYPES}. */
export type EventType = (typeof EVENT_TYPES)[number]

/**
 * One generated event, exactly as serialized (see `formatEventLine`).
 *
 * @example
 * ```ts
 * import type { GeneratedEvent } from 'streamlake'
 * const event: GeneratedEvent = {
 *   event_id: '0b7e6c1a-3f7d-4a52-9c1e-5d2f8a9b0c3d',
 *   timestamp: '2026-11-24T10:15:30.123456',
 *   user_id: 17,
 *   event_type: 'click',
 *   value: 123.45,
 *   session_id: 'session_42',
 * }
 * ```
 */
export interface GeneratedEvent {
  /** A UUID v4 string, drawn from the seeded PRNG. */
  readonly event_id: string
  /** Event time: UTC wall clock, ISO local date-time with exactly 6 fractional digits, no zone. */
  readonly timestamp: string
  /** 1..users. */
  readonly user_id: number
  readonly event_type: EventType
  /** 10.00..1000.00, a whole number of cents. */
  readonly value: number
  /** `session_<n>` with n in 1..sessions. */
  readonly session_id: string
}

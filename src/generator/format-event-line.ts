/**
 * Serializer for one generated event: a single JSON object on one line, fields in the seed's
 * order (`event_id`, `timestamp`, `user_id`, `event_type`, `value`, `session_id`), no spaces.
 * `value` is always written with exactly two decimals (`12.30`, `100.00`), a valid JSON number
 * that every reader infers as a double, never as an integer. Built with a template string rather
 * than `JSON.stringify`, which is about 3× slower here; strings that would need escaping (never
 * the generator's own) fall back to `JSON.stringify` so the line is always valid JSON.
 */
import type { GeneratedEvent } from './generated-event.js'

const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'))
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029]/

function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`
}

/**
 * Formats a money amount with exactly two decimals, rounding half away from zero to the cent.
 *
 * @example
 * ```ts
 * import { formatEventValue } from 'streamlake'
 * formatEventValue(12.3) // '12.30'
 * ```
 */
export function formatEventValue(value: number): string {
  if (!Number.isFinite(value)) return 'null'
  const magnitude = Math.abs(value)
  if (magnitude >= 1e13) return value.toFixed(2)
  const cents = Math.round(magnitude * 100)
  const whole = Math.floor(cents / 100)
  const sign = value < 0 && cents > 0 ? '-' : ''
  return `${sign}${whole}.${PAD2[cents - whole * 100]}`
}

/**
 * One event as a JSON line (without the trailing newline).
 *
 * @example
 * ```ts
 * import { formatEventLine } from 'streamlake'
 * formatEventLine({
 *   event_id: '0b7e6c1a-3f7d-4a52-9c1e-5d2f8a9b0c3d',
 *   timestamp: '2026-11-24T10:15:30.123456',
 *   user_id: 17,
 *   event_type: 'click',
 *   value: 12.3,
 *   session_id: 'session_42',
 * })
 * // '{"event_id":"0b7e6c1a-…","timestamp":"2026-11-24T10:15:30.123456","user_id":17,
 * //   "event_type":"click","value":12.30,"session_id":"session_42"}'
 * ```
 */
export function formatEventLine(event: GeneratedEvent): string {
  return (
    `{"event_id":${quote(event.event_id)},"timestamp":${quote(event.timestamp)},` +
    `"user_id":${Number.isFinite(event.user_id) ? event.user_id : 'null'},` +
    `"event_type":${quote(event.event_type)},"value":${formatEventValue(event.value)},` +
    `"session_id":${quote(event.session_id)}}`
  )
}

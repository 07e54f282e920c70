/**
 * The inverse of `formatEventLine`: reads one JSON line back into a {@link GeneratedEvent}, or
 * undefined when the line is not a generator event (other fields are dropped).
 */
import { EVENT_TYPES, type EventType, type GeneratedEvent } from './generated-event.js'

/**
 * Parses one event line; returns undefined for blank lines, invalid JSON or a different shape.
 *
 * @example
 * ```ts
 * import { parseEventLine } from 'streamlake'
 * const line = '{"event_id":"e1","timestamp":"2026-11-24T10:15:30.123456","user_id":1,' +
 *   '"event_type":"view","value":10.50,"session_id":"session_1"}'
 * parseEventLine(line)?.value // 10.5
 * ```
 */
export function parseEventLine(line: string): GeneratedEvent | undefined {
  if (line.trim() === '') return undefined
  let v: Record<string, unknown>
  try {
    v = JSON.parse(line) as Record<string, unknown>
  } catch {
    return undefined
  }
  if (
    typeof v !== 'object' ||
    v === null ||
    typeof v['event_id'] !== 'string' ||
    typeof v['timestamp'] !== 'string' ||
    typeof v['user_id'] !== 'number' ||
    !(EVENT_TYPES as readonly unknown[]).includes(v['event_type']) ||
    typeof v['value'] !== 'number' ||
    typeof v['session_id'] !== 'string'
  ) {
    return undefined
  }
  return {
    event_id: v['event_id'],
    timestamp: v['timestamp'],
    user_id: v['user_id'],
    event_type: v['event_type'] as EventType,
    value: v['value'],
    session_id: v['session_id'],
  }
}

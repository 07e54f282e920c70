/**
 * Parsers for flag values shared by the commands; each error names the flag, the value given
 * and a valid example (exit code 2 via the top-level catch).
 */
import { EngineError } from '../errors/index.js'
import type { TriggerSetting } from '../api/data-stream-writer.js'

function invalid(flag: string, value: string, expected: string): EngineError {
  return new EngineError(
    'SL_API_INVALID_OPTION',
    { option: flag, problem: `must be ${expected}`, value, hint: '' },
    { option: flag },
  )
}

/** `500ms`, `5s`, `2m`, `1h` → milliseconds. */
export function parseCliDuration(flag: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value.trim())
  if (!m) throw invalid(flag, value, 'a duration such as 500ms, 5s, 2m or 1h')
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h']
}

/** A positive integer. */
export function parsePositiveInt(flag: string, value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw invalid(flag, value, 'a positive integer')
  return n
}

/** `available-now`, `once`, `default` or `processing-time:<duration>`. */
export function parseTriggerFlag(value: string): TriggerSetting | undefined {
  if (value === 'available-now') return { availableNow: true }
  if (value === 'once') return { once: true }
  if (value === 'default') return undefined
  const m = /^processing-time:(.+)$/.exec(value)
  if (m) return { processingTime: parseCliDuration('--trigger', m[1]!) }
  throw invalid(
    '--trigger',
    value,
    'available-now, once, default or processing-time:<duration> (e.g. processing-time:5s)',
  )
}

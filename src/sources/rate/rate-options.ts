/**
 * Options of Spark's `rate` source, validated before the query starts with Spark's rules
 * (`RateStreamProvider`): rowsPerSecond > 0 (default 1), rampUpTime ≥ 0 as a Spark time string
 * (default 0s, whole seconds), numPartitions > 0 (accepted; the rows do not depend on it).
 */
import { EngineError } from '../../errors/index.js'

export interface RateOptions {
  readonly rowsPerSecond: number
  readonly rampUpSeconds: number
  readonly numPartitions: number | undefined
}

export function parseRateOptions(raw: Readonly<Record<string, string>>): RateOptions {
  const rowsPerSecond = integer(raw, 'rowsPerSecond') ?? 1
  if (rowsPerSecond <= 0) throw invalid('rowsPerSecond', String(rowsPerSecond), 'must be positive')
  const rampText = value(raw, 'rampUpTime')
  const rampUpSeconds = rampText === undefined ? 0 : timeStringAsSeconds(rampText)
  if (rampUpSeconds < 0) throw invalid('rampUpTime', rampText ?? '', 'must not be negative')
  const numPartitions = integer(raw, 'numPartitions')
  if (numPartitions !== undefined && numPartitions <= 0) {
    throw invalid('numPartitions', String(numPartitions), 'must be positive')
  }
  // Spark: "Max offset with <rowsPerSecond> rowsPerSecond is <maxSeconds>"; here values must stay
  // exact doubles (long → number is exact to 2^53).
  if (rampUpSeconds > Math.floor(Number.MAX_SAFE_INTEGER / rowsPerSecond)) {
    throw invalid('rampUpTime', rampText ?? '', `is too large for ${rowsPerSecond} rowsPerSecond`)
  }
  return { rowsPerSecond, rampUpSeconds, numPartitions }
}

const TIME_UNITS_MICROS: Readonly<Record<string, number>> = {
  us: 1,
  ms: 1_000,
  s: 1_000_000,
  m: 60_000_000,
  min: 60_000_000,
  h: 3_600_000_000,
  d: 86_400_000_000,
}

/**
 * Spark's `JavaUtils.timeStringAsSec`: an integer with an optional unit (us, ms, s, m, min, h,
 * d; none = seconds), case-insensitive, truncated to whole seconds.
 */
export function timeStringAsSeconds(text: string): number {
  const m = /^(-?[0-9]+)([a-z]+)?$/.exec(text.trim().toLowerCase())
  const unit = m?.[2] === undefined ? 1_000_000 : TIME_UNITS_MICROS[m[2]]
  if (!m || unit === undefined) {
    throw invalid(
      'rampUpTime',
      text,
      'is not a time',
      'Give seconds (s), milliseconds (ms), microseconds (us), minutes (m or min), hours (h) or days (d), e.g. 5s or 1min.',
    )
  }
  return Math.trunc((Number(m[1]) * unit) / 1_000_000)
}

function value(raw: Readonly<Record<string, string>>, name: string): string | undefined {
  const key = Object.keys(raw).find((k) => k.toLowerCase() === name.toLowerCase())
  return key === undefined ? undefined : raw[key]
}

function integer(raw: Readonly<Record<string, string>>, name: string): number | undefined {
  const text = value(raw, name)
  if (text === undefined) return undefined
  if (!/^\s*[+-]?\d+\s*$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw invalid(name, text, 'is not an integer')
  }
  return Number(text)
}

function invalid(option: string, value: string, problem: string, hint?: string): EngineError {
  return new EngineError(
    'SL_SOURCE_INVALID_OPTION',
    { option, format: 'rate', problem, value, hint: hint ?? `Set ${option} to a positive number.` },
    { option },
  )
}

/** Small statistics for the benchmark: median and range of repetitions, nearest-rank percentiles. */

export interface Range {
  readonly median: number
  readonly min: number
  readonly max: number
}

export function range(xs: readonly number[]): Range {
  if (xs.length === 0) return { median: NaN, min: NaN, max: NaN }
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
  return { median, min: s[0]!, max: s.at(-1)! }
}

/** Nearest-rank percentile (p in 0..100) of the samples. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!
}

export interface Percentiles {
  readonly p50: number
  readonly p95: number
  readonly p99: number
}

export function percentiles(xs: readonly number[]): Percentiles {
  return { p50: percentile(xs, 50), p95: percentile(xs, 95), p99: percentile(xs, 99) }
}

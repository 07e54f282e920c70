/**
 * The rows of Spark's `rate` source as a pure function of the offsets (Spark's
 * `RateStreamProvider.valueAtSecond` and `RateStreamMicroBatchPartitionReader`), so a range read
 * again after a restart yields the same rows.
 */
import type { Row } from '../../types/index.js'

/**
 * How many rows exist after `seconds` seconds: a linear ramp from 0 to `rowsPerSecond` rows per
 * second over `rampUpSeconds`, then `rowsPerSecond` per second. With rampUpSeconds = 4 and
 * rowsPerSecond = 10 the speed per second is 0 2 4 6 8 10 10 and the value 0 2 6 12 20 30 40.
 * Integer division as in Spark (the per-second speed increment truncates).
 */
export function valueAtSecond(
  seconds: number,
  rowsPerSecond: number,
  rampUpSeconds: number,
): number {
  const speedDeltaPerSecond = Math.trunc(rowsPerSecond / (rampUpSeconds + 1))
  if (seconds <= rampUpSeconds) {
    return seconds % 2 === 1
      ? ((seconds + 1) / 2) * speedDeltaPerSecond * seconds
      : (seconds / 2) * speedDeltaPerSecond * (seconds + 1)
  }
  const rampUpPart = valueAtSecond(rampUpSeconds, rowsPerSecond, rampUpSeconds)
  return rampUpPart + (seconds - rampUpSeconds) * rowsPerSecond
}

export interface RateRange {
  /** The source's creation time (ms), fixed in its metadata log. */
  readonly startTimeMs: number
  readonly startSeconds: number
  readonly endSeconds: number
  readonly rowsPerSecond: number
  readonly rampUpSeconds: number
}

/**
 * The rows `[timestamp µs, value]` of `(startSeconds, endSeconds]`: values are consecutive row
 * indexes; their timestamps spread evenly over the range's seconds (Spark's
 * `relativeMsPerValue`, rounded half up to the millisecond). Spark splits the values over
 * `numPartitions` readers; the engine reads one range, so rows come in value order.
 */
export function rateRows(r: RateRange): Row[] {
  const rangeStart = valueAtSecond(r.startSeconds, r.rowsPerSecond, r.rampUpSeconds)
  const rangeEnd = valueAtSecond(r.endSeconds, r.rowsPerSecond, r.rampUpSeconds)
  if (rangeStart === rangeEnd) return []
  const localStartTimeMs = r.startTimeMs + r.startSeconds * 1000
  const relativeMsPerValue = ((r.endSeconds - r.startSeconds) * 1000) / (rangeEnd - rangeStart)
  const rows: Row[] = new Array<Row>(rangeEnd - rangeStart)
  for (let v = rangeStart; v < rangeEnd; v++) {
    // Scala's math.round(double) is floor(x + 0.5), which Math.round is too.
    const relative = Math.round((v - rangeStart) * relativeMsPerValue)
    rows[v - rangeStart] = [(localStartTimeMs + relative) * 1000, v]
  }
  return rows
}

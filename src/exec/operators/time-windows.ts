/**
 * The windows `[start, end)` a time falls in (spark-semantics §1.2): grid starts `O + k·S`,
 * floor-aligned so negative times work; candidates `lastStart - i·S` for i < ceil(W/S), kept iff
 * `start <= t < end`. All values in microseconds.
 */
export function assignWindows(
  t: number,
  windowMicros: number,
  slideMicros: number,
  startMicros: number,
  out: [number, number][] = [],
): [number, number][] {
  const starts: number[] = []
  const n = windowStarts(t, windowMicros, slideMicros, startMicros, starts)
  for (let i = 0; i < n; i++) out.push([starts[i]!, starts[i]! + windowMicros])
  return out
}

/**
 * The starts of {@link assignWindows}' windows, written into `out` (latest first) without
 * allocating; returns how many.
 */
export function windowStarts(
  t: number,
  windowMicros: number,
  slideMicros: number,
  startMicros: number,
  out: number[],
): number {
  let r = (t - startMicros) % slideMicros
  if (r < 0) r += slideMicros
  const lastStart = t - r
  const n = Math.ceil(windowMicros / slideMicros)
  let count = 0
  for (let i = 0; i < n; i++) {
    const start = lastStart - i * slideMicros
    const end = start + windowMicros
    if (start <= t && t < end) out[count++] = start
  }
  return count
}

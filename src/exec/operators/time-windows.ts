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
  let r = (t - startMicros) % slideMicros
  if (r < 0) r += slideMicros
  const lastStart = t - r
  const n = Math.ceil(windowMicros / slideMicros)
  for (let i = 0; i < n; i++) {
    const start = lastStart - i * slideMicros
    const end = start + windowMicros
    if (start <= t && t < end) out.push([start, end])
  }
  return out
}

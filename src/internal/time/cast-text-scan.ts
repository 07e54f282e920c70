/**
 * Scanning steps that Spark's string casts share (`stringToDate`, `parseTimestampString`,
 * `IntervalUtils.stringToInterval`): they trim whitespace and ISO control characters at both
 * ends (`UTF8String.trimAll`) and read an optional leading sign. Indexes, not slices, so the hot
 * JSON paths allocate nothing.
 */

/** Whitespace or ISO control, as UTF8String.isWhitespaceOrISOControl sees ASCII bytes. */
export function isTrimmable(c: number): boolean {
  return c <= 32 || c === 127
}

/** The first index of `t[start, end)` that is not trimmable (`end` when there is none). */
export function trimmedStart(t: string, start: number, end: number): number {
  let j = start
  while (j < end && isTrimmable(t.charCodeAt(j))) j++
  return j
}

/** One past the last index of `t[start, end)` that is not trimmable (`start` when none). */
export function trimmedEnd(t: string, start: number, end: number): number {
  let e = end
  while (e > start && isTrimmable(t.charCodeAt(e - 1))) e--
  return e
}

/** -1 for a `-` at `t[j]`, 1 for a `+`, 0 for anything else (no sign). */
export function signAt(t: string, j: number): -1 | 0 | 1 {
  const c = t.charCodeAt(j)
  return c === 45 ? -1 : c === 43 ? 1 : 0
}

/**
 * Which new files the next batch admits (spark-semantics §10.1, scenario S23) — a pure function.
 * Order: modification time ascending (`latestFirst`: descending); ties by path so that our
 * order is deterministic where Spark's is unspecified. `maxFilesPerTrigger` takes the first N;
 * `maxBytesPerTrigger` takes files while the total stays within the limit, always at least one,
 * stopping at the first file that does not fit. Trigger.Once ignores both limits.
 */
import type { ListedFile } from './list-data-files.js'

export interface SelectionLimits {
  readonly maxFilesPerTrigger: number | undefined
  readonly maxBytesPerTrigger: number | undefined
  readonly latestFirst: boolean
  readonly ignoreRateLimits: boolean
}

export function selectFiles(
  candidates: readonly ListedFile[],
  limits: SelectionLimits,
): ListedFile[] {
  const sorted = [...candidates].sort((a, b) => {
    const byTime = limits.latestFirst ? b.mtimeMs - a.mtimeMs : a.mtimeMs - b.mtimeMs
    return byTime !== 0 ? byTime : a.path < b.path ? -1 : a.path > b.path ? 1 : 0
  })
  if (limits.ignoreRateLimits) return sorted
  if (limits.maxFilesPerTrigger !== undefined) return sorted.slice(0, limits.maxFilesPerTrigger)
  if (limits.maxBytesPerTrigger !== undefined) {
    const out: ListedFile[] = []
    let total = 0
    for (const f of sorted) {
      if (out.length > 0 && total + f.size > limits.maxBytesPerTrigger) break
      out.push(f)
      total += f.size
    }
    return out
  }
  return sorted
}

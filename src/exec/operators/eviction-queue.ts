/**
 * State keys by the time at which the watermark evicts them, for deduplication. Eviction used to
 * scan the whole state every batch (quadratic in the state size), then used a binary heap —
 * whose sift-downs over hundreds of thousands of keys are random memory accesses and profiled as
 * a sixth of the dedup workload. Here keys are appended as they come, each batch's keys are
 * sorted once into a run when eviction next looks at them, and eviction walks every run from its
 * front while the times are due: sequential reads, no per-key reordering. Eviction does not need
 * a global order, only every key whose time is due.
 *
 * Entries may go stale (a key removed or re-timed elsewhere, a batch that failed after evicting):
 * the caller checks each evicted key against the store, so the queue only has to hold at least
 * every live key with its current time.
 */

/** One sorted run; entries before `head` have been evicted (their keys released). */
interface Run {
  readonly times: Float64Array
  readonly keys: (string | undefined)[]
  head: number
}

/** More runs than this are merged into one (a long stream of tiny batches). */
const MAX_RUNS = 64

export class EvictionQueue {
  private pendingTimes: number[] = []
  private pendingKeys: string[] = []
  private runs: Run[] = []
  private count = 0

  get size(): number {
    return this.count
  }

  push(time: number, key: string): void {
    this.pendingTimes.push(time)
    this.pendingKeys.push(key)
    this.count++
  }

  /** Removes every entry with `time <= limit`, calling `visit` for each (in no particular order). */
  evictUpTo(limit: number, visit: (time: number, key: string) => void): void {
    this.seal()
    let kept = 0
    for (const run of this.runs) {
      const { times, keys } = run
      let i = run.head
      while (i < times.length && times[i]! <= limit) {
        const key = keys[i]!
        keys[i] = undefined
        i++
        this.count--
        visit(times[i - 1]!, key)
      }
      run.head = i
      if (i < times.length) this.runs[kept++] = i > 4096 && 2 * i > times.length ? rest(run) : run
    }
    this.runs.length = kept
  }

  /** Sorts the keys pushed since the last eviction into a run. */
  private seal(): void {
    const n = this.pendingTimes.length
    if (n === 0) return
    this.runs.push(sortedRun(this.pendingTimes, this.pendingKeys))
    this.pendingTimes = []
    this.pendingKeys = []
    if (this.runs.length > MAX_RUNS) this.runs = [mergeRuns(this.runs)]
  }
}

/** The unevicted part of a run, so evicted entries stop costing memory. */
function rest(run: Run): Run {
  return { times: run.times.slice(run.head), keys: run.keys.slice(run.head), head: 0 }
}

function mergeRuns(runs: readonly Run[]): Run {
  const times: number[] = []
  const keys: string[] = []
  for (const r of runs) {
    for (let i = r.head; i < r.times.length; i++) {
      times.push(r.times[i]!)
      keys.push(r.keys[i]!)
    }
  }
  return sortedRun(times, keys)
}

/**
 * Sorts (time, key) pairs by time. When the times span a range small enough, each pair is packed
 * into one exactly representable double — `(time - min) * n + index` — so the native numeric
 * sort of a Float64Array does the work (several times faster than a comparator); otherwise an
 * index array is sorted with a comparator.
 */
function sortedRun(times: readonly number[], keys: readonly string[]): Run {
  const n = times.length
  let min = Infinity
  let max = -Infinity
  let integral = true
  let sorted = true
  for (let i = 0; i < n; i++) {
    const t = times[i]!
    if (t < min) min = t
    if (t > max) max = t
    if (integral && !Number.isInteger(t)) integral = false
    if (sorted && i > 0 && t < times[i - 1]!) sorted = false
  }
  const outTimes = new Float64Array(n)
  const outKeys: (string | undefined)[] = new Array<string | undefined>(n)
  if (sorted) {
    for (let i = 0; i < n; i++) {
      outTimes[i] = times[i]!
      outKeys[i] = keys[i]!
    }
  } else if (integral && (max - min + 1) * n < Number.MAX_SAFE_INTEGER) {
    const packed = new Float64Array(n)
    for (let i = 0; i < n; i++) packed[i] = (times[i]! - min) * n + i
    packed.sort()
    for (let j = 0; j < n; j++) {
      const p = packed[j]!
      const i = p % n
      outTimes[j] = times[i]!
      outKeys[j] = keys[i]!
    }
  } else {
    const order = new Uint32Array(n)
    for (let i = 0; i < n; i++) order[i] = i
    order.sort((a, b) => times[a]! - times[b]!)
    for (let j = 0; j < n; j++) {
      outTimes[j] = times[order[j]!]!
      outKeys[j] = keys[order[j]!]!
    }
  }
  return { times: outTimes, keys: outKeys, head: 0 }
}

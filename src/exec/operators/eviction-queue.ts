/**
 * State keys ordered by the time at which the watermark evicts them (a binary min-heap over
 * two parallel arrays: 16 bytes per key). Eviction used to scan the whole state every batch,
 * which made deduplication quadratic in the state size; with the queue a batch touches only the
 * keys it evicts. Entries may go stale (a key removed or re-timed elsewhere, a batch that failed
 * after popping): the caller checks each popped key against the store, so the queue only has to
 * hold at least every live key with its current time.
 */
export class EvictionQueue {
  private readonly times: number[] = []
  private readonly keys: string[] = []

  get size(): number {
    return this.times.length
  }

  push(time: number, key: string): void {
    const times = this.times
    const keys = this.keys
    let i = times.length
    times.push(time)
    keys.push(key)
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (times[parent]! <= time) break
      times[i] = times[parent]!
      keys[i] = keys[parent]!
      i = parent
    }
    times[i] = time
    keys[i] = key
  }

  /** The smallest time (Infinity when empty). */
  peekTime(): number {
    return this.times.length > 0 ? this.times[0]! : Infinity
  }

  /** Removes the entry with the smallest time and returns its key. */
  pop(): string {
    const times = this.times
    const keys = this.keys
    const top = keys[0]!
    const lastTime = times.pop()!
    const lastKey = keys.pop()!
    const n = times.length
    if (n > 0) {
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        if (l >= n) break
        const r = l + 1
        const c = r < n && times[r]! < times[l]! ? r : l
        if (times[c]! >= lastTime) break
        times[i] = times[c]!
        keys[i] = keys[c]!
        i = c
      }
      times[i] = lastTime
      keys[i] = lastKey
    }
    return top
  }
}

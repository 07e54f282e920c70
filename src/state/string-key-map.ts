/**
 * The in-memory map of a loaded state version: string keys (the operators' key encodings) to
 * state rows. It replaces `Map<string, V>` because on the big states of deduplication and
 * sessions a V8 `Map` lookup of a key it does not hold walks a bucket chain through several
 * cache-cold objects (each entry's key string is visited to compare hashes), which profiled as
 * the largest single cost of the dedup workload. Here a miss costs one probe of two flat typed
 * arrays: open addressing with linear probing over `slots` (entry index + 1; 0 = empty) and
 * `slotHashes` side by side, load factor at most 1/2, so a key string is touched only when its
 * 32-bit hash matches.
 *
 * Entries live in insertion order in `keys`/`values`/`hashes`; a removed entry leaves a hole
 * (an undefined key) that the next growth compacts away, so iteration order is insertion order,
 * as with `Map` (operators emit state rows in that order, and outputs stay as they were).
 * While iterating, the entry just yielded may be removed or get a new value — what the state
 * store contract allows — but no key may be added (adding can compact, which moves entries).
 * In the slot table removal uses backward-shift deletion (no tombstones), so probe sequences
 * stay short however much the state churns.
 *
 * Hashes are FNV-1a over UTF-16 code units with a per-process random seed and a final mix, so
 * crafted keys cannot pick their slots in advance.
 */

const SEED = (Math.random() * 0x1_0000_0000) | 0
const MIN_CAPACITY = 16

/** 32-bit hash of a string (seeded FNV-1a, then a murmur3 finaliser for the low bits). */
export function hashKey(key: string): number {
  let h = SEED ^ 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return h ^ (h >>> 16)
}

export class StringKeyMap<V> {
  /** Entries in insertion order; a removed entry's key is undefined until the next compaction. */
  private keys: (string | undefined)[] = []
  private values: (V | undefined)[] = []
  private hashes = new Int32Array(MIN_CAPACITY)
  private live = 0
  private slots = new Int32Array(2 * MIN_CAPACITY)
  private slotHashes = new Int32Array(2 * MIN_CAPACITY)
  private mask = 2 * MIN_CAPACITY - 1
  /** The last key hashed and its hash: get-then-set of one key hashes it once. */
  private lastKey: string | undefined
  private lastHash = 0

  get size(): number {
    return this.live
  }

  get(key: string): V | undefined {
    const slot = this.find(key, this.hash(key))
    return slot < 0 ? undefined : this.values[this.slots[slot]! - 1]
  }

  has(key: string): boolean {
    return this.find(key, this.hash(key)) >= 0
  }

  set(key: string, value: V): this {
    const h = this.hash(key)
    let slot = this.find(key, h)
    if (slot >= 0) {
      this.values[this.slots[slot]! - 1] = value
      return this
    }
    if (2 * (this.keys.length + 1) > this.mask + 1) {
      this.compactOrGrow()
      slot = this.find(key, h)
    }
    const entry = this.keys.length
    if (entry === this.hashes.length) {
      const hashes = new Int32Array(2 * entry)
      hashes.set(this.hashes)
      this.hashes = hashes
    }
    this.keys.push(key)
    this.values.push(value)
    this.hashes[entry] = h
    this.slots[~slot] = entry + 1
    this.slotHashes[~slot] = h
    this.live++
    return this
  }

  delete(key: string): boolean {
    let hole = this.find(key, this.hash(key))
    if (hole < 0) return false
    const entry = this.slots[hole]! - 1
    const { slots, slotHashes, mask } = this
    // Backward-shift deletion: pull later members of the probe run into the hole.
    for (let j = (hole + 1) & mask; slots[j] !== 0; j = (j + 1) & mask) {
      const home = slotHashes[j]! & mask
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        slots[hole] = slots[j]!
        slotHashes[hole] = slotHashes[j]!
        hole = j
      }
    }
    slots[hole] = 0
    this.keys[entry] = undefined
    this.values[entry] = undefined
    this.live--
    if (key === this.lastKey) this.lastKey = undefined
    return true
  }

  clear(): void {
    this.keys = []
    this.values = []
    this.hashes = new Int32Array(MIN_CAPACITY)
    this.live = 0
    this.slots = new Int32Array(2 * MIN_CAPACITY)
    this.slotHashes = new Int32Array(2 * MIN_CAPACITY)
    this.mask = 2 * MIN_CAPACITY - 1
    this.lastKey = undefined
  }

  /** Entries in insertion order (see the module comment for what may change meanwhile). */
  *entries(): IterableIterator<[string, V]> {
    const { keys, values } = this
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]
      if (key !== undefined) yield [key, values[i]!]
    }
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries()
  }

  private hash(key: string): number {
    if (key === this.lastKey) return this.lastHash
    const h = hashKey(key)
    this.lastKey = key
    this.lastHash = h
    return h
  }

  /** The slot holding `key` (≥ 0), or `~slot` of the empty slot where it would go. */
  private find(key: string, h: number): number {
    const { slots, slotHashes, mask } = this
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = slots[s]!
      if (e === 0) return ~s
      if (slotHashes[s] === h && this.keys[e - 1] === key) return s
    }
  }

  /**
   * Makes room for one more entry: drops the holes of removed entries (keeping the order), and
   * doubles the slot table unless that already leaves it at most half full.
   */
  private compactOrGrow(): void {
    if (this.live < this.keys.length) {
      const keys: (string | undefined)[] = []
      const values: (V | undefined)[] = []
      const hashes = new Int32Array(Math.max(MIN_CAPACITY, this.hashes.length))
      for (let i = 0; i < this.keys.length; i++) {
        const key = this.keys[i]
        if (key === undefined) continue
        hashes[keys.length] = this.hashes[i]!
        keys.push(key)
        values.push(this.values[i])
      }
      this.keys = keys
      this.values = values
      this.hashes = hashes
    }
    const capacity =
      2 * (this.keys.length + 1) > (this.mask + 1) / 2 ? 2 * (this.mask + 1) : this.mask + 1
    const slots = new Int32Array(capacity)
    const slotHashes = new Int32Array(capacity)
    const mask = capacity - 1
    for (let e = 0; e < this.keys.length; e++) {
      const h = this.hashes[e]!
      let s = h & mask
      while (slots[s] !== 0) s = (s + 1) & mask
      slots[s] = e + 1
      slotHashes[s] = h
    }
    this.slots = slots
    this.slotHashes = slotHashes
    this.mask = mask
  }
}

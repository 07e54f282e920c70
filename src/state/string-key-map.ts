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
 * Entries live densely in `keys`/`values`/`hashes` (removal moves the last entry into the hole),
 * and iteration runs from the last entry to the first, so removing the entry just yielded is
 * safe (what moves into its place was already visited) — the one mutation the state store
 * contract allows while iterating, besides replacing the current entry's value. Iteration order
 * is therefore not insertion order. Removal uses backward-shift deletion (no tombstones), so
 * probe sequences stay short however much the state churns.
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
  private keys: string[] = []
  private values: V[] = []
  private hashes = new Int32Array(MIN_CAPACITY)
  private slots = new Int32Array(2 * MIN_CAPACITY)
  private slotHashes = new Int32Array(2 * MIN_CAPACITY)
  private mask = 2 * MIN_CAPACITY - 1
  /** The last key hashed and its hash: get-then-set of one key hashes it once. */
  private lastKey: string | undefined
  private lastHash = 0

  get size(): number {
    return this.keys.length
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
    const entry = this.keys.length
    if (2 * (entry + 1) > this.mask + 1) {
      this.grow()
      slot = this.find(key, h)
    }
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
    const last = this.keys.length - 1
    if (entry !== last) {
      // Move the last entry into the removed one's place and repoint its slot.
      const h = this.hashes[last]!
      let s = h & mask
      while (slots[s] !== last + 1) s = (s + 1) & mask
      slots[s] = entry + 1
      this.keys[entry] = this.keys[last]!
      this.values[entry] = this.values[last]!
      this.hashes[entry] = h
    }
    this.keys.pop()
    this.values.pop()
    if (key === this.lastKey) this.lastKey = undefined
    return true
  }

  clear(): void {
    this.keys = []
    this.values = []
    this.hashes = new Int32Array(MIN_CAPACITY)
    this.slots = new Int32Array(2 * MIN_CAPACITY)
    this.slotHashes = new Int32Array(2 * MIN_CAPACITY)
    this.mask = 2 * MIN_CAPACITY - 1
    this.lastKey = undefined
  }

  /** Entries from the last to the first (see the module comment for what may change meanwhile). */
  *entries(): IterableIterator<[string, V]> {
    for (let i = this.keys.length - 1; i >= 0; i--) {
      if (i >= this.keys.length) i = this.keys.length - 1
      if (i < 0) return
      yield [this.keys[i]!, this.values[i]!]
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

  private grow(): void {
    const capacity = 2 * (this.mask + 1)
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

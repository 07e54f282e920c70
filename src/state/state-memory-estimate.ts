/**
 * The `memoryUsedBytes` estimate of a loaded state map, kept up to date per change so a commit
 * never walks the whole map. It approximates V8's 64-bit heap layout with pointer compression
 * (Node does not compress pointers: 8-byte slots) and is calibrated against a measured heap
 * delta (bench/state-store.bench.ts: 1M entries `user-<i>` → `[small int, small int]` measure
 * 117 B/row in the StringKeyMap of loaded state, 125 in a V8 Map; the formula gives 134):
 *
 *   entry  = ENTRY_OVERHEAD (key and value slots, hash, probe slots at load ≤ 1/2 ≈ 32)
 *          + string(key)
 *          + value(row)
 *   string(s)  = 16 + 2 × s.length   (header + UTF-16; one-byte strings use half, a safe bound)
 *   value(v)   = array: 48 + 8 × length + Σ value(element)   (JSArray 32 + FixedArray header 16)
 *                number: 0 for small integers (Smis live in the slot), 16 otherwise (HeapNumber)
 *                string: string(v); boolean/null/undefined: 0 (shared oddballs)
 *                Uint8Array: 100 + byteLength; other objects: 32 + Σ over own entries
 */

import { EMPTY_STATE_VALUE } from './state-store.js'

/** Bytes an entry costs beyond its key and value (Map slots, hash table slack). */
export const ENTRY_OVERHEAD = 32

/** Estimated heap bytes of one state entry (the shared empty value costs nothing). */
export function estimateEntryBytes(key: string, value: unknown): number {
  const valueBytes = value === EMPTY_STATE_VALUE ? 0 : estimateValueBytes(value)
  return ENTRY_OVERHEAD + 16 + 2 * key.length + valueBytes
}

/** Estimated heap bytes of a value (0 for values stored inline or shared). */
export function estimateValueBytes(value: unknown): number {
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) && value >= -(2 ** 30) && value < 2 ** 30 ? 0 : 16
    case 'string':
      return 16 + 2 * value.length
    case 'bigint':
      return 24
    case 'object': {
      if (value === null) return 0
      if (Array.isArray(value)) {
        let bytes = 48 + 8 * value.length
        for (const item of value) bytes += estimateValueBytes(item)
        return bytes
      }
      if (value instanceof Uint8Array) return 100 + value.byteLength
      let bytes = 32
      for (const [k, v] of Object.entries(value))
        bytes += 8 + estimateValueBytes(k) + estimateValueBytes(v)
      return bytes
    }
    default:
      return 0
  }
}

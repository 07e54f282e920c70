/**
 * The deterministic batches of the state store crash test, shared by the child process that
 * commits them and the test that checks what survived: batch v (state version v → v+1) puts and
 * removes keys chosen from v, so the content of every version is a pure function of v.
 */
import type { StateValue } from '../../../src/state/state-store.js'

const KEY_SPACE = 20_000

/** Applies batch `v` to anything with put/remove (a store or a model Map adapter). */
export function applyCrashBatch(
  v: number,
  target: { put(key: string, value: StateValue): void; remove(key: string): void },
): void {
  // Every 5th batch is large, so kills also land inside long writes.
  const size = v % 5 === 4 ? 8000 : 800
  for (let j = 0; j < size; j++) {
    const key = `key-${(v * 7919 + j * 31) % KEY_SPACE}`
    if (j % 4 === 0) target.remove(key)
    else target.put(key, [v, j, 'x'.repeat((v + j) % 9)])
  }
}

/** The content of version `version`, replayed on a Map. */
export function crashModel(version: number): Map<string, StateValue> {
  const map = new Map<string, StateValue>()
  const adapter = {
    put: (k: string, value: StateValue) => void map.set(k, value),
    remove: (k: string) => void map.delete(k),
  }
  for (let v = 0; v < version; v++) applyCrashBatch(v, adapter)
  return map
}

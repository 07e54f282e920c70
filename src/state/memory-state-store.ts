/**
 * An in-memory, non-durable state store provider: every committed version is kept as a copy.
 * For tests and for queries on temporary checkpoints; durable queries use the file provider.
 */
import type {
  StateStore,
  StateStoreMetrics,
  StateStoreProvider,
  StateValue,
} from './state-store.js'

export class MemoryStateStoreProvider implements StateStoreProvider {
  private readonly versions = new Map<number, Map<string, StateValue>>([[0, new Map()]])

  async open(version: number): Promise<StateStore> {
    const base = this.versions.get(version)
    if (!base) throw new Error(`state version ${version} does not exist`)
    const map = new Map(base)
    let updated = 0
    let removed = 0
    const versions = this.versions
    return {
      version,
      get: (k) => map.get(k),
      put: (k, v) => {
        map.set(k, v)
        updated++
      },
      remove: (k) => {
        if (map.delete(k)) removed++
      },
      get size() {
        return map.size
      },
      entries: () => map.entries(),
      async commit(): Promise<StateStoreMetrics> {
        versions.set(version + 1, map)
        return {
          numRowsTotal: map.size,
          numRowsUpdated: updated,
          numRowsRemoved: removed,
          memoryUsedBytes: 0,
          commitTimeMs: 0,
          stateOnCurrentVersionSizeBytes: 0,
        }
      },
      abort: () => undefined,
    }
  }

  async flush(): Promise<void> {}

  async cleanup(latestVersion: number, retain: number): Promise<void> {
    for (const v of this.versions.keys()) if (v < latestVersion - retain) this.versions.delete(v)
  }

  async close(): Promise<void> {}
}

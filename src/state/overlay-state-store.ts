/**
 * A {@link StateStore} over a loaded version that it never touches until commit: reads fall
 * through a change overlay to the shared base map, and `commit` hands the overlay to the
 * provider, which writes it and applies it to the base in place. Opening the latest version
 * therefore costs nothing (no copy of the map) and an abort just drops the overlay.
 *
 * Invariants: the overlay holds at most one change per key; a `REMOVED` change only for a key
 * present in the base (a put-then-remove of a new key leaves no change). The base is valid for
 * this store while `base.version === version`; once a commit advances it the store is spent.
 */
import { InternalError } from '../errors/index.js'
import type { StateStore, StateStoreMetrics, StateValue } from './state-store.js'

/** Marks a removed key in the overlay. */
export const REMOVED: unique symbol = Symbol('removed')

/** A change of one key: the new row, or {@link REMOVED}. */
export type StateChange = StateValue | typeof REMOVED

/** The loaded version a store reads through to; a commit mutates it into the next version. */
export interface LoadedState {
  version: number
  map: Map<string, StateValue>
  /** memoryUsedBytes of `map` (state-memory-estimate.ts). */
  memoryBytes: number
}

/** What the store hands to the provider on commit. */
export interface StoreCommit {
  readonly base: LoadedState
  readonly version: number
  readonly changes: Map<string, StateChange>
  /** The changed keys that are not in the base (so applying them needs no lookup of an old value). */
  readonly added: ReadonlySet<string>
  readonly numRowsUpdated: number
  readonly numRowsRemoved: number
}

/** Error context of the owning provider. */
export interface StoreContext {
  readonly operator: string
  readonly path: string
}

export class OverlayStateStore implements StateStore {
  private changes = new Map<string, StateChange>()
  private added = new Set<string>()
  private updated = 0
  private removed = 0
  private sizeDelta = 0
  private committedAs: number | undefined
  /**
   * The key of the last `get` that fell through to the base, and whether the base has it: the
   * usual get-then-put of a key then costs one lookup in the (large, cache-unfriendly) base map.
   */
  private lastKey: string | undefined
  private lastInBase = false

  constructor(
    private readonly base: LoadedState,
    readonly version: number,
    private readonly context: StoreContext,
    private readonly onCommit: (commit: StoreCommit) => Promise<StateStoreMetrics>,
  ) {}

  get(key: string): StateValue | undefined {
    if (this.base.version !== this.version) throw this.spent()
    if (this.changes.size > 0) {
      const change = this.changes.get(key)
      if (change !== undefined) return change === REMOVED ? undefined : change
    }
    const value = this.base.map.get(key)
    this.lastKey = key
    this.lastInBase = value !== undefined
    return value
  }

  put(key: string, value: StateValue): void {
    if (this.base.version !== this.version) throw this.spent()
    const change = this.changes.get(key)
    if (change === undefined) {
      const inBase = key === this.lastKey ? this.lastInBase : this.base.map.has(key)
      if (!inBase) {
        this.sizeDelta++
        this.added.add(key)
      }
    } else if (change === REMOVED) this.sizeDelta++
    this.changes.set(key, value)
    this.updated++
  }

  remove(key: string): void {
    if (this.base.version !== this.version) throw this.spent()
    const change = this.changes.get(key)
    if (change === REMOVED) return
    const inBase = this.base.map.has(key)
    if (change === undefined && !inBase) return
    if (inBase) this.changes.set(key, REMOVED)
    else {
      this.changes.delete(key)
      this.added.delete(key)
    }
    this.sizeDelta--
    this.removed++
  }

  get size(): number {
    if (this.base.version !== this.version) throw this.spent()
    return this.base.map.size + this.sizeDelta
  }

  entries(): IterableIterator<[string, StateValue]> {
    if (this.base.version !== this.version) throw this.spent()
    return this.changes.size === 0 ? this.base.map.entries() : this.mergedEntries()
  }

  async commit(): Promise<StateStoreMetrics> {
    if (this.base.version !== this.version || this.committedAs !== undefined) throw this.spent()
    this.committedAs = this.version + 1
    try {
      const metrics = await this.onCommit({
        base: this.base,
        version: this.version,
        changes: this.changes,
        added: this.added,
        numRowsUpdated: this.updated,
        numRowsRemoved: this.removed,
      })
      this.changes = new Map()
      this.added = new Set()
      return metrics
    } catch (error) {
      // The base is untouched when the write fails: the batch may retry the commit or abort.
      if (this.base.version === this.version) this.committedAs = undefined
      throw error
    }
  }

  abort(): void {
    if (this.committedAs !== undefined) return
    this.changes = new Map()
    this.added = new Set()
    this.updated = 0
    this.removed = 0
    this.sizeDelta = 0
  }

  private *mergedEntries(): IterableIterator<[string, StateValue]> {
    const { changes } = this
    const { map } = this.base
    for (const entry of map) {
      if (this.base.version !== this.version) throw this.spent()
      const change = changes.get(entry[0])
      if (change === undefined) yield entry
      else if (change !== REMOVED) yield [entry[0], change]
    }
    for (const [key, change] of changes) {
      if (change !== REMOVED && !map.has(key)) yield [key, change]
    }
  }

  private spent(): InternalError {
    const { operator, path } = this.context
    if (this.committedAs !== undefined) {
      return new InternalError(
        'SL_STATE_STORE_ALREADY_COMMITTED',
        { operator, path, version: this.version, next: this.committedAs },
        { operator, path },
      )
    }
    return new InternalError(
      'SL_STATE_STORE_STALE',
      {
        operator,
        path,
        version: this.version,
        reason: `another store of the same provider committed version ${this.base.version} over it`,
      },
      { operator, path },
    )
  }
}

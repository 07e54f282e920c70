/**
 * A {@link StateStore} that writes straight into the provider's loaded map and keeps an undo
 * log: `put`/`remove` change the shared map at once and append (key, old value, new value) to
 * the log; `commit` hands the log to the provider, which writes it as the version's delta file;
 * `abort` (or the provider, when a newer store supersedes an uncommitted one) replays the log
 * backwards, which restores the map exactly.
 *
 * Why not an overlay of changes in front of the map: on a big state (deduplication holds
 * hundreds of thousands of keys) every new key then costs two random lookups in the big,
 * cache-cold map (the `get` that misses and the apply at commit) plus a second map and set of
 * the batch's changes. Writing through costs one lookup (the `put` right after a `get` of the
 * same key finds the entry in cache) and a flat log.
 *
 * Invariants: only the store that is `base.writer` may read or change the map; the log holds
 * every change since the store was opened, in order (a key changed twice appears twice, and
 * the delta file applies them in order, so the result is the map's final state); a `remove` of
 * an absent key is not logged.
 */
import { InternalError } from '../errors/index.js'
import { estimateEntryBytes } from './state-memory-estimate.js'
import type { StateStore, StateStoreMetrics, StateValue } from './state-store.js'
import type { StringKeyMap } from './string-key-map.js'

/** Marks "no value" in the undo log: a key that was absent before a put, or removed by a change. */
export const ABSENT: unique symbol = Symbol('absent')

/** A value in the undo log: a row, or {@link ABSENT}. */
export type LoggedValue = StateValue | typeof ABSENT

/** The loaded version a store writes through to; a commit turns it into the next version. */
export interface LoadedState {
  version: number
  map: StringKeyMap<StateValue>
  /** memoryUsedBytes of `map` (state-memory-estimate.ts), kept up to date per change. */
  memoryBytes: number
  /** The store allowed to read and change `map` (undefined: none is open). */
  writer: WriteThroughStateStore | undefined
}

/** The changes of one store in order, as parallel arrays (no pair objects to allocate). */
export interface ChangeLog {
  readonly keys: readonly string[]
  /** The value each change replaced ({@link ABSENT}: the key was new). */
  readonly olds: readonly LoggedValue[]
  /** The value each change left ({@link ABSENT}: a remove). */
  readonly news: readonly LoggedValue[]
}

/** What the store hands to the provider on commit. */
export interface StoreCommit {
  readonly store: WriteThroughStateStore
  readonly base: LoadedState
  readonly version: number
  readonly log: ChangeLog
  readonly numRowsUpdated: number
  readonly numRowsRemoved: number
}

/** Error context of the owning provider. */
export interface StoreContext {
  readonly operator: string
  readonly path: string
}

export class WriteThroughStateStore implements StateStore {
  private keys: string[] = []
  private olds: LoggedValue[] = []
  private news: LoggedValue[] = []
  private updated = 0
  private removed = 0
  private committedAs: number | undefined
  private readonly memoryAtOpen: number
  /**
   * The key of the last `get` and what it found: the usual get-then-put of a key then needs no
   * second lookup to learn the value it replaces.
   */
  private lastKey: string | undefined
  private lastValue: StateValue | undefined

  constructor(
    private readonly base: LoadedState,
    readonly version: number,
    private readonly context: StoreContext,
    private readonly onCommit: (commit: StoreCommit) => Promise<StateStoreMetrics>,
  ) {
    this.memoryAtOpen = base.memoryBytes
  }

  get(key: string): StateValue | undefined {
    if (this.base.writer !== this) throw this.spent()
    const value = this.base.map.get(key)
    this.lastKey = key
    this.lastValue = value
    return value
  }

  put(key: string, value: StateValue): void {
    const base = this.base
    if (base.writer !== this) throw this.spent()
    const old = key === this.lastKey ? this.lastValue : base.map.get(key)
    base.map.set(key, value)
    this.lastKey = key
    this.lastValue = value
    this.log(key, old ?? ABSENT, value)
    if (old !== undefined) base.memoryBytes -= estimateEntryBytes(key, old)
    base.memoryBytes += estimateEntryBytes(key, value)
    this.updated++
  }

  remove(key: string): void {
    const base = this.base
    if (base.writer !== this) throw this.spent()
    const old = key === this.lastKey ? this.lastValue : base.map.get(key)
    if (old === undefined) return
    base.map.delete(key)
    this.lastKey = key
    this.lastValue = undefined
    this.log(key, old, ABSENT)
    base.memoryBytes -= estimateEntryBytes(key, old)
    this.removed++
  }

  get size(): number {
    if (this.base.writer !== this) throw this.spent()
    return this.base.map.size
  }

  entries(): IterableIterator<[string, StateValue]> {
    if (this.base.writer !== this) throw this.spent()
    return this.checkedEntries()
  }

  async commit(): Promise<StateStoreMetrics> {
    if (this.base.writer !== this || this.committedAs !== undefined) throw this.spent()
    const metrics = await this.onCommit({
      store: this,
      base: this.base,
      version: this.version,
      log: { keys: this.keys, olds: this.olds, news: this.news },
      numRowsUpdated: this.updated,
      numRowsRemoved: this.removed,
    })
    // The provider advanced the base and released it: the store is spent from here on.
    this.committedAs = this.version + 1
    this.dropLog()
    return metrics
  }

  abort(): void {
    if (this.base.writer !== this) return
    this.rollBack()
    this.base.writer = undefined
  }

  /**
   * Undoes every change, newest first (so a key changed twice gets its value from before the
   * store opened). Called by `abort` and by the provider when a new store supersedes this one.
   */
  rollBack(): void {
    const { map } = this.base
    for (let i = this.keys.length - 1; i >= 0; i--) {
      const old = this.olds[i]!
      if (old === ABSENT) map.delete(this.keys[i]!)
      else map.set(this.keys[i]!, old)
    }
    this.base.memoryBytes = this.memoryAtOpen
    this.dropLog()
    this.updated = 0
    this.removed = 0
  }

  private log(key: string, old: LoggedValue, value: LoggedValue): void {
    this.keys.push(key)
    this.olds.push(old)
    this.news.push(value)
  }

  private dropLog(): void {
    this.keys = []
    this.olds = []
    this.news = []
    this.lastKey = undefined
    this.lastValue = undefined
  }

  private *checkedEntries(): IterableIterator<[string, StateValue]> {
    for (const entry of this.base.map) {
      if (this.base.writer !== this) throw this.spent()
      yield entry
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
        reason:
          this.base.writer === undefined
            ? 'it was aborted or its provider reloaded the state'
            : 'the provider opened a newer store over it, which undid its changes',
      },
      { operator, path },
    )
  }
}

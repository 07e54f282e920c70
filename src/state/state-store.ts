/**
 * The state store contract of stateful operators (Spark's StateStore, one partition per
 * operator here). State is versioned by batch: an operator running batch N opens the store at
 * version N (the state after batch N-1), reads and writes keys, and commits version N+1. A
 * re-run of batch N after a crash opens version N again, so a commit of N+1 may happen twice and
 * must then replace the first (the content is identical: processing is deterministic).
 *
 * Keys are strings (the operator's canonical encoding of its grouping key); values are arrays of
 * engine values (the operator's state row). Both must survive a JSON round trip.
 */

/** A state row value: an array of JSON-serialisable engine values. */
export type StateValue = readonly unknown[]

/**
 * The empty state value, shared (deduplication keeps only keys): stores keep it shared when they
 * load state from files, and memory estimates count it as free.
 */
export const EMPTY_STATE_VALUE: StateValue = Object.freeze([])

/** Metrics a store reports after a commit (they feed `stateOperators` in progress). */
export interface StateStoreMetrics {
  /** Keys in the committed version. */
  readonly numRowsTotal: number
  /** Puts since the version was opened. */
  readonly numRowsUpdated: number
  /** Removes of existing keys since the version was opened. */
  readonly numRowsRemoved: number
  /** Estimated bytes the loaded state holds in memory. */
  readonly memoryUsedBytes: number
  /** Time spent writing the version's files. */
  readonly commitTimeMs: number
  /** Size in bytes of the files written for this version (delta, plus snapshot if any). */
  readonly stateOnCurrentVersionSizeBytes: number
}

/** One version of an operator's state, open for reading and writing. */
export interface StateStore {
  /** The version this store was opened at (the state after batch `version - 1`). */
  readonly version: number
  get(key: string): StateValue | undefined
  put(key: string, value: StateValue): void
  remove(key: string): void
  /** Number of keys currently visible (including uncommitted changes). */
  readonly size: number
  /** Iterates over every key and value (including uncommitted changes). Mutating while iterating is allowed for `remove` of the current key. */
  entries(): IterableIterator<[string, StateValue]>
  /**
   * Makes version `version + 1` the provider's current one and returns the metrics of this
   * batch; it is durable once the provider's `flush()` resolves.
   */
  commit(): Promise<StateStoreMetrics>
  /** Drops uncommitted changes. */
  abort(): void
}

/** Opens the versions of one operator's state in a checkpoint. */
export interface StateStoreProvider {
  /**
   * Opens version `version` (0 = empty state). Fails with a CheckpointError naming the files
   * when the version cannot be reconstructed (missing or corrupt files, newer format version).
   */
  open(version: number): Promise<StateStore>
  /**
   * Resolves once every version committed so far is durable; rejects with the write's error if
   * one failed (the query must then stop: its state in memory is ahead of the checkpoint). The
   * executor awaits it before it records a batch in the commit log.
   */
  flush(): Promise<void>
  /** Deletes files no longer needed to reconstruct any of the last `retain` versions. */
  cleanup(latestVersion: number, retain: number): Promise<void>
  close(): Promise<void>
}

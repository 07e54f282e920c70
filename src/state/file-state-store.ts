/**
 * The durable state store provider (the role of Spark's HDFSBackedStateStoreProvider): one
 * operator's state in `<checkpoint>/state/<operatorId>/` as per-version delta files plus a
 * snapshot every `snapshotInterval` versions, and the latest loaded version in memory.
 *
 * ```
 * <dir>/_metadata/format.json   {"stateFormatVersion":1,"provider":"file","operator":"<name>"}
 * <dir>/<v>.delta               changes of version v (state-file-codec.ts)
 * <dir>/<v>.snapshot            all of version v, for v % snapshotInterval == 0
 * ```
 *
 * Opening the version just committed (the streaming case) reuses the in-memory map with no
 * I/O; any other version is rebuilt from the newest snapshot ≤ it plus the deltas after it. A
 * commit writes only its delta (atomic: temp + fsync + rename + directory fsync) and then
 * applies the changes to the map in place; snapshots are serialised in the background, in
 * slices between event-loop turns, and the next commit waits for the one in flight before it
 * mutates the map. A re-commit of a version deletes what newer versions left on disk first, so
 * the version just committed is always the newest one. The provider serves one writer: all
 * opens, commits and cleanups run one at a time, and a store whose base was superseded fails.
 */
import { basename } from 'node:path'
import { CheckpointError, InternalError } from '../errors/index.js'
import {
  OverlayStateStore,
  REMOVED,
  type LoadedState,
  type StoreCommit,
} from './overlay-state-store.js'
import { StateDirectory } from './state-directory.js'
import {
  STATE_FILE_FORMAT_VERSION,
  StateFileEncoder,
  type StateFileKind,
} from './state-file-codec.js'
import {
  isSnapshotVersion,
  latestStateVersion,
  planStaleFiles,
  planStateCleanup,
  planStateLoad,
  stateFileName,
} from './state-file-plan.js'
import { estimateEntryBytes } from './state-memory-estimate.js'
import type {
  StateStore,
  StateStoreMetrics,
  StateStoreProvider,
  StateValue,
} from './state-store.js'

/** Options of {@link FileStateStoreProvider}. */
export interface FileStateStoreOptions {
  /** Write a snapshot after every this many versions (default 10). */
  readonly snapshotInterval?: number
  /** The operator's name, recorded in `_metadata/format.json` and named in errors. */
  readonly name?: string
}

/** Entries serialised per event-loop turn by a background snapshot. */
const SNAPSHOT_SLICE = 16_384

/** @internal The file-backed {@link StateStoreProvider}; see the module comment. */
export class FileStateStoreProvider implements StateStoreProvider {
  readonly snapshotInterval: number
  readonly name: string | undefined
  /** Opens served from the in-memory map / rebuilt from files (Spark's loadedMapCache metrics). */
  cacheHits = 0
  cacheMisses = 0
  /** The last background snapshot failure; snapshots are an optimisation, deltas stay complete. */
  lastSnapshotError: unknown = undefined
  private loaded: LoadedState | undefined
  /** Newest version that may have files on disk (-1: not listed yet). */
  private latestOnDisk = -1
  private metadataWritten = false
  private pendingSnapshot: Promise<void> = Promise.resolve()
  private queue: Promise<unknown> = Promise.resolve()
  private closed = false
  /** How errors name the operator. */
  private readonly label: string
  private readonly files: StateDirectory

  constructor(
    readonly dir: string,
    options: FileStateStoreOptions = {},
  ) {
    this.snapshotInterval = options.snapshotInterval ?? 10
    this.name = options.name
    this.label = options.name ?? `the state operator in ${basename(dir)}`
    this.files = new StateDirectory(dir, this.label)
    if (!Number.isSafeInteger(this.snapshotInterval) || this.snapshotInterval < 1) {
      throw new InternalError('SL_INTERNAL_INVARIANT', {
        message: `snapshotInterval must be a positive integer, got ${this.snapshotInterval}`,
      })
    }
  }

  open(version: number): Promise<StateStore> {
    return this.serial(async () => {
      if (!Number.isSafeInteger(version) || version < 0) {
        throw new InternalError(
          'SL_STATE_STORE_INVALID_VERSION',
          { version, ...this.context() },
          this.context(),
        )
      }
      if (this.loaded?.version === version) this.cacheHits++
      else {
        this.cacheMisses++
        this.loaded = await this.load(version)
      }
      return new OverlayStateStore(this.loaded, version, this.context(), (c) =>
        this.serial(() => this.commit(c)),
      )
    })
  }

  cleanup(latestVersion: number, retain: number): Promise<void> {
    return this.serial(async () => {
      await this.pendingSnapshot
      const index = await this.files.list()
      const doomed = planStateCleanup(index, latestVersion, retain)
      for (const ref of doomed) await this.files.remove(stateFileName(ref))
      for (const temp of index.temps) await this.files.remove(temp)
    })
  }

  close(): Promise<void> {
    return this.serial(async () => {
      await this.pendingSnapshot
      this.closed = true
      this.loaded = undefined
    })
  }

  /** Runs provider operations one at a time, in call order. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closed)
        throw new InternalError('SL_STATE_STORE_CLOSED', this.context(), this.context())
      return op()
    })
    this.queue = run.catch(() => undefined)
    return run
  }

  private async commit(c: StoreCommit): Promise<StateStoreMetrics> {
    if (c.base !== this.loaded || c.base.version !== c.version) {
      throw new InternalError(
        'SL_STATE_STORE_STALE',
        {
          ...this.context(),
          version: c.version,
          reason: `the provider has since opened or committed version ${this.loaded?.version ?? 'none'}`,
        },
        this.context(),
      )
    }
    await this.pendingSnapshot
    const started = performance.now()
    const next = c.version + 1
    if (!this.metadataWritten) {
      await this.files.writeMetadata(this.name)
      this.metadataWritten = true
    }
    if (this.latestOnDisk >= next) {
      for (const ref of planStaleFiles(await this.files.list(), next)) {
        await this.files.remove(stateFileName(ref))
      }
    }
    const encoder = new StateFileEncoder('delta', next, this.fileContext(next, 'delta'))
    for (const [key, change] of c.changes) {
      if (change === REMOVED) encoder.remove(key)
      else encoder.put(key, change)
    }
    const written = await this.files.write({ version: next, kind: 'delta' }, encoder.finish())
    this.apply(c.base, c.changes, c.added)
    c.base.version = next
    this.latestOnDisk = next
    const commitTimeMs = performance.now() - started
    if (isSnapshotVersion(next, this.snapshotInterval)) {
      this.pendingSnapshot = this.writeSnapshot(c.base.map, next)
    }
    return {
      numRowsTotal: c.base.map.size,
      numRowsUpdated: c.numRowsUpdated,
      numRowsRemoved: c.numRowsRemoved,
      memoryUsedBytes: c.base.memoryBytes,
      commitTimeMs,
      stateOnCurrentVersionSizeBytes: written,
    }
  }

  private apply(
    base: LoadedState,
    changes: Map<string, StateValue | typeof REMOVED>,
    added: ReadonlySet<string>,
  ): void {
    const { map } = base
    let bytes = base.memoryBytes
    if (map.size === 0) {
      // The first batch (or a state emptied by eviction): adopt the overlay instead of copying it.
      for (const [key, change] of changes) bytes += estimateEntryBytes(key, change)
      base.map = changes as Map<string, StateValue>
    } else {
      for (const [key, change] of changes) {
        // A key known to be new needs no lookup of its old value (big maps miss the cache).
        const old = added.has(key) ? undefined : map.get(key)
        if (old !== undefined) bytes -= estimateEntryBytes(key, old)
        if (change === REMOVED) map.delete(key)
        else {
          map.set(key, change)
          bytes += estimateEntryBytes(key, change)
        }
      }
    }
    base.memoryBytes = base.map.size === 0 ? 0 : bytes
  }

  private async writeSnapshot(map: Map<string, StateValue>, version: number): Promise<void> {
    try {
      const encoder = new StateFileEncoder(
        'snapshot',
        version,
        this.fileContext(version, 'snapshot'),
      )
      let n = 0
      for (const [key, value] of map) {
        encoder.put(key, value)
        if (++n % SNAPSHOT_SLICE === 0) await new Promise((resolve) => setImmediate(resolve))
      }
      await this.files.write({ version, kind: 'snapshot' }, encoder.finish())
    } catch (error) {
      this.lastSnapshotError = error
    }
  }

  private async load(version: number): Promise<LoadedState> {
    const index = await this.files.list()
    this.latestOnDisk = latestStateVersion(index)
    await this.checkMetadata()
    const plan = planStateLoad(index, version)
    if (plan.kind === 'missing') {
      const path = this.files.path(plan.file)
      throw new CheckpointError(
        'SL_STATE_STORE_FILE_MISSING',
        { version, operator: this.label, path, latest: this.latestOnDisk },
        { path, operator: this.label },
      )
    }
    const map = new Map<string, StateValue>()
    const sink = {
      put: (key: string, value: StateValue) => void map.set(key, value),
      remove: (key: string) => void map.delete(key),
    }
    if (plan.snapshot !== undefined)
      await this.files.read({ version: plan.snapshot, kind: 'snapshot' }, sink)
    for (const v of plan.deltas) await this.files.read({ version: v, kind: 'delta' }, sink)
    let memoryBytes = 0
    for (const [key, value] of map) memoryBytes += estimateEntryBytes(key, value)
    return { version, map, memoryBytes }
  }

  /** Rejects a directory written by a newer format or by another operator. */
  private async checkMetadata(): Promise<void> {
    const meta = await this.files.readMetadata()
    if (meta === undefined) return
    if (
      typeof meta.operator === 'string' &&
      this.name !== undefined &&
      meta.operator !== this.name
    ) {
      throw new CheckpointError(
        'SL_STATE_QUERY_CHANGED',
        { path: this.dir, what: 'stateful operator', before: meta.operator, now: this.name },
        { path: this.dir },
      )
    }
    // An older format's metadata is rewritten at the next commit: from then on the directory
    // holds files of this version, and an engine that knows only the old one must refuse it.
    this.metadataWritten = meta.stateFormatVersion >= STATE_FILE_FORMAT_VERSION
  }

  private context(): { operator: string; path: string } {
    return { operator: this.label, path: this.dir }
  }

  private fileContext(version: number, kind: StateFileKind): { operator: string; path: string } {
    return { operator: this.label, path: this.files.path({ version, kind }) }
  }
}

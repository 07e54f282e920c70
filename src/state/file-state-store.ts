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
 * I/O; any other version is rebuilt from the newest snapshot ≤ it plus the deltas after it.
 * Stores write through to the map and keep an undo log (write-through-state-store.ts); a
 * commit encodes the log as the version's delta and starts writing it (atomic: temp + fsync +
 * rename + directory fsync) without waiting: the write overlaps the sink's work, and
 * {@link FileStateStoreProvider.flush} — which the executor awaits before it writes the batch's
 * commit log entry — resolves once it is durable. Every later operation waits for it too, and
 * a failed write fails them all (the map is then ahead of the disk: the query must restart). Snapshots are serialised in the background, in slices between event-loop turns, and
 * the next open waits for the one in flight before a store may change the map. A re-commit of
 * a version deletes what newer versions left on disk first, so the version just committed is
 * always the newest one. The provider serves one writer: all opens, commits and cleanups run
 * one at a time, and opening a store undoes the changes of an uncommitted earlier one (a batch
 * that failed without aborting), which then fails on every call.
 */
import { basename } from 'node:path'
import { CheckpointError, InternalError } from '../errors/index.js'
import {
  ABSENT,
  WriteThroughStateStore,
  type ChangeLog,
  type LoadedState,
  type StoreCommit,
} from './write-through-state-store.js'
import { StateDirectory } from './state-directory.js'
import { StringKeyMap } from './string-key-map.js'
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
import {
  EMPTY_STATE_VALUE,
  type StateStore,
  type StateStoreMetrics,
  type StateStoreProvider,
  type StateValue,
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
  /** The delta write in flight; `writeError` keeps its failure for every later call. */
  private pendingWrite: Promise<void> = Promise.resolve()
  private writeError: Error | undefined = undefined
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
      // A snapshot in flight reads the map: no store may change it before the snapshot is out.
      await this.pendingSnapshot
      this.releaseWriter()
      if (this.loaded?.version === version) this.cacheHits++
      else {
        this.cacheMisses++
        this.loaded = undefined
        this.loaded = await this.load(version)
      }
      const store = new WriteThroughStateStore(this.loaded, version, this.context(), (c) =>
        this.serial(() => this.commit(c)),
      )
      this.loaded.writer = store
      return store
    })
  }

  flush(): Promise<void> {
    return this.serial(() => Promise.resolve())
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
      this.releaseWriter()
      this.closed = true
      this.loaded = undefined
    })
  }

  /** Undoes the changes of an open, uncommitted store and retires it. */
  private releaseWriter(): void {
    const loaded = this.loaded
    if (loaded?.writer === undefined) return
    loaded.writer.rollBack()
    loaded.writer = undefined
  }

  /** Runs provider operations one at a time, in call order, each after the last delta write. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      if (this.closed)
        throw new InternalError('SL_STATE_STORE_CLOSED', this.context(), this.context())
      await this.pendingWrite
      if (this.writeError !== undefined) throw this.writeError
      return op()
    })
    this.queue = run.catch(() => undefined)
    return run
  }

  private async commit(c: StoreCommit): Promise<StateStoreMetrics> {
    if (c.base !== this.loaded || c.base.version !== c.version || c.base.writer !== c.store) {
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
    const chunks = this.encodeDelta(next, c.log)
    let written = 0
    for (const chunk of chunks) written += chunk.length
    c.base.version = next
    c.base.writer = undefined
    this.latestOnDisk = next
    // The batch waits for the encoding only; flush() and every later call wait for the write.
    const commitTimeMs = performance.now() - started
    const base = c.base
    this.pendingWrite = this.files.write({ version: next, kind: 'delta' }, chunks).then(
      () => {
        if (isSnapshotVersion(next, this.snapshotInterval)) {
          this.pendingSnapshot = this.writeSnapshot(base.map, next)
        }
      },
      (error: unknown) => {
        this.writeError = error instanceof Error ? error : new Error(String(error))
        this.loaded = undefined
      },
    )
    return {
      numRowsTotal: c.base.map.size,
      numRowsUpdated: c.numRowsUpdated,
      numRowsRemoved: c.numRowsRemoved,
      memoryUsedBytes: c.base.memoryBytes,
      commitTimeMs,
      stateOnCurrentVersionSizeBytes: written,
    }
  }

  /**
   * The delta file of a change log, in log order. A value that cannot be serialised fails the
   * commit, unless a later change of the same key replaced it: then the log is compacted to
   * each key's net change and encoded again (rare, so the common case needs no per-key map).
   */
  private encodeDelta(version: number, log: ChangeLog): Buffer[] {
    try {
      return this.encodeChanges(version, log)
    } catch (error) {
      if (!(error instanceof InternalError)) throw error
      return this.encodeChanges(version, compactLog(log))
    }
  }

  private encodeChanges(version: number, log: ChangeLog): Buffer[] {
    const encoder = new StateFileEncoder('delta', version, this.fileContext(version, 'delta'))
    const { keys, news } = log
    for (let i = 0; i < keys.length; i++) {
      const value = news[i]!
      if (value === ABSENT) encoder.remove(keys[i]!)
      else encoder.put(keys[i]!, value)
    }
    return encoder.finish()
  }

  private async writeSnapshot(map: StringKeyMap<StateValue>, version: number): Promise<void> {
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
    const map = new StringKeyMap<StateValue>()
    const sink = {
      put: (key: string, value: StateValue) =>
        void map.set(key, value.length === 0 ? EMPTY_STATE_VALUE : value),
      remove: (key: string) => void map.delete(key),
    }
    if (plan.snapshot !== undefined)
      await this.files.read({ version: plan.snapshot, kind: 'snapshot' }, sink)
    for (const v of plan.deltas) await this.files.read({ version: v, kind: 'delta' }, sink)
    let memoryBytes = 0
    for (const [key, value] of map) memoryBytes += estimateEntryBytes(key, value)
    return { version, map, memoryBytes, writer: undefined }
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

/** Each changed key once, with its net change (a key added and removed again drops out). */
function compactLog(log: ChangeLog): ChangeLog {
  const net = new Map<string, { first: number; last: number }>()
  for (let i = 0; i < log.keys.length; i++) {
    const seen = net.get(log.keys[i]!)
    if (seen === undefined) net.set(log.keys[i]!, { first: i, last: i })
    else seen.last = i
  }
  const keys: string[] = []
  const olds: ChangeLog['olds'][number][] = []
  const news: ChangeLog['news'][number][] = []
  for (const [key, { first, last }] of net) {
    if (log.olds[first] === ABSENT && log.news[last] === ABSENT) continue
    keys.push(key)
    olds.push(log.olds[first]!)
    news.push(log.news[last]!)
  }
  return { keys, olds, news }
}

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
import { promises as fs } from 'node:fs'
import { basename, join } from 'node:path'
import { CheckpointError, EngineError, InternalError } from '../errors/index.js'
import { writeFileAtomic } from '../internal/atomic-file.js'
import { parseJsonLine } from './checkpoint/batch-log.js'
import {
  OverlayStateStore,
  REMOVED,
  type LoadedState,
  type StoreCommit,
} from './overlay-state-store.js'
import {
  STATE_FILE_FORMAT_VERSION,
  StateFileEncoder,
  decodeStateFile,
  type StateFileKind,
} from './state-file-codec.js'
import {
  indexStateFiles,
  isSnapshotVersion,
  latestStateVersion,
  planStaleFiles,
  planStateCleanup,
  planStateLoad,
  stateFileName,
  type StateFileIndex,
  type StateFileRef,
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

/** `_metadata/format.json`. */
interface FormatMetadata {
  readonly stateFormatVersion: number
  readonly provider: string
  readonly operator: string | null
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

  constructor(
    readonly dir: string,
    options: FileStateStoreOptions = {},
  ) {
    this.snapshotInterval = options.snapshotInterval ?? 10
    this.name = options.name
    this.label = options.name ?? `the state operator in ${basename(dir)}`
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
      const index = await this.list()
      const doomed = planStateCleanup(index, latestVersion, retain)
      for (const ref of doomed) await this.remove(join(this.dir, stateFileName(ref)))
      for (const temp of index.temps) await this.remove(join(this.dir, temp))
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
    await this.ensureMetadata()
    if (this.latestOnDisk >= next) {
      for (const ref of planStaleFiles(await this.list(), next)) {
        await this.remove(join(this.dir, stateFileName(ref)))
      }
    }
    const encoder = new StateFileEncoder('delta', next, this.fileContext(next, 'delta'))
    for (const [key, change] of c.changes) {
      if (change === REMOVED) encoder.remove(key)
      else encoder.put(key, change)
    }
    const written = await this.write({ version: next, kind: 'delta' }, encoder.finish())
    this.apply(c.base, c.changes)
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

  private apply(base: LoadedState, changes: Map<string, StateValue | typeof REMOVED>): void {
    const { map } = base
    let bytes = base.memoryBytes
    if (map.size === 0) {
      // The first batch (or a state emptied by eviction): adopt the overlay instead of copying it.
      for (const [key, change] of changes) bytes += estimateEntryBytes(key, change)
      base.map = changes as Map<string, StateValue>
    } else {
      for (const [key, change] of changes) {
        const old = map.get(key)
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
      await this.write({ version, kind: 'snapshot' }, encoder.finish())
    } catch (error) {
      this.lastSnapshotError = error
    }
  }

  private async load(version: number): Promise<LoadedState> {
    const index = await this.list()
    this.latestOnDisk = latestStateVersion(index)
    await this.checkMetadata()
    const plan = planStateLoad(index, version)
    if (plan.kind === 'missing') {
      const path = join(this.dir, stateFileName(plan.file))
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
      await this.read({ version: plan.snapshot, kind: 'snapshot' }, sink)
    for (const v of plan.deltas) await this.read({ version: v, kind: 'delta' }, sink)
    let memoryBytes = 0
    for (const [key, value] of map) memoryBytes += estimateEntryBytes(key, value)
    return { version, map, memoryBytes }
  }

  private async read(
    ref: StateFileRef,
    sink: { put(key: string, value: StateValue): void; remove(key: string): void },
  ): Promise<void> {
    const path = join(this.dir, stateFileName(ref))
    const bytes = await this.io('read', path, () => fs.readFile(path))
    decodeStateFile(bytes, ref, { path, operator: this.label }, sink)
  }

  private async write(ref: StateFileRef, chunks: Buffer[]): Promise<number> {
    const path = join(this.dir, stateFileName(ref))
    const data = Buffer.concat(chunks)
    await this.io('write', path, () => writeFileAtomic(path, data, 'replace'))
    return data.length
  }

  private async list(): Promise<StateFileIndex> {
    try {
      return indexStateFiles(await fs.readdir(this.dir))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return indexStateFiles([])
      throw this.ioError('list', this.dir, error)
    }
  }

  private async remove(path: string): Promise<void> {
    await this.io('delete', path, () => fs.rm(path, { force: true }))
  }

  private metadataPath(): string {
    return join(this.dir, '_metadata', 'format.json')
  }

  /** Rejects a directory written by a newer format or by another operator. */
  private async checkMetadata(): Promise<void> {
    const path = this.metadataPath()
    let text: string
    try {
      text = await fs.readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw this.ioError('read', path, error)
    }
    const meta = parseJsonLine(text, path, 'the state format metadata') as Partial<FormatMetadata>
    const version = meta?.stateFormatVersion
    if (typeof version !== 'number' || version > STATE_FILE_FORMAT_VERSION) {
      throw new CheckpointError(
        'SL_STATE_CHECKPOINT_VERSION',
        { path, version: String(version), supported: STATE_FILE_FORMAT_VERSION },
        { path },
      )
    }
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
    this.metadataWritten = true
  }

  private async ensureMetadata(): Promise<void> {
    if (this.metadataWritten) return
    const path = this.metadataPath()
    const meta: FormatMetadata = {
      stateFormatVersion: STATE_FILE_FORMAT_VERSION,
      provider: 'file',
      operator: this.name ?? null,
    }
    await this.io('write', path, async () => {
      await fs.mkdir(join(this.dir, '_metadata'), { recursive: true })
      await writeFileAtomic(path, JSON.stringify(meta) + '\n', 'replace')
    })
    this.metadataWritten = true
  }

  private async io<T>(operation: string, path: string, op: () => Promise<T>): Promise<T> {
    try {
      return await op()
    } catch (error) {
      if (error instanceof EngineError) throw error
      throw this.ioError(operation, path, error)
    }
  }

  private ioError(operation: string, path: string, error: unknown): CheckpointError {
    return new CheckpointError(
      'SL_STATE_STORE_IO_FAILED',
      { operation, path, message: (error as Error).message },
      { path, operator: this.label, cause: error },
    )
  }

  private context(): { operator: string; path: string } {
    return { operator: this.label, path: this.dir }
  }

  private fileContext(version: number, kind: StateFileKind): { operator: string; path: string } {
    return { operator: this.label, path: join(this.dir, stateFileName({ version, kind })) }
  }
}

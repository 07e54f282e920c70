/**
 * The files a Delta stream reads, in Delta's order (DeltaSource.getFileChanges): the initial
 * snapshot's files sorted by modification time then path, then each later commit's `add` actions
 * with `dataChange=true` in log order. Each version is framed by a base item (index -1) and an
 * end item; a batch that stops on an end item moves on to (version + 1, -1), as Delta's offsets do.
 *
 * Every commit is checked when it is read, with Delta's rules: a commit that removes files with
 * `dataChange=true` fails the stream unless `ignoreDeletes` (removes only), `ignoreChanges` or
 * `skipChangeCommits` allows it; `skipChangeCommits` passes over such a commit entirely. Commits
 * with `dataChange=false` (OPTIMIZE, compaction) add nothing, so their rows are not read twice.
 * A `metaData` action is checked against the stream's schema (schema-change-check.ts): a change
 * the stream can read with it (an added column read as null, a widened type while backfilling, a
 * relaxed nullability) passes; others fail the stream.
 */
import type { AddAction, DeltaLog, Snapshot } from '../../delta/index.js'
import { listLog, readCommit } from '../../delta/snapshot-loader.js'
import { SourceError } from '../../errors/index.js'
import type { DeltaSourceOptions } from './delta-source-options.js'
import { BASE_INDEX } from './delta-source-offset.js'
import type { SchemaChangeCheck } from './schema-change-check.js'

/** The index of the item that closes a version (never written to an offset). */
export const END_INDEX = Number.MAX_SAFE_INTEGER

/** One position of the stream: a file to read, or the base/end item of a version (`add` null). */
export interface IndexedFile {
  readonly version: number
  readonly index: number
  readonly add: AddAction | null
}

/** Where reading stops: items after this position are not produced (inclusive bound). */
export interface Position {
  readonly version: number
  readonly index: number
}

export class DeltaChanges {
  /** The checked items of commits read so far, by version (pruned by {@link forgetBefore}). */
  private readonly commits = new Map<number, readonly IndexedFile[]>()
  private snapshotItems: { version: number; items: readonly IndexedFile[] } | undefined

  constructor(
    private readonly log: DeltaLog,
    private readonly schemaCheck: SchemaChangeCheck,
    private readonly options: DeltaSourceOptions,
  ) {}

  /** The newest version in `_delta_log`, or -1 when it holds none. */
  async latestVersion(): Promise<number> {
    let latest = -1
    for (const f of await listLog(this.log.store)) latest = Math.max(latest, f.version)
    return latest
  }

  /** Every commit's version and file modification time (ms). */
  async commitTimes(): Promise<{ version: number; time: number }[]> {
    const commits = (await listLog(this.log.store)).filter((f) => f.kind === 'commit')
    return Promise.all(
      commits.map(async (f) => ({
        version: f.version,
        time: (await this.log.store.stat(f.name)).modificationTime,
      })),
    )
  }

  /**
   * The items after (fromVersion, fromIndex) — inside the snapshot of fromVersion when
   * `isInitialSnapshot` — through version `lastVersion`, and not after `bound`. With `peekNext`
   * (Trigger.AvailableNow planning, whose last version is fixed) a commit after `lastVersion`
   * that exists already is read and checked once the items reach it, and only its base item is
   * produced: Delta's scan up to the run's end offset (lastVersion + 1, -1) reads that commit.
   */
  async *items(
    fromVersion: number,
    fromIndex: number,
    isInitialSnapshot: boolean,
    lastVersion: number,
    bound?: Position,
    peekNext = false,
  ): AsyncGenerator<IndexedFile> {
    const within = (f: IndexedFile): boolean =>
      bound === undefined ||
      f.version < bound.version ||
      (f.version === bound.version && f.index <= bound.index)
    let version = fromVersion
    if (isInitialSnapshot) {
      for (const f of await this.snapshotFiles(fromVersion)) {
        if (f.index <= fromIndex) continue
        if (!within(f)) return
        yield f
      }
      version++
    }
    for (; version <= lastVersion; version++) {
      // A batch ending at the base of a version does not read that version at all (Delta).
      if (
        bound &&
        (version > bound.version || (version === bound.version && bound.index === BASE_INDEX))
      )
        return
      for (const f of await this.commitFiles(version)) {
        if (version === fromVersion && f.index <= fromIndex) continue
        if (!within(f)) return
        yield f
      }
    }
    if (peekNext && bound === undefined && (await this.latestVersion()) > version - 1) {
      const next = (await this.commitFiles(version))[0]!
      if (version > fromVersion || (version === fromVersion && fromIndex < BASE_INDEX)) yield next
    }
  }

  /** Checks the `metaData` actions of the commits `from`..`to` (Delta's collectMetadataActions). */
  async checkMetadataBetween(from: number, to: number): Promise<void> {
    for (let version = from; version <= to; version++) {
      if (this.commits.has(version)) continue
      const actions = await readCommit(this.log.store, version).catch((cause: unknown) => {
        if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return []
        throw cause
      })
      for (const a of actions) if ('metaData' in a) this.schemaCheck.check(a.metaData, version)
    }
  }

  /** Drops cached commits before `version` (they are committed downstream). */
  forgetBefore(version: number): void {
    for (const v of this.commits.keys()) if (v < version) this.commits.delete(v)
    if (this.snapshotItems && this.snapshotItems.version < version - 1)
      this.snapshotItems = undefined
  }

  private async snapshotFiles(version: number): Promise<readonly IndexedFile[]> {
    if (this.snapshotItems?.version === version) return this.snapshotItems.items
    const snapshot: Snapshot = await this.log.snapshot(version)
    const files = [...snapshot.files].sort(
      (a, b) =>
        a.modificationTime - b.modificationTime || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
    )
    const items = frame(version, files)
    this.snapshotItems = { version, items }
    return items
  }

  private async commitFiles(version: number): Promise<readonly IndexedFile[]> {
    const cached = this.commits.get(version)
    if (cached) return cached
    const actions = await readCommit(this.log.store, version).catch(async (cause: unknown) => {
      if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw cause
      // Log clean-up (delta.logRetentionDuration) removed it: the stream cannot read its files.
      const commits = (await listLog(this.log.store)).filter((f) => f.kind === 'commit')
      const earliest = Math.min(...commits.map((f) => f.version))
      throw new SourceError(
        'SL_SOURCE_DELTA_COMMIT_MISSING',
        {
          path: this.log.tablePath,
          version,
          earliest: Number.isFinite(earliest) ? earliest : 'none',
        },
        { path: this.log.tablePath, cause },
      )
    })
    const { ignoreDeletes, ignoreChanges, skipChangeCommits } = this.options
    const path = this.log.tablePath
    const adds: AddAction[] = []
    let removed: string | undefined
    for (const a of actions) {
      if ('add' in a) {
        if (a.add.dataChange) adds.push(a.add)
      } else if ('remove' in a) {
        if (a.remove.dataChange) removed ??= a.remove.path
      } else if ('metaData' in a) {
        this.schemaCheck.check(a.metaData, version)
      }
    }
    let skip = false
    if (removed !== undefined) {
      const allowChanges = ignoreChanges || skipChangeCommits
      if (adds.length > 0 && !allowChanges) {
        throw new SourceError(
          'SL_SOURCE_DELTA_DATA_CHANGED',
          { path, version, file: removed },
          { path, option: 'skipChangeCommits' },
        )
      }
      if (adds.length === 0 && !allowChanges && !ignoreDeletes) {
        throw new SourceError(
          'SL_SOURCE_DELTA_DATA_DELETED',
          { path, version, file: removed },
          { path, option: 'ignoreDeletes' },
        )
      }
      skip = skipChangeCommits
    }
    const items = frame(version, skip ? [] : adds)
    this.commits.set(version, items)
    return items
  }
}

/** The items of one version: its base, its files numbered from 0, its end. */
function frame(version: number, files: readonly AddAction[]): IndexedFile[] {
  return [
    { version, index: BASE_INDEX, add: null },
    ...files.map((add, index) => ({ version, index, add })),
    { version, index: END_INDEX, add: null },
  ]
}

/**
 * Orphan data files: Parquet files a writer put into the table for a commit that never happened
 * (the process died between writing its files and committing them, or an upsert lost a conflict
 * and re-planned). No snapshot references them, so readers never see them; they only take space.
 * Delta's VACUUM deletes them after the table's `delta.deletedFileRetentionDuration` (7 days by
 * default, delta-notes §9), because it cannot tell whether another writer is still about to
 * commit them. We delete sooner, and only files we can prove dead:
 *
 * 1. the file is one `owner` wrote — its name carries the owner's hash (data-file-name.ts), and
 *    the owner is a streaming query holding its checkpoint lock, so no other writer makes such
 *    files and this one has no commit in flight while it cleans up (between batches, at start);
 * 2. no live file nor tombstone of the snapshot names it, the snapshot being read after the
 *    listing, so a commit that landed during the listing is seen;
 * 3. it was last modified more than `retentionMs` ago (default 1 hour: room for a stale run of
 *    the same query, e.g. a hung process whose lock was taken over, to finish a commit);
 * 4. it was last modified less than the table's `deletedFileRetentionDuration` ago. A file that
 *    was committed and later removed keeps its tombstone (rule 2) until that long after its
 *    removal, hence after its writing; anything older is VACUUM's to judge, never ours.
 *
 * Hidden and `_` folders (`_delta_log`, `_change_data`) are never entered, as VACUUM does, and
 * only `<column>=<value>` folders as deep as the table has partition columns. The leftover temp
 * files of interrupted log writes in `_delta_log` go too (stale-temp-files.ts).
 */
import { promises as fs, type Dirent } from 'node:fs'
import path from 'node:path'
import { removeStaleTempFiles } from '../internal/stale-temp-files.js'
import { isDataFileOf } from './data-file-name.js'
import type { Snapshot } from './snapshot.js'
import { canonicalPath } from './table-state.js'

/** A data file found in the table's folders. @internal */
export interface ListedDataFile {
  /** Relative to the table root, `/`-separated. */
  readonly path: string
  readonly mtimeMs: number
}

/** What may be deleted. @internal */
export interface OrphanRule {
  /** Only files last modified before this instant (now − retention). */
  readonly modifiedBeforeMs: number
  /** Only files last modified after this instant (now − deletedFileRetentionDuration). */
  readonly modifiedAfterMs: number
}

/** Options of {@link removeOrphanFiles}. @internal */
export interface OrphanCleanupOptions {
  /** Whose files: the streaming sink's txn appId. */
  readonly owner: string
  /** How old an orphan must be (ms since its last modification). */
  readonly retentionMs: number
  readonly now?: number
}

/** What a cleanup removed. @internal */
export interface OrphanCleanupResult {
  /** Absolute paths of the data files deleted. */
  readonly dataFiles: readonly string[]
  /** Absolute paths of the `_delta_log` temp files deleted. */
  readonly tempFiles: readonly string[]
  readonly durationMs: number
}

/**
 * The listed files that are orphans under `rule`: referenced by no path in `referenced`
 * (canonical paths relative to the table root). Pure. @internal
 */
export function selectOrphanFiles(
  listed: readonly ListedDataFile[],
  referenced: ReadonlySet<string>,
  rule: OrphanRule,
): string[] {
  return listed
    .filter(
      (f) =>
        !referenced.has(f.path) &&
        f.mtimeMs < rule.modifiedBeforeMs &&
        f.mtimeMs > rule.modifiedAfterMs,
    )
    .map((f) => f.path)
}

/** Paths of the snapshot's live files and tombstones, relative to the table root. @internal */
export function referencedPaths(snapshot: Snapshot): Set<string> {
  const root = path.resolve(snapshot.tablePath)
  const out = new Set<string>()
  for (const a of [...snapshot.files, ...snapshot.tombstones]) {
    const p = canonicalPath(a.path)
    out.add(path.isAbsolute(p) ? path.relative(root, p).split(path.sep).join('/') : p)
  }
  return out
}

/**
 * Deletes `options.owner`'s orphan data files in the table at `tablePath` and the stale temp
 * files of its `_delta_log`. `loadSnapshot` must return the latest snapshot; it is called after
 * the folders were listed. @internal
 */
export async function removeOrphanFiles(
  tablePath: string,
  loadSnapshot: () => Promise<Snapshot>,
  options: OrphanCleanupOptions,
): Promise<OrphanCleanupResult> {
  const started = performance.now()
  const now = options.now ?? Date.now()
  const tempFiles = await removeStaleTempFiles(
    path.join(tablePath, '_delta_log'),
    options.retentionMs,
    {
      now,
    },
  )
  let snapshot = await loadSnapshot()
  if (!snapshot.exists) return { dataFiles: [], tempFiles, durationMs: performance.now() - started }
  const owned = await listOwnedFiles(tablePath, options.owner, snapshot.partitionColumns.length)
  snapshot = await loadSnapshot()
  const referenced = referencedPaths(snapshot)
  // Only unreferenced files need their age: one stat each, not one per file of the table.
  const listed: ListedDataFile[] = []
  for (const relative of owned.filter((p) => !referenced.has(p))) {
    const stat = await fs.stat(path.join(tablePath, ...relative.split('/'))).catch(() => undefined)
    if (stat !== undefined) listed.push({ path: relative, mtimeMs: stat.mtimeMs })
  }
  const orphans = selectOrphanFiles(listed, referenced, {
    modifiedBeforeMs: now - options.retentionMs,
    modifiedAfterMs: now - snapshot.tableProperties.deletedFileRetentionMs,
  })
  const dataFiles: string[] = []
  for (const relative of orphans) {
    const absolute = path.join(tablePath, ...relative.split('/'))
    await fs.rm(absolute, { force: true })
    dataFiles.push(absolute)
  }
  return { dataFiles, tempFiles, durationMs: performance.now() - started }
}

/** The data files `owner` wrote (relative paths), in the table root and its partition folders. */
async function listOwnedFiles(
  tablePath: string,
  owner: string,
  partitionDepth: number,
): Promise<string[]> {
  const out: string[] = []
  const walk = async (dir: string, relative: string, depth: number): Promise<void> => {
    let entries: Dirent[]
    try {
      entries = await fs.readdir(dir, { withFileTypes: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw error
    }
    for (const entry of entries) {
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`
      if (entry.isDirectory()) {
        const hidden = entry.name.startsWith('.') || entry.name.startsWith('_')
        if (depth < partitionDepth && entry.name.includes('=') && !hidden)
          await walk(path.join(dir, entry.name), rel, depth + 1)
      } else if (entry.isFile() && isDataFileOf(entry.name, owner)) out.push(rel)
    }
  }
  await walk(tablePath, '', 0)
  return out
}

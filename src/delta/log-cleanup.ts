/**
 * Expired log clean-up (PROTOCOL.md §Metadata Cleanup; Spark's `MetadataCleanup`, run after each
 * checkpoint when `delta.enableExpiredLogCleanup` is true):
 *
 * 1. cut-off = midnight UTC of (now − `delta.logRetentionDuration`, default 30 days) — Spark
 *    truncates to the day so that clean-up runs at most once a day's worth;
 * 2. the newest commit file last modified at or before the cut-off, then the newest complete
 *    checkpoint not newer than that commit: the table stays readable from there on;
 * 3. every commit, checkpoint, `.crc` and log compaction file of an older version is deleted —
 *    never the chosen checkpoint, nor anything after it, nor data files (VACUUM's job).
 *
 * A checkpoint last modified within `delta.checkpointRetentionDuration` (2 days) is kept even when
 * older than the cut-off checkpoint. Time travel to a deleted version then fails with
 * SL_DELTA_VERSION_NOT_FOUND, and a Delta stream that still needs one with
 * SL_SOURCE_DELTA_COMMIT_MISSING. Files are deleted oldest first, so a crash half-way leaves a
 * log that still starts at a checkpoint or at version 0.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { parseLogFileName } from './log-file-names.js'
import type { LogStore } from './log-store.js'
import type { TableProperties } from './table-properties.js'

const DAY_MS = 86_400_000

/** A `_delta_log` file with the version it belongs to. @internal */
export interface VersionedLogFile {
  readonly name: string
  readonly version: number
  readonly kind: 'commit' | 'checkpoint' | 'other'
  /** For checkpoints: part and number of parts (1/1 for single-file and V2 checkpoints). */
  readonly part?: number
  readonly parts?: number
  readonly mtimeMs: number
}

const CRC = /^(\d{20})\.crc$/
const COMPACTION = /^(\d{20})\.(\d{20})\.compacted\.json$/

/** The cut-off of a clean-up at `now`: midnight UTC of now − retention. @internal */
export function cleanupCutoff(now: number, logRetentionMs: number): number {
  const t = now - logRetentionMs
  return Math.floor(t / DAY_MS) * DAY_MS
}

/**
 * The names of the files to delete, oldest version first. Pure. `checkpointKeepAfterMs`:
 * checkpoints modified after this instant are kept. @internal
 */
export function planLogCleanup(
  files: readonly VersionedLogFile[],
  cutoffMs: number,
  checkpointKeepAfterMs = Infinity,
): string[] {
  let cutOffCommit = -1
  for (const f of files)
    if (f.kind === 'commit' && f.mtimeMs <= cutoffMs)
      cutOffCommit = Math.max(cutOffCommit, f.version)
  if (cutOffCommit < 0) return []
  const parts = new Map<number, Set<number>>()
  const expected = new Map<number, number>()
  for (const f of files) {
    if (f.kind !== 'checkpoint' || f.version > cutOffCommit) continue
    const seen = parts.get(f.version) ?? new Set<number>()
    seen.add(f.part ?? 1)
    parts.set(f.version, seen)
    expected.set(f.version, f.parts ?? 1)
  }
  let cutOffCheckpoint = -1
  for (const [v, seen] of parts)
    if (seen.size === expected.get(v) && v > cutOffCheckpoint) cutOffCheckpoint = v
  if (cutOffCheckpoint <= 0) return []
  return files
    .filter(
      (f) =>
        f.version < cutOffCheckpoint &&
        !(f.kind === 'checkpoint' && f.mtimeMs > checkpointKeepAfterMs),
    )
    .sort((a, b) => a.version - b.version || kindOrder(a) - kindOrder(b))
    .map((f) => f.name)
}

// Within one version: checkpoint and side files before the commit, so a reader never finds a
// commit whose older files are gone while a checkpoint of the same version is.
function kindOrder(f: VersionedLogFile): number {
  return f.kind === 'commit' ? 1 : 0
}

/** What one clean-up deleted. */
export interface LogCleanupResult {
  readonly deleted: readonly string[]
  readonly cutoffMs: number
}

/** Deletes the expired log files of the table of `store`; see the module comment. */
export async function cleanupExpiredLogs(
  store: LogStore,
  properties: TableProperties,
  now: number,
): Promise<LogCleanupResult> {
  const cutoffMs = cleanupCutoff(now, properties.logRetentionMs)
  const listed: Omit<VersionedLogFile, 'mtimeMs'>[] = []
  for (const name of await store.list()) {
    const parsed = parseLogFileName(name)
    const crc = CRC.exec(name)
    const compaction = COMPACTION.exec(name)
    if (parsed?.kind === 'commit') listed.push({ name, version: parsed.version, kind: 'commit' })
    else if (parsed?.kind === 'checkpoint')
      listed.push({
        name,
        version: parsed.version,
        kind: 'checkpoint',
        part: parsed.part,
        parts: parsed.parts,
      })
    else if (parsed?.kind === 'v2-checkpoint')
      listed.push({ name, version: parsed.version, kind: 'checkpoint', part: 1, parts: 1 })
    else if (crc) listed.push({ name, version: Number(crc[1]), kind: 'other' })
    else if (compaction) listed.push({ name, version: Number(compaction[2]), kind: 'other' })
  }
  // Only the times that matter are read: commits oldest first up to the first one after the
  // cut-off (commit times grow with versions; stopping early only keeps more), then the
  // checkpoints at or below the last expired commit. A log of months holds ~10^5 files.
  const mtime = async (name: string): Promise<number | undefined> =>
    (await fs.stat(path.join(store.logDir, name)).catch(() => undefined))?.mtimeMs
  const files: VersionedLogFile[] = []
  let lastExpired = -1
  for (const f of listed.filter((f) => f.kind === 'commit').sort((a, b) => a.version - b.version)) {
    const t = await mtime(f.name)
    if (t === undefined) continue
    if (t > cutoffMs) break
    files.push({ ...f, mtimeMs: t })
    lastExpired = f.version
  }
  if (lastExpired < 0) return { deleted: [], cutoffMs }
  for (const f of listed) {
    if (f.kind === 'commit' || f.version > lastExpired) continue
    const t = f.kind === 'checkpoint' ? await mtime(f.name) : 0
    if (t !== undefined) files.push({ ...f, mtimeMs: t })
  }
  const doomed = planLogCleanup(files, cutoffMs, now - properties.checkpointRetentionMs)
  for (const name of doomed) await fs.rm(path.join(store.logDir, name), { force: true })
  return { deleted: doomed, cutoffMs }
}

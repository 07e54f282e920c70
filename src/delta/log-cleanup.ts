/**
 * Expired log clean-up, as Delta's `MetadataCleanup.cleanUpExpiredLogs` does it (run after each
 * checkpoint when `delta.enableExpiredLogCleanup` is true; PROTOCOL.md §Metadata Cleanup):
 *
 * 1. cut-off = midnight UTC of (now − `delta.logRetentionDuration`, default 30 days). Delta
 *    truncates to the day (`TruncationGranularity.DAY`; HOUR and MINUTE exist only for DROP
 *    FEATURE … TRUNCATE HISTORY), so the log keeps between the retention and the retention plus
 *    one day of commits;
 * 2. the expired commits: oldest first, up to the first commit file last modified after the
 *    cut-off (Delta's `BufferingLogDeletionIterator` raises a file time that is not later than the
 *    previous file's, so nothing after a young commit expires);
 * 3. everything (commits, checkpoints, `.crc`, log compaction files) below the newest complete
 *    checkpoint N whose preceding commit N − 1 expired is deleted — Delta flushes its buffer of
 *    deletable files at each checkpoint when the file before it expired. (The PROTOCOL text keeps
 *    one more commit: it wants the checkpoint at or below the newest expired commit; Spark's code,
 *    which writes the tables we share, is the rule here.) The checkpoint N and all after it stay,
 *    so the table is readable from there; data files are never touched (VACUUM's job).
 *
 * `delta.checkpointRetentionDuration` plays no part: Delta reads it only for the text of its
 * truncated-log error. Time travel to a deleted version then fails with
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
  /** For checkpoints: bytes; an empty file is not a checkpoint (Delta skips length 0). */
  readonly size?: number
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
 * The names of the files to delete, oldest version first. Pure. Commit times are read as Delta
 * reads them: a commit not later than the previous one counts as later, so the expired commits
 * are a prefix of the versions. @internal
 */
export function planLogCleanup(files: readonly VersionedLogFile[], cutoffMs: number): string[] {
  let cutOffCommit = -1
  let last = -Infinity
  for (const f of files.filter((f) => f.kind === 'commit').sort((a, b) => a.version - b.version)) {
    last = Math.max(f.mtimeMs, last + 1)
    if (last > cutoffMs) break
    cutOffCommit = f.version
  }
  if (cutOffCommit < 0) return []
  const parts = new Map<number, Set<number>>()
  const expected = new Map<number, number>()
  for (const f of files) {
    if (f.kind !== 'checkpoint' || f.version > cutOffCommit + 1 || f.size === 0) continue
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
    .filter((f) => f.version < cutOffCheckpoint)
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
  // cut-off (times count as increasing, see planLogCleanup), then the sizes of the checkpoints up
  // to one past the last expired commit. A log of months holds ~10^5 files.
  const stat = (name: string) => fs.stat(path.join(store.logDir, name)).catch(() => undefined)
  const files: VersionedLogFile[] = []
  let lastExpired = -1
  let last = -Infinity
  for (const f of listed.filter((f) => f.kind === 'commit').sort((a, b) => a.version - b.version)) {
    const s = await stat(f.name)
    if (s === undefined) continue
    last = Math.max(s.mtimeMs, last + 1)
    if (last > cutoffMs) break
    files.push({ ...f, mtimeMs: s.mtimeMs })
    lastExpired = f.version
  }
  if (lastExpired < 0) return { deleted: [], cutoffMs }
  for (const f of listed) {
    if (f.kind === 'commit' || f.version > lastExpired + 1) continue
    if (f.kind !== 'checkpoint') files.push({ ...f, mtimeMs: 0 })
    else {
      const s = await stat(f.name)
      if (s !== undefined) files.push({ ...f, size: s.size, mtimeMs: s.mtimeMs })
    }
  }
  const doomed = planLogCleanup(files, cutoffMs)
  for (const name of doomed) await fs.rm(path.join(store.logDir, name), { force: true })
  return { deleted: doomed, cutoffMs }
}

/**
 * Chooses which log files make up a snapshot (PROTOCOL.md §Checkpoints, §Action Reconciliation):
 * the newest *complete* checkpoint at or below the target version (classic, every part of a
 * multi-part set, or a UUID-named V2 checkpoint), then every JSON commit after it. Pure: it works on a directory listing so that every listing shape can be tested without I/O.
 * `_last_checkpoint` is deliberately not an input: it is only a hint and may be stale or corrupt.
 */
import { EngineError } from '../errors/index.js'
import type { LogFileName } from './log-file-names.js'

/** The files to replay for one version. */
export interface LogSegment {
  /** The snapshot version. */
  version: number
  /** Files of the chosen checkpoint (several for multi-part), or empty when replaying from 0. */
  checkpointFiles: string[]
  /** Version of the chosen checkpoint, or -1. */
  checkpointVersion: number
  /** Commit versions to apply after the checkpoint, ascending and contiguous. */
  commits: number[]
}

/**
 * Builds the segment for `target` (the newest version when undefined), or returns undefined when
 * the listing holds no commit and no checkpoint (the table does not exist).
 */
export function buildLogSegment(
  tablePath: string,
  files: readonly LogFileName[],
  target?: number,
): LogSegment | undefined {
  const commits = new Set<number>()
  const checkpoints = new Map<number, LogFileName[]>()
  let latest = -1
  for (const f of files) {
    if (f.kind === 'commit') commits.add(f.version)
    else checkpoints.set(f.version, [...(checkpoints.get(f.version) ?? []), f])
    latest = Math.max(latest, f.version)
  }
  if (latest < 0) return undefined
  const version = target ?? latest
  const earliest = Math.min(...commits, ...checkpoints.keys())
  if (version > latest || version < 0) {
    throw versionNotFound(
      tablePath,
      version,
      earliest,
      latest,
      'it is newer than the latest commit',
    )
  }
  const chosen = newestCompleteCheckpoint(checkpoints, version)
  const start = chosen ? chosen.version + 1 : 0
  const replay: number[] = []
  const missing: number[] = []
  for (let v = start; v <= version; v++) {
    if (commits.has(v)) replay.push(v)
    else missing.push(v)
  }
  if (missing.length > 0) {
    const oldestCommit = Math.min(...commits)
    if (missing.every((v) => v < oldestCommit)) {
      // Only the oldest commits are gone: log cleanup ran, this version is no longer reconstructable.
      throw versionNotFound(
        tablePath,
        version,
        earliest,
        latest,
        'its commit files were cleaned up and no checkpoint covers it',
      )
    }
    throw new EngineError('SL_DELTA_VERSIONS_NOT_CONTIGUOUS', {
      path: tablePath,
      versions: `${describeRange(start, version)} expected, missing ${summarize(missing)}`,
    })
  }
  return {
    version,
    checkpointFiles: chosen ? chosen.files : [],
    checkpointVersion: chosen ? chosen.version : -1,
    commits: replay,
  }
}

function newestCompleteCheckpoint(
  checkpoints: Map<number, LogFileName[]>,
  target: number,
): { version: number; files: string[] } | undefined {
  const versions = [...checkpoints.keys()].filter((v) => v <= target).sort((a, b) => b - a)
  for (const v of versions) {
    const entries = checkpoints.get(v)!
    const classic = entries.find((e) => e.kind === 'checkpoint' && e.parts === 1)
    if (classic) return { version: v, files: [classic.name] }
    // A multi-part set counts only when every part of one set is present (DELTA_MISSING_PART_FILES).
    const byParts = new Map<number, Map<number, string>>()
    for (const e of entries) {
      if (e.kind !== 'checkpoint') continue
      const set = byParts.get(e.parts) ?? new Map<number, string>()
      set.set(e.part, e.name)
      byParts.set(e.parts, set)
    }
    for (const [parts, set] of byParts) {
      if (set.size === parts)
        return { version: v, files: [...set.keys()].sort((a, b) => a - b).map((p) => set.get(p)!) }
    }
    // A UUID-named V2 checkpoint is one complete file (its sidecars are referenced from inside).
    const v2 = entries
      .filter((e) => e.kind === 'v2-checkpoint')
      .map((e) => e.name)
      .sort()
    if (v2.length > 0) return { version: v, files: [v2[0]!] }
  }
  return undefined
}

function versionNotFound(
  path: string,
  version: number,
  earliest: number,
  latest: number,
  reason: string,
): EngineError {
  return new EngineError('SL_DELTA_VERSION_NOT_FOUND', { path, version, reason, earliest, latest })
}

function describeRange(from: number, to: number): string {
  return from === to ? `${from}` : `${from}..${to}`
}

function summarize(versions: number[]): string {
  const shown = versions.slice(0, 5).join(', ')
  return versions.length > 5 ? `${shown} and ${versions.length - 5} more` : shown
}

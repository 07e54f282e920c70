/**
 * RESTORE, as Delta's `RestoreTableCommand`: one commit that makes the latest version hold the
 * files of an older one again — `add` (dataChange=true) for each file of the target version the
 * table no longer has, `remove` for each live file the target did not have, and the target's
 * schema and properties when they differ. The protocol is never downgraded. Before committing,
 * every file to add must still exist (VACUUM may have deleted it): otherwise
 * SL_DELTA_RESTORE_FILES_MISSING, as Spark refuses ("Not all files from version … are
 * available"). Operation `RESTORE` with Spark's parameters and metrics.
 *
 * `versionAtTimestamp` is Delta's timestamp time travel: the newest version whose commit file was
 * last modified at or before the timestamp (delta-notes §7: the file time, not commitInfo).
 */
import { promises as fs } from 'node:fs'
import { EngineError } from '../errors/index.js'
import type { Action, AddAction } from './actions.js'
import type { DeltaLog } from './delta-log.js'
import { removeWithTimestamp, resolveDataPath } from './file-reader.js'
import { commitFileName } from './log-file-names.js'
import { listLog } from './snapshot-loader.js'
import { fileKey } from './table-state.js'

/** What a restore did (Spark's RESTORE result columns). */
export interface RestoreResult {
  /** The committed version (undefined when the table already had the target's files). */
  readonly version: number | undefined
  readonly tableSizeAfterRestore: number
  readonly numOfFilesAfterRestore: number
  readonly numRemovedFiles: number
  readonly numRestoredFiles: number
  readonly removedFilesSize: number
  readonly restoredFilesSize: number
}

/** Which version to restore: a version, or a timestamp (ms) with its text for the log. */
export type RestoreTarget = { version: number } | { timestampMs: number; timestamp: string }

/** Restores the table of `log` to `target`; see the module comment. */
export async function restoreTable(log: DeltaLog, target: RestoreTarget): Promise<RestoreResult> {
  const latest = await log.snapshot()
  if (!latest.exists)
    throw new EngineError(
      'SL_DELTA_TABLE_NOT_FOUND',
      { path: log.tablePath },
      { path: log.tablePath },
    )
  const version =
    'version' in target ? target.version : await versionAtTimestamp(log, target.timestampMs)
  const old = await log.snapshot(version)
  const current = new Map(latest.files.map((f) => [fileKey(f.path, f.deletionVector), f]))
  const wanted = new Map(old.files.map((f) => [fileKey(f.path, f.deletionVector), f]))
  const toAdd = [...wanted].filter(([k]) => !current.has(k)).map(([, f]) => f)
  const toRemove = [...current].filter(([k]) => !wanted.has(k)).map(([, f]) => f)
  const missing: string[] = []
  for (const f of toAdd) {
    const file = resolveDataPath(log.tablePath, f.path)
    if (!(await fs.stat(file).catch(() => undefined))) missing.push(f.path)
  }
  if (missing.length > 0)
    throw new EngineError(
      'SL_DELTA_RESTORE_FILES_MISSING',
      {
        path: log.tablePath,
        version,
        count: missing.length,
        files: missing.slice(0, 5).join(', ') + (missing.length > 5 ? ', …' : ''),
      },
      { path: log.tablePath },
    )
  const size = (files: readonly AddAction[]): number => files.reduce((n, f) => n + f.size, 0)
  const result = {
    tableSizeAfterRestore: size(old.files),
    numOfFilesAfterRestore: old.files.length,
    numRemovedFiles: toRemove.length,
    numRestoredFiles: toAdd.length,
    removedFilesSize: size(toRemove),
    restoredFilesSize: size(toAdd),
  }
  const now = log.now()
  const actions: Action[] = [
    ...toAdd.map((f) => ({ add: { ...f, dataChange: true, modificationTime: now } })),
    ...toRemove.map((f) => ({ remove: removeWithTimestamp(f, now, true) })),
  ]
  if (JSON.stringify(old.metadata) !== JSON.stringify(latest.metadata))
    actions.unshift({ metaData: { ...old.metadata, id: latest.metadata.id } })
  if (actions.length === 0) return { version: undefined, ...result }
  const txn = await log.startTransaction(latest)
  const committed = await txn.commit(actions, {
    name: 'RESTORE',
    parameters:
      'version' in target ? { version: String(version) } : { timestamp: target.timestamp },
    metrics: Object.fromEntries(Object.entries(result).map(([k, v]) => [k, String(v)])),
    isBlindAppend: false,
    readWholeTable: true,
  })
  return { version: committed, ...result }
}

/** The newest version committed at or before `timestampMs` (commit file modification time). */
export async function versionAtTimestamp(log: DeltaLog, timestampMs: number): Promise<number> {
  const versions = (await listLog(log.store))
    .filter((f) => f.kind === 'commit')
    .map((f) => f.version)
    .sort((a, b) => a - b)
  let found: number | undefined
  let earliestMs = Infinity
  let latestMs = -Infinity
  for (const v of versions) {
    const t = (await log.store.stat(commitFileName(v))).modificationTime
    earliestMs = Math.min(earliestMs, t)
    latestMs = Math.max(latestMs, t)
    if (t <= timestampMs) found = v
  }
  if (found === undefined || timestampMs > latestMs)
    throw new EngineError(
      'SL_DELTA_TIMESTAMP_NOT_FOUND',
      {
        path: log.tablePath,
        timestamp: new Date(timestampMs).toISOString(),
        earliest: Number.isFinite(earliestMs) ? new Date(earliestMs).toISOString() : 'none',
        latest: Number.isFinite(latestMs) ? new Date(latestMs).toISOString() : 'none',
      },
      { path: log.tablePath },
    )
  return found
}

/**
 * Commit history from `commitInfo` actions (like Spark's DESCRIBE HISTORY and delta-rs
 * `history()`), for `streamlake table history`. Only versions whose commit file still exists are
 * listed (log cleanup removes old ones); a commit without commitInfo still gets an entry, with the
 * file's modification time as timestamp.
 */
import type { CommitInfoAction } from './actions.js'
import { commitFileName } from './log-file-names.js'
import type { LogStore } from './log-store.js'
import { listLog, readCommit } from './snapshot-loader.js'

/** One commit of the history. */
export interface HistoryEntry {
  version: number
  /** commitInfo.timestamp, or the commit file's modification time (ms). */
  timestamp: number
  operation: string
  operationParameters: Record<string, string>
  operationMetrics: Record<string, string>
  readVersion?: number
  isBlindAppend?: boolean
  isolationLevel?: string
  engineInfo?: string
  /** The first app transaction of the commit (a streaming batch: appId = query id, version = batch id). */
  txn?: { appId: string; version: number }
  numAddedFiles: number
  numRemovedFiles: number
  /** The raw commitInfo, when present. */
  commitInfo?: CommitInfoAction
}

/** Reads the history, newest first, at most `limit` entries. */
export async function readHistory(store: LogStore, limit?: number): Promise<HistoryEntry[]> {
  const versions = (await listLog(store))
    .filter((f) => f.kind === 'commit')
    .map((f) => f.version)
    .sort((a, b) => b - a)
    .slice(0, limit ?? Infinity)
  return Promise.all(versions.map((v) => historyEntry(store, v)))
}

async function historyEntry(store: LogStore, version: number): Promise<HistoryEntry> {
  const actions = await readCommit(store, version)
  let info: CommitInfoAction | undefined
  let txn: HistoryEntry['txn']
  let numAddedFiles = 0
  let numRemovedFiles = 0
  for (const a of actions) {
    if ('commitInfo' in a) info ??= a.commitInfo
    else if ('txn' in a) txn ??= { appId: a.txn.appId, version: a.txn.version }
    else if ('add' in a) numAddedFiles++
    else if ('remove' in a) numRemovedFiles++
  }
  const timestamp =
    typeof info?.timestamp === 'number'
      ? info.timestamp
      : (await store.stat(commitFileName(version))).modificationTime
  const entry: HistoryEntry = {
    version,
    timestamp,
    operation: typeof info?.operation === 'string' ? info.operation : 'UNKNOWN',
    operationParameters: asStrings(info?.operationParameters),
    operationMetrics: asStrings(info?.operationMetrics),
    numAddedFiles,
    numRemovedFiles,
  }
  if (typeof info?.readVersion === 'number') entry.readVersion = info.readVersion
  if (typeof info?.isBlindAppend === 'boolean') entry.isBlindAppend = info.isBlindAppend
  if (typeof info?.isolationLevel === 'string') entry.isolationLevel = info.isolationLevel
  if (typeof info?.engineInfo === 'string') entry.engineInfo = info.engineInfo
  if (txn) entry.txn = txn
  if (info) entry.commitInfo = info
  return entry
}

// Old Spark versions and other engines wrote non-string parameter values.
function asStrings(map: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (typeof map !== 'object' || map === null) return out
  for (const [k, v] of Object.entries(map)) out[k] = typeof v === 'string' ? v : JSON.stringify(v)
  return out
}

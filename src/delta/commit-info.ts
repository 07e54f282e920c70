/**
 * The `commitInfo` action written first in every commit (delta-notes §3.6). Field types follow what
 * Spark and delta-rs parse: `timestamp` a number of ms, string-valued `operationParameters` and
 * `operationMetrics`, `isolationLevel` one of the enum values, `readVersion` omitted for version 0.
 * delta-rs `history()` lists only commits that carry one, so every commit gets it.
 */
import type { CommitInfoAction } from './actions.js'
import { ENGINE_INFO } from './engine-info.js'

/** Describes the operation a commit performs. */
export interface CommitOperation {
  /** e.g. `STREAMING UPDATE`, `WRITE`, `CREATE TABLE`, `OPTIMIZE`. */
  name: string
  parameters: Record<string, string>
  metrics?: Record<string, string>
  /** Overrides the computed blind-append flag (adds only, nothing read). */
  isBlindAppend?: boolean
  /** True when the result depends on every file of the table (Complete mode, overwrite). */
  readWholeTable?: boolean
  /** `commitInfo.userMetadata` (the writer option `userMetadata`), shown by DESCRIBE HISTORY. */
  userMetadata?: string
  /**
   * `commitInfo.isolationLevel` (default Serializable). Spark writes SnapshotIsolation for
   * OPTIMIZE and VACUUM, whose commits change no data.
   */
  isolationLevel?: 'Serializable' | 'WriteSerializable' | 'SnapshotIsolation'
}

/** Builds the commitInfo for a commit based on `readVersion` (-1 when creating the table). */
export function buildCommitInfo(
  operation: CommitOperation,
  readVersion: number,
  isBlindAppend: boolean,
  txnId: string,
  timestamp: number,
): CommitInfoAction {
  const info: CommitInfoAction = {
    timestamp,
    operation: operation.name,
    operationParameters: stringValues(operation.parameters),
  }
  if (readVersion >= 0) info.readVersion = readVersion
  info.isolationLevel = operation.isolationLevel ?? 'Serializable'
  info.isBlindAppend = isBlindAppend
  info.operationMetrics = stringValues(operation.metrics ?? {})
  info.engineInfo = ENGINE_INFO
  info.txnId = txnId
  if (operation.userMetadata !== undefined) info.userMetadata = operation.userMetadata
  return info
}

// Spark types both maps Map[String,String]; a stray number would break its history reader.
function stringValues(map: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(map)) out[k] = typeof v === 'string' ? v : JSON.stringify(v)
  return out
}

/**
 * Builds snapshots from the log (PROTOCOL.md §Action Reconciliation; delta-notes §7): list
 * `_delta_log`, choose the segment (newest complete checkpoint ≤ target, then contiguous commits),
 * replay it, then check that protocol and metadata exist and that we can read the table. When a
 * previously loaded snapshot lies inside the segment, only the commits after it are replayed.
 */
import { EngineError } from '../errors/index.js'
import { parseCommitText } from './action-json.js'
import type { Action, CommitInfoAction } from './actions.js'
import { readCheckpointActions } from './checkpoint-reader.js'
import { commitFileName, parseLogFileName, type LogFileName } from './log-file-names.js'
import { buildLogSegment } from './log-segment.js'
import type { LogStore } from './log-store.js'
import { assertReadable } from './protocol-support.js'
import { Snapshot } from './snapshot.js'
import type { ActionSource } from './table-schema.js'
import { applyActions, cloneTableState, emptyTableState, type TableState } from './table-state.js'

/** The parsed `_delta_log` listing. */
export async function listLog(store: LogStore): Promise<LogFileName[]> {
  const names = await store.list()
  const out: LogFileName[] = []
  for (const n of names) {
    const parsed = parseLogFileName(n)
    if (parsed) out.push(parsed)
  }
  return out
}

/** Reads and parses the commit file of `version`. */
export async function readCommit(store: LogStore, version: number): Promise<Action[]> {
  const name = commitFileName(version)
  return parseCommitText(await store.readText(name), store.tablePath, `_delta_log/${name}`)
}

/**
 * Loads the snapshot at `version` (the latest when undefined). For a missing table the latest
 * snapshot has version -1, while an explicit version throws SL_DELTA_TABLE_NOT_FOUND.
 */
export async function loadSnapshot(
  store: LogStore,
  version?: number,
  base?: Snapshot,
): Promise<Snapshot> {
  const segment = buildLogSegment(store.tablePath, await listLog(store), version)
  if (!segment) {
    if (version !== undefined) {
      throw new EngineError(
        'SL_DELTA_TABLE_NOT_FOUND',
        { path: store.tablePath },
        { path: store.tablePath },
      )
    }
    return new Snapshot(store.tablePath, -1, emptyTableState())
  }
  if (base && base.version === segment.version && base.exists) return base
  let state: TableState
  let commits = segment.commits
  // Where the final metaData was read, named by errors about its schema (Snapshot.schema).
  let metadataSource: ActionSource | undefined
  if (
    base &&
    base.exists &&
    base.version >= segment.checkpointVersion &&
    base.version < segment.version
  ) {
    state = cloneTableState(base.state)
    metadataSource = base.metadataSource
    commits = commits.filter((v) => v > base.version)
  } else {
    state = emptyTableState()
    if (segment.checkpointFiles.length > 0) {
      applyActions(state, await readCheckpointActions(store, segment.checkpointFiles))
      metadataSource = {
        file: `_delta_log/${segment.checkpointFiles[0]!}`,
        version: segment.checkpointVersion,
      }
    }
  }
  const parsed = await Promise.all(commits.map((v) => readCommit(store, v)))
  let commitInfo: CommitInfoAction | undefined
  parsed.forEach((actions, i) => {
    applyActions(state, actions)
    const version = commits[i]!
    if (actions.some((a) => 'metaData' in a))
      metadataSource = { file: `_delta_log/${commitFileName(version)}`, version }
    if (version === segment.version) {
      const info = actions.find((a) => 'commitInfo' in a)
      commitInfo = info && 'commitInfo' in info ? info.commitInfo : undefined
    }
  })
  for (const [action, present] of [
    ['protocol', state.protocol],
    ['metaData', state.metadata],
  ] as const) {
    if (!present) {
      throw new EngineError(
        'SL_DELTA_MISSING_METADATA',
        { path: store.tablePath, action, version: segment.version },
        { path: store.tablePath },
      )
    }
  }
  assertReadable(store.tablePath, state.protocol!, state.metadata!)
  return new Snapshot(store.tablePath, segment.version, state, commitInfo, metadataSource)
}

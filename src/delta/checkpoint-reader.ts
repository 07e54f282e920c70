/**
 * Reads checkpoints (PROTOCOL.md §Checkpoints, §Checkpoint Schema, §V2 Spec, §Sidecar Files):
 * classic V1 (single file or every part of a multi-part set) and V2 (UUID-named `.json` or
 * `.parquet`, or classic-named with V2 content). In Parquet, one action per row, each action type
 * a nullable struct column; in JSON, one action per line as in a commit. A V2 checkpoint holds one
 * `checkpointMetadata` row and may move its file actions into `_delta_log/_sidecars/*.parquet`
 * files named by `sidecar` rows, which are read here too. Extra columns Spark or Databricks may
 * add (`add.stats_parsed`, `add.partitionValues_parsed`) are dropped; `commitInfo` and `cdc` never
 * appear in checkpoints.
 */
import { parseCommitText } from './action-json.js'
import { EngineError } from '../errors/index.js'
import type { Action } from './actions.js'
import type { LogStore } from './log-store.js'
import { readParquetObjects } from './parquet-row-reader.js'

const ACTION_COLUMNS = ['protocol', 'metaData', 'txn', 'add', 'remove', 'domainMetadata'] as const
const SIDECAR_DIRECTORY = '_sidecars'

/** The actions stored in the checkpoint files (all parts, in part order, then their sidecars). */
export async function readCheckpointActions(
  store: LogStore,
  files: readonly string[],
): Promise<Action[]> {
  const actions: Action[] = []
  const sidecars: string[] = []
  for (const file of files) {
    if (file.endsWith('.json')) {
      actions.push(...(await readJsonCheckpoint(store, file, sidecars)))
      continue
    }
    actions.push(...(await readParquetCheckpoint(store, file, sidecars)))
  }
  for (const sidecar of sidecars) {
    actions.push(...(await readParquetCheckpoint(store, sidecarFile(sidecar), [])))
  }
  return actions
}

async function readJsonCheckpoint(
  store: LogStore,
  file: string,
  sidecars: string[],
): Promise<Action[]> {
  const text = await readOrCorrupt(store, file, () => store.readText(file))
  for (const line of text.split('\n')) {
    if (!line.includes('"sidecar"')) continue
    const sidecar = (JSON.parse(line) as { sidecar?: { path?: unknown } }).sidecar
    if (typeof sidecar?.path === 'string') sidecars.push(sidecar.path)
  }
  return parseCommitText(text, store.tablePath, `_delta_log/${file}`)
}

// Sidecar paths are relative to _delta_log/_sidecars (PROTOCOL.md §Sidecar File Information).
function sidecarFile(sidecarPath: string): string {
  return `${SIDECAR_DIRECTORY}/${decodeURIComponent(sidecarPath)}`
}

async function readOrCorrupt<T>(store: LogStore, file: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read()
  } catch (cause) {
    throw new EngineError(
      'SL_DELTA_CORRUPT_LOG',
      {
        path: store.tablePath,
        problem: `checkpoint ${file} cannot be read (${(cause as Error).message})`,
      },
      { path: store.tablePath, cause },
    )
  }
}

async function readParquetCheckpoint(
  store: LogStore,
  file: string,
  sidecars: string[],
): Promise<Action[]> {
  const { rows } = await readOrCorrupt(store, file, async () =>
    readParquetObjects(await store.readBytes(file), [...ACTION_COLUMNS, 'sidecar']),
  )
  const actions: Action[] = []
  for (const row of rows) {
    const sidecar = row['sidecar'] as { path?: unknown } | null | undefined
    if (typeof sidecar?.path === 'string') sidecars.push(sidecar.path)
    for (const column of ACTION_COLUMNS) {
      const value = row[column]
      if (value == null) continue
      actions.push({ [column]: normalize(column, value as Record<string, unknown>) } as Action)
    }
  }
  return actions
}

function normalize(column: string, value: Record<string, unknown>): Record<string, unknown> {
  const out = plain(value) as Record<string, unknown>
  if (column === 'protocol') {
    // (1,2) checkpoints store null feature lists; the JSON form of the same protocol omits them.
    if (out['readerFeatures'] == null) delete out['readerFeatures']
    if (out['writerFeatures'] == null) delete out['writerFeatures']
  }
  if (column === 'add') {
    delete out['stats_parsed']
    delete out['partitionValues_parsed']
    out['partitionValues'] ??= {}
  }
  if (column === 'metaData') {
    out['configuration'] ??= {}
    out['partitionColumns'] ??= []
  }
  return out
}

/** Deep copy turning bigints into numbers (log numbers are longs that fit in 2^53). */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v)
  if (Array.isArray(v)) return v.map(plain)
  if (v instanceof Map)
    return Object.fromEntries([...v.entries()].map(([k, e]) => [String(k), plain(e)]))
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
    const out: Record<string, unknown> = {}
    for (const [k, e] of Object.entries(v)) out[k] = plain(e)
    return out
  }
  return v
}

/**
 * Reads classic V1 checkpoints (single file or every part of a multi-part set; PROTOCOL.md
 * §Checkpoints, §Checkpoint Schema): one action per row, each action type a nullable struct column.
 * Extra columns Spark or Databricks may add (`add.stats_parsed`, `add.partitionValues_parsed`,
 * `checkpointMetadata`, `sidecar`) are dropped; `commitInfo` and `cdc` never appear in checkpoints.
 */
import { EngineError } from '../errors/index.js'
import type { Action } from './actions.js'
import type { LogStore } from './log-store.js'
import { readParquetObjects } from './parquet-row-reader.js'

const ACTION_COLUMNS = ['protocol', 'metaData', 'txn', 'add', 'remove', 'domainMetadata'] as const

/** The actions stored in the checkpoint files (all parts, in part order). */
export async function readCheckpointActions(
  store: LogStore,
  files: readonly string[],
): Promise<Action[]> {
  const actions: Action[] = []
  for (const file of files) {
    let rows: Record<string, unknown>[]
    try {
      rows = (await readParquetObjects(await store.readBytes(file), ACTION_COLUMNS)).rows
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
    for (const row of rows) {
      for (const column of ACTION_COLUMNS) {
        const value = row[column]
        if (value == null) continue
        actions.push({ [column]: normalize(column, value as Record<string, unknown>) } as Action)
      }
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

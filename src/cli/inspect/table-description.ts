/**
 * `streamlake table describe`: what a Delta table is — schema (with nullability and struct
 * fields), partition columns, protocol, properties, live files and their size, current version,
 * and the last `txn` version per application id (for a streaming sink: query id → last batch
 * id written, the fact that makes a re-run batch a no-op). Read from the latest snapshot only.
 */
import type { HistoryEntry } from '../../delta/index.js'
import { DeltaLog } from '../../delta/index.js'
import { tableNotFoundError } from '../../sources/table-not-found-error.js'
import type { StructType } from '../../types/index.js'
import { requireDirectory } from './require-directory.js'

export interface TableDescription {
  readonly path: string
  readonly version: number
  readonly id: string
  readonly name: string | null
  readonly description: string | null
  readonly createdTime: string | null
  readonly format: string
  readonly schema: StructType
  readonly partitionColumns: readonly string[]
  readonly protocol: {
    readonly minReaderVersion: number
    readonly minWriterVersion: number
    readonly readerFeatures?: readonly string[]
    readonly writerFeatures?: readonly string[]
  }
  readonly properties: Readonly<Record<string, string>>
  readonly numFiles: number
  readonly sizeInBytes: number
  /** Rows over the live files, when every file has statistics. */
  readonly numRecords: number | null
  /** The last app transaction per appId (a streaming query's id → its last batch id). */
  readonly txns: readonly { readonly appId: string; readonly version: number }[]
  /** The newest commit: what wrote the current version. */
  readonly lastCommit: {
    readonly timestamp: string
    readonly operation: string
    readonly engineInfo: string | null
  } | null
}

/** Describes the Delta table at `path`; SL_SOURCE_TABLE_NOT_FOUND when there is none. */
export async function describeTable(path: string): Promise<TableDescription> {
  const abs = await requireDirectory(
    path,
    'Delta table directory',
    'Pass the folder that holds _delta_log/, e.g. ./data/tumbling_aggregates.',
  )
  const log = DeltaLog.forTable(abs)
  if (!(await log.tableExists())) throw await tableNotFoundError(abs)
  const snapshot = await log.snapshot()
  const meta = snapshot.metadata
  const protocol = snapshot.protocol
  const [last]: (HistoryEntry | undefined)[] = await log.history(1)
  return {
    path: abs,
    version: snapshot.version,
    id: meta.id,
    name: meta.name ?? null,
    description: meta.description ?? null,
    createdTime: typeof meta.createdTime === 'number' ? iso(meta.createdTime) : null,
    format: meta.format.provider,
    schema: snapshot.schema,
    partitionColumns: snapshot.partitionColumns,
    protocol: {
      minReaderVersion: protocol.minReaderVersion,
      minWriterVersion: protocol.minWriterVersion,
      ...(protocol.readerFeatures ? { readerFeatures: protocol.readerFeatures } : {}),
      ...(protocol.writerFeatures ? { writerFeatures: protocol.writerFeatures } : {}),
    },
    properties: snapshot.configuration,
    numFiles: snapshot.files.length,
    sizeInBytes: snapshot.files.reduce((n, f) => n + f.size, 0),
    numRecords: snapshot.numRecords ?? null,
    txns: [...snapshot.txns]
      .map(([appId, version]) => ({ appId, version }))
      .sort((a, b) => a.appId.localeCompare(b.appId)),
    lastCommit: last
      ? {
          timestamp: iso(last.timestamp),
          operation: last.operation,
          engineInfo: last.engineInfo ?? null,
        }
      : null,
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

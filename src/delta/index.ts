/**
 * streamlake's Delta Lake table library: reads and writes real Delta tables (PROTOCOL.md; see
 * /work/shared/delta-notes.md for the decisions). It owns the log (snapshots, checkpoints,
 * optimistic commits) and the Parquet data files. It must not import anything from the engine:
 * only `../types/` and `../errors/`.
 */
export type {
  Action,
  ActionName,
  AddAction,
  CdcAction,
  CommitInfoAction,
  DeletionVectorDescriptor,
  DomainMetadataAction,
  MetadataAction,
  ProtocolAction,
  RemoveAction,
  TxnAction,
} from './actions.js'
export type { CheckpointInfo } from './checkpoint-writer.js'
export type { CommitOperation } from './commit-info.js'
export {
  encodeParquetRows,
  writeDataFile,
  writePackedDataFile,
  type WriteDataFileOptions,
} from './data-file-writer.js'
export { DeltaLog, type DeltaLogOptions } from './delta-log.js'
export { readFileRows, removeWithTimestamp } from './file-reader.js'
export { ENGINE_INFO } from './engine-info.js'
export { cleanupExpiredLogs, type LogCleanupResult } from './log-cleanup.js'
export {
  DEFAULT_OPTIMIZE_FILE_SIZE,
  optimizeTable,
  type FileSizeSummary,
  type OptimizeMetrics,
  type OptimizeOptions,
  type OptimizeResult,
} from './optimize.js'
export {
  restoreTable,
  versionAtTimestamp,
  type RestoreResult,
  type RestoreTarget,
} from './restore.js'
export { vacuumTable, type VacuumOptions, type VacuumResult } from './vacuum.js'
export { newTableMetadata, type NewTableMetadataOptions } from './new-table-metadata.js'
export { MAX_COMMIT_ATTEMPTS, OptimisticTransaction } from './optimistic-transaction.js'
export {
  escapePartitionPathValue,
  HIVE_DEFAULT_PARTITION,
  parsePartitionValue,
  parseTimestampMicros,
  serializePartitionValue,
} from './partition-values.js'
export { readSnapshotRows, type ReadSnapshotOptions } from './snapshot-reader.js'
export { Snapshot } from './snapshot.js'
export type { HistoryEntry } from './table-history.js'
export {
  DEFAULT_CHECKPOINT_INTERVAL,
  readTableProperties,
  type TableProperties,
} from './table-properties.js'

/**
 * Delta log actions (PROTOCOL.md §Actions). Field names are exactly the JSON keys of the log; the
 * optional ones are omitted from the JSON when undefined. Only the fields streamlake reads or
 * writes are typed; unknown fields of parsed actions are kept in the objects as they came.
 */

/** `protocol`: reader/writer versions; the feature lists exist only for reader 3 / writer 7. */
export interface ProtocolAction {
  minReaderVersion: number
  minWriterVersion: number
  readerFeatures?: string[]
  writerFeatures?: string[]
}

/** `metaData`: the table's identity, schema, partitioning and properties. */
export interface MetadataAction {
  id: string
  name?: string | null
  description?: string | null
  format: { provider: string; options: Record<string, string> }
  schemaString: string
  partitionColumns: string[]
  configuration: Record<string, string>
  createdTime?: number | null
}

/** A deletion vector descriptor (only carried through, never applied: tables using them are refused). */
export interface DeletionVectorDescriptor {
  storageType: string
  pathOrInlineDv: string
  offset?: number | null
  sizeInBytes: number
  cardinality: number
}

/** `add`: a data file that is part of the table. `path` is a URI relative to the table root. */
export interface AddAction {
  path: string
  partitionValues: Record<string, string | null>
  size: number
  modificationTime: number
  dataChange: boolean
  /** Per-file statistics as a JSON *string* (§Per-file Statistics). */
  stats?: string | null
  tags?: Record<string, string> | null
  deletionVector?: DeletionVectorDescriptor | null
  baseRowId?: number | null
  defaultRowCommitVersion?: number | null
  clusteringProvider?: string | null
}

/** `remove`: a tombstone for a previously added file. */
export interface RemoveAction {
  path: string
  dataChange: boolean
  deletionTimestamp?: number | null
  extendedFileMetadata?: boolean | null
  partitionValues?: Record<string, string | null> | null
  size?: number | null
  stats?: string | null
  tags?: Record<string, string> | null
  deletionVector?: DeletionVectorDescriptor | null
  baseRowId?: number | null
  defaultRowCommitVersion?: number | null
}

/** `txn` (SetTransaction): the last version an application committed, for idempotent writes. */
export interface TxnAction {
  appId: string
  version: number
  lastUpdated?: number | null
}

/** `domainMetadata`: named configuration owned by a feature or an application. */
export interface DomainMetadataAction {
  domain: string
  configuration: string
  removed: boolean
}

/** `commitInfo`: free-form provenance, typed as Spark and delta-rs parse it. */
export interface CommitInfoAction {
  timestamp?: number
  operation?: string
  operationParameters?: Record<string, string>
  readVersion?: number
  isolationLevel?: 'Serializable' | 'WriteSerializable' | 'SnapshotIsolation'
  isBlindAppend?: boolean
  operationMetrics?: Record<string, string>
  engineInfo?: string
  txnId?: string
  [key: string]: unknown
}

/** `cdc`: change data file (never written by us; ignored by non-CDF readers). */
export interface CdcAction {
  path: string
  partitionValues: Record<string, string | null>
  size: number
  dataChange: boolean
  tags?: Record<string, string> | null
}

/** One line of a commit file, tagged by its action name. */
export type Action =
  | { protocol: ProtocolAction }
  | { metaData: MetadataAction }
  | { add: AddAction }
  | { remove: RemoveAction }
  | { txn: TxnAction }
  | { domainMetadata: DomainMetadataAction }
  | { commitInfo: CommitInfoAction }
  | { cdc: CdcAction }

/** The action names of {@link Action}. */
export type ActionName =
  'protocol' | 'metaData' | 'add' | 'remove' | 'txn' | 'domainMetadata' | 'commitInfo' | 'cdc'

/**
 * An immutable view of a Delta table at one version: the reconciled protocol, metadata, live
 * files, tombstones and app transactions. A snapshot of a table that does not exist has
 * `version === -1`; asking it for protocol, metadata or schema throws SL_DELTA_TABLE_NOT_FOUND.
 */
import { EngineError } from '../errors/index.js'
import type { StructType } from '../types/index.js'
import type {
  AddAction,
  CommitInfoAction,
  DomainMetadataAction,
  MetadataAction,
  ProtocolAction,
  RemoveAction,
} from './actions.js'
import { readTableProperties, type TableProperties } from './table-properties.js'
import { tableSchema, type ActionSource } from './table-schema.js'
import type { TableState } from './table-state.js'

/** A table at one version. */
export class Snapshot {
  private cachedSchema: StructType | undefined
  private cachedFiles: readonly AddAction[] | undefined

  /** @internal Built by DeltaLog; `state` must not be changed afterwards. */
  constructor(
    readonly tablePath: string,
    readonly version: number,
    /** @internal */ readonly state: TableState,
    /** commitInfo of this version's commit, when the commit file was read. */
    readonly commitInfo: CommitInfoAction | undefined = undefined,
    /** @internal The log file the metaData was read from, for errors about its schema. */
    readonly metadataSource: ActionSource | undefined = undefined,
  ) {}

  /** False for the snapshot of a table that does not exist yet. */
  get exists(): boolean {
    return this.version >= 0
  }

  get protocol(): ProtocolAction {
    return this.state.protocol ?? this.notFound()
  }

  get metadata(): MetadataAction {
    return this.state.metadata ?? this.notFound()
  }

  /** The table schema parsed from `metaData.schemaString`. */
  get schema(): StructType {
    this.cachedSchema ??= tableSchema(this.tablePath, this.metadata, this.metadataSource)
    return this.cachedSchema
  }

  get partitionColumns(): readonly string[] {
    return this.state.metadata?.partitionColumns ?? []
  }

  /** Live data files. */
  get files(): readonly AddAction[] {
    this.cachedFiles ??= Object.freeze([...this.state.files.values()])
    return this.cachedFiles
  }

  /** Removed files still remembered for VACUUM. */
  get tombstones(): readonly RemoveAction[] {
    return [...this.state.tombstones.values()]
  }

  /** Live domain metadata. */
  get domainMetadata(): readonly DomainMetadataAction[] {
    return [...this.state.domains.values()]
  }

  /** `metaData.configuration` (empty for a missing table). */
  get configuration(): Readonly<Record<string, string>> {
    return this.state.metadata?.configuration ?? {}
  }

  /** The `delta.*` properties streamlake acts on. */
  get tableProperties(): TableProperties {
    return readTableProperties(this.configuration)
  }

  /**
   * Number of rows over all live files, when every file has stats; undefined otherwise. A file's
   * `numRecords` counts its physical rows (PROTOCOL.md §Per-file Statistics), so the rows its
   * deletion vector deletes (`cardinality`) are subtracted.
   */
  get numRecords(): number | undefined {
    let total = 0
    for (const f of this.files) {
      const n = f.stats ? (JSON.parse(f.stats) as { numRecords?: number }).numRecords : undefined
      if (typeof n !== 'number') return undefined
      total += n - (f.deletionVector?.cardinality ?? 0)
    }
    return total
  }

  /** The last version committed by application `appId` (its `txn` action), if any. */
  txnVersion(appId: string): number | undefined {
    return this.state.txns.get(appId)?.version
  }

  /** All app transactions, by appId. */
  get txns(): ReadonlyMap<string, number> {
    return new Map([...this.state.txns.values()].map((t) => [t.appId, t.version]))
  }

  private notFound(): never {
    throw new EngineError(
      'SL_DELTA_TABLE_NOT_FOUND',
      { path: this.tablePath },
      { path: this.tablePath },
    )
  }
}

/**
 * The Delta source's check of a schema change (DeltaSource.checkReadIncompatibleSchemaChanges):
 * a `metaData` action the stream meets — in a commit it reads, or as the snapshot a batch starts
 * at — is compared with the table as it was when the query started, whose schema the stream reads
 * with. A rename or drop under column mapping fails first (SL_SOURCE_DELTA_SCHEMA_NOT_ADDITIVE);
 * then the read-compatibility rules (schema-compatibility.ts) fail the stream with
 * SL_SOURCE_DELTA_SCHEMA_CHANGED when a restart (which reads with the newer schema) gets past the
 * change, else with SL_SOURCE_DELTA_SCHEMA_INCOMPATIBLE.
 */
import type { MetadataAction } from '../../delta/actions.js'
import { columnMappingMode } from '../../delta/column-mapping.js'
import type { DeltaLog, Snapshot } from '../../delta/index.js'
import { tableSchema } from '../../delta/table-schema.js'
import { SourceError } from '../../errors/index.js'
import type { StructType } from '../../types/index.js'
import {
  checkSchemaChange,
  hasColumnMappingSchemaChange,
  schemaText,
} from './schema-compatibility.js'

export class SchemaChangeCheck {
  private readonly readSchema: StructType
  private readonly typeWidening: boolean

  constructor(
    private readonly log: DeltaLog,
    /** The table when the query started: its schema is the stream's read schema. */
    private readonly initial: Snapshot,
  ) {
    this.readSchema = initial.schema
    const features = initial.protocol.readerFeatures ?? []
    // DeltaSQLConf typeWidening.allowTypeChangeStreamingDeltaSource (default true) && the feature.
    this.typeWidening =
      features.includes('typeWidening') || features.includes('typeWidening-preview')
  }

  /** Fails the stream when `metadata`, the table's metaData as of `version`, cannot be read. */
  check(metadata: MetadataAction, version: number): void {
    const path = this.log.tablePath
    const init = this.initial
    const dataSchema =
      metadata === init.metadata
        ? this.readSchema
        : tableSchema(path, metadata, { file: commitFile(version), version })
    // Delta compares the older metadata with the newer one, whichever the stream's is.
    const backfilling = version < init.version
    const [newer, newerSchema, older, olderSchema] = backfilling
      ? [init.metadata, this.readSchema, metadata, dataSchema]
      : [metadata, dataSchema, init.metadata, this.readSchema]
    if (newer.id !== older.id) {
      throw new SourceError(
        'SL_SOURCE_DELTA_TABLE_CHANGED',
        { path, oldTableId: older.id, newTableId: newer.id },
        { path },
      )
    }
    const params = {
      path,
      version,
      readVersion: init.version,
      readSchema: schemaText(this.readSchema),
      dataSchema: schemaText(dataSchema),
    }
    if (hasColumnMappingSchemaChange(newer, newerSchema, older, olderSchema))
      throw new SourceError('SL_SOURCE_DELTA_SCHEMA_NOT_ADDITIVE', params, { path })
    const result = checkSchemaChange({
      dataSchema,
      readSchema: this.readSchema,
      newPartitionColumns: newer.partitionColumns,
      oldPartitionColumns: older.partitionColumns,
      backfilling,
      typeWidening: this.typeWidening,
    })
    if (result === 'retryable')
      throw new SourceError('SL_SOURCE_DELTA_SCHEMA_CHANGED', params, { path })
    if (result === 'incompatible')
      throw new SourceError('SL_SOURCE_DELTA_SCHEMA_INCOMPATIBLE', params, {
        path,
        option: 'startingVersion',
      })
  }

  /**
   * The check of the snapshot at `version`, where a batch starts (Delta runs it once per query
   * start). A snapshot that cannot be built skips it, except on a column-mapping table, where a
   * rename or drop could then go unseen (Delta: DELTA_STREAMING_CHECK_COLUMN_MAPPING_NO_SNAPSHOT).
   */
  async checkSnapshotAt(version: number): Promise<void> {
    let snapshot: Snapshot
    try {
      snapshot = await this.log.snapshot(version)
    } catch (error) {
      if (columnMappingMode(this.initial.metadata) !== 'none') throw error
      return
    }
    if (!snapshot.exists) return
    this.check(snapshot.metadata, snapshot.version)
  }
}

function commitFile(version: number): string {
  return `_delta_log/${String(version).padStart(20, '0')}.json`
}

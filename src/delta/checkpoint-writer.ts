/**
 * Writes a classic V1 single-file checkpoint (PROTOCOL.md §Checkpoints, §Checkpoint Schema,
 * §Last Checkpoint File Schema; delta-notes §6.2, §6.3) and then `_last_checkpoint`.
 *
 * `%020d.checkpoint.parquet`: one action per row, one nullable struct column per action type,
 * every other column of the row null:
 * ```
 * txn      struct<appId:string, version:long, lastUpdated:long>
 * add      struct<path:string, partitionValues:map<string,string>, size:long, modificationTime:long,
 *                 dataChange:boolean, tags:map<string,string>, stats:string>
 * remove   struct<path:string, deletionTimestamp:long, dataChange:boolean, extendedFileMetadata:boolean,
 *                 partitionValues:map<string,string>, size:long>
 * metaData struct<id:string, name:string, description:string, format:struct<provider:string,
 *                 options:map<string,string>>, schemaString:string, partitionColumns:array<string>,
 *                 configuration:map<string,string>, createdTime:long>
 * protocol struct<minReaderVersion:int, minWriterVersion:int, readerFeatures:array<string>,
 *                 writerFeatures:array<string>>          (feature lists null unless reader 3 / writer 7)
 * domainMetadata struct<domain:string, configuration:string, removed:boolean>   (only when present)
 * ```
 * `_last_checkpoint`: `{"version":v,"size":<rows>,"sizeInBytes":<bytes>,"numOfAddFiles":<adds>}`.
 * Both files are written to a temp name and renamed: rewriting them with equivalent content is
 * allowed ("latest writer wins"). All txns are kept — the exactly-once state lives in them once
 * old commits are cleaned up.
 */
import * as arrow from 'apache-arrow'
import { ENGINE_INFO } from './engine-info.js'
import { checkpointFileName, LAST_CHECKPOINT_FILE } from './log-file-names.js'
import type { LogStore } from './log-store.js'
import { encodeParquet } from './parquet-encoder.js'
import { readTableProperties } from './table-properties.js'
import type { TableState } from './table-state.js'

const str = () => new arrow.Utf8()
const long = () => new arrow.Int64()
const bool = () => new arrow.Bool()
const field = (name: string, type: arrow.DataType) => new arrow.Field(name, type, true)
const stringMap = () =>
  new arrow.Map_(
    new arrow.Field(
      'key_value',
      new arrow.Struct([new arrow.Field('key', str(), false), field('value', str())] as never),
      false,
    ),
    false,
  )
const stringList = () => new arrow.List(field('element', str()))

const CHECKPOINT_TYPES: Record<string, arrow.Struct> = {
  txn: new arrow.Struct([
    field('appId', str()),
    field('version', long()),
    field('lastUpdated', long()),
  ]),
  add: new arrow.Struct([
    field('path', str()),
    field('partitionValues', stringMap()),
    field('size', long()),
    field('modificationTime', long()),
    field('dataChange', bool()),
    field('tags', stringMap()),
    field('stats', str()),
  ]),
  remove: new arrow.Struct([
    field('path', str()),
    field('deletionTimestamp', long()),
    field('dataChange', bool()),
    field('extendedFileMetadata', bool()),
    field('partitionValues', stringMap()),
    field('size', long()),
  ]),
  metaData: new arrow.Struct([
    field('id', str()),
    field('name', str()),
    field('description', str()),
    field('format', new arrow.Struct([field('provider', str()), field('options', stringMap())])),
    field('schemaString', str()),
    field('partitionColumns', stringList()),
    field('configuration', stringMap()),
    field('createdTime', long()),
  ]),
  protocol: new arrow.Struct([
    field('minReaderVersion', new arrow.Int32()),
    field('minWriterVersion', new arrow.Int32()),
    field('readerFeatures', stringList()),
    field('writerFeatures', stringList()),
  ]),
  domainMetadata: new arrow.Struct([
    field('domain', str()),
    field('configuration', str()),
    field('removed', bool()),
  ]),
}

/** What was written, as recorded in `_last_checkpoint`. */
export interface CheckpointInfo {
  version: number
  size: number
  sizeInBytes: number
  numOfAddFiles: number
}

/** Writes the checkpoint of `state` at `version` (whose commit file must already exist). */
export async function writeCheckpoint(
  store: LogStore,
  state: TableState,
  version: number,
  now = Date.now(),
): Promise<CheckpointInfo> {
  // Tombstones older than the retention may go (PROTOCOL.md §Checkpoints); VACUUM is done with them.
  const retention = readTableProperties(state.metadata?.configuration ?? {}).deletedFileRetentionMs
  const rows: Array<{ column: string; value: Record<string, unknown> }> = []
  const big = (v: number | null | undefined) => (v == null ? null : BigInt(Math.trunc(v)))
  const map = (m: Record<string, string | null> | null | undefined) =>
    m == null ? null : new Map(Object.entries(m))
  if (state.protocol) {
    const p = state.protocol
    rows.push({
      column: 'protocol',
      value: {
        minReaderVersion: p.minReaderVersion,
        minWriterVersion: p.minWriterVersion,
        readerFeatures: p.minReaderVersion >= 3 ? (p.readerFeatures ?? []) : null,
        writerFeatures: p.minWriterVersion >= 7 ? (p.writerFeatures ?? []) : null,
      },
    })
  }
  if (state.metadata) {
    const m = state.metadata
    rows.push({
      column: 'metaData',
      value: {
        id: m.id,
        name: m.name ?? null,
        description: m.description ?? null,
        format: { provider: m.format.provider, options: map(m.format.options) ?? new Map() },
        schemaString: m.schemaString,
        partitionColumns: m.partitionColumns,
        configuration: map(m.configuration) ?? new Map(),
        createdTime: big(m.createdTime),
      },
    })
  }
  for (const t of state.txns.values()) {
    rows.push({
      column: 'txn',
      value: { appId: t.appId, version: big(t.version), lastUpdated: big(t.lastUpdated) },
    })
  }
  for (const d of state.domains.values()) rows.push({ column: 'domainMetadata', value: { ...d } })
  for (const a of state.files.values()) {
    rows.push({
      column: 'add',
      value: {
        path: a.path,
        partitionValues: map(a.partitionValues) ?? new Map(),
        size: big(a.size),
        modificationTime: big(a.modificationTime),
        dataChange: a.dataChange,
        tags: map(a.tags),
        stats: a.stats ?? null,
      },
    })
  }
  for (const r of state.tombstones.values()) {
    if (r.deletionTimestamp != null && r.deletionTimestamp < now - retention) continue
    rows.push({
      column: 'remove',
      value: {
        path: r.path,
        deletionTimestamp: big(r.deletionTimestamp),
        dataChange: r.dataChange,
        extendedFileMetadata: r.extendedFileMetadata ?? null,
        partitionValues: map(r.partitionValues),
        size: big(r.size),
      },
    })
  }
  const columns = ['txn', 'add', 'remove', 'metaData', 'protocol']
  if (state.domains.size > 0) columns.push('domainMetadata')
  const fields = columns.map((c) => field(c, CHECKPOINT_TYPES[c]!))
  const data = columns.map((c) => {
    const values = rows.map((r) => (r.column === c ? r.value : null))
    return arrow.vectorFromArray(values, CHECKPOINT_TYPES[c]!).data[0]!
  })
  const bytes = encodeParquet({ fields, data, length: rows.length }, ENGINE_INFO)
  await store.replace(checkpointFileName(version), bytes)
  const info: CheckpointInfo = {
    version,
    size: rows.length,
    sizeInBytes: bytes.length,
    numOfAddFiles: state.files.size,
  }
  await store.replace(LAST_CHECKPOINT_FILE, JSON.stringify(info))
  return info
}

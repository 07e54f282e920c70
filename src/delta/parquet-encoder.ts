/**
 * Arrow record batch → Parquet bytes, through parquet-wasm (arrow-rs compiled to WebAssembly).
 * Snappy, Parquet format V1 data pages (`delta.parquet.format.version` absent means 1.0.0), chunk
 * statistics. Dictionary encoding is off: it dominated encoding time (≈3× slower on 200k rows of
 * mostly unique values) for streaming batches whose values rarely repeat.
 */
import * as arrow from 'apache-arrow'
import {
  Compression,
  EnabledStatistics,
  Table,
  WriterPropertiesBuilder,
  WriterVersion,
  writeParquet,
} from 'parquet-wasm'

/** Arrow fields and their data (one entry per top-level column). */
export interface ArrowColumns {
  fields: arrow.Field[]
  data: arrow.Data[]
  length: number
}

/** Encodes the columns as one Parquet file (one row group). */
export function encodeParquet(columns: ArrowColumns, createdBy: string): Uint8Array {
  const structType = new arrow.Struct(columns.fields)
  const batchData = arrow.makeData({
    type: structType,
    length: columns.length,
    nullCount: 0,
    children: columns.data,
  })
  const batch = new arrow.RecordBatch(new arrow.Schema(columns.fields), batchData)
  const ipc = arrow.tableToIPC(new arrow.Table([batch]), 'stream')
  const wasmTable = Table.fromIPCStream(ipc)
  const props = new WriterPropertiesBuilder()
    .setCompression(Compression.SNAPPY)
    .setDictionaryEnabled(false)
    .setStatisticsEnabled(EnabledStatistics.Chunk)
    .setWriterVersion(WriterVersion.V1)
    .setMaxRowGroupSize(1024 * 1024)
    .setCreatedBy(createdBy)
    .build()
  // writeParquet consumes the table and the properties (they are moved into wasm).
  return writeParquet(wasmTable, props)
}

/**
 * Writes one Parquet data file of a Delta table and returns the `add` action describing it
 * (PROTOCOL.md §Data Files, §Add File and Remove File). The file is durable (fsynced, directory
 * entry included) before the action is returned, so a commit never references a file that a crash
 * could still lose. Partition columns are not stored in the file; their values live only in
 * `partitionValues`, as Spark and delta-rs do.
 *
 * File name: `[<col>=<value>/…]part-00000-<uuid>-c000.snappy.parquet`; with an `owner`, the
 * uuid marks the owner (data-file-name.ts), so that its orphan files can be told apart.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import type * as arrow from 'apache-arrow'
import { EngineError } from '../errors/index.js'
import type { Row, StructField, StructType } from '../types/index.js'
import type { PackedColumns } from '../types/packed-columns.js'
import type { AddAction } from './actions.js'
import { arrowFieldFor } from './arrow-type.js'
import { encodeColumn, ValueMismatch, type EncodedColumn } from './column-encoder.js'
import { statsJson, type StatsValue } from './column-stats.js'
import { dataFileName } from './data-file-name.js'
import { ENGINE_INFO } from './engine-info.js'
import { encodePackedColumn } from './packed-column-encoder.js'
import { encodeParquet } from './parquet-encoder.js'
import { partitionDirectory, serializePartitionValue, toLogPath } from './partition-values.js'
import { makeDirectory } from '../internal/make-directory.js'
import { syncDirectory, writeNewFileDurably } from '../internal/atomic-file.js'

/** Options of {@link writeDataFile}. */
export interface WriteDataFileOptions {
  /**
   * Typed values of the partition columns (in-memory representation, e.g. microseconds for
   * timestamps), in the table's partition column order. These columns are left out of the file.
   */
  partitionValues?: Readonly<Record<string, unknown>>
  /** `dataChange` of the returned action (default true; false for compaction output). */
  dataChange?: boolean
  /**
   * Who writes the file (a streaming sink's txn appId): marked in the file name, so that orphan
   * cleanup can find this owner's files that no commit references. Default: no owner.
   */
  owner?: string
}

/**
 * Writes `rows` (positional per `schema`, the full table schema) to a new data file under
 * `tablePath` and returns its `add` action with statistics.
 */
export async function writeDataFile(
  tablePath: string,
  schema: StructType,
  rows: readonly Row[],
  options: WriteDataFileOptions = {},
): Promise<AddAction> {
  const partitionValues = options.partitionValues ?? {}
  const partitionColumns = Object.keys(partitionValues)
  const serialized: Record<string, string | null> = {}
  for (const c of partitionColumns) {
    const field = schema.fields.find((f) => f.name === c)
    if (!field) {
      throw new EngineError('SL_DELTA_INVALID_ACTION', {
        path: tablePath,
        problem: `partition column ${c} is not in the schema (${schema.fields.map((f) => f.name).join(', ')})`,
        hint: 'Pass partitionValues only for columns of the table schema.',
      })
    }
    serialized[c] = serializePartitionValue(field.dataType, partitionValues[c])
  }
  const dataFields = schema.fields
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => !(f.name in partitionValues))
  const columns = transpose(
    rows,
    dataFields.map(({ i }) => i),
  )
  const encoded = encodeColumns(tablePath, dataFields, (f, c) =>
    encodeColumn(f.dataType, columns[c]!, f.name, f.nullable),
  )
  const dir = partitionColumns.length > 0 ? partitionDirectory(partitionColumns, serialized) : ''
  return writeFile(tablePath, dir, serialized, rows.length, dataFields, encoded, options)
}

/**
 * Writes the records of `parts` (consecutive chunks packed by column, one value per field of
 * `schema`, the full table schema of an unpartitioned table) to a new data file under
 * `tablePath`, as {@link writeDataFile} writes the same rows: the same bytes and statistics.
 */
export async function writePackedDataFile(
  tablePath: string,
  schema: StructType,
  parts: readonly PackedColumns[],
  options: Pick<WriteDataFileOptions, 'owner'> = {},
): Promise<AddAction> {
  const dataFields = schema.fields.map((f, i) => ({ f, i }))
  for (const p of parts) {
    if (p.columns.length !== dataFields.length)
      throw new Error(`packed records have ${p.columns.length} columns, not ${dataFields.length}`)
  }
  const counts = parts.map((p) => p.count)
  const length = counts.reduce((a, b) => a + b, 0)
  const encoded = encodeColumns(tablePath, dataFields, (f, c) =>
    encodePackedColumn(
      f.dataType,
      parts.map((p) => p.columns[c]!),
      counts,
      f.name,
      f.nullable,
    ),
  )
  return writeFile(tablePath, '', {}, length, dataFields, encoded, options)
}

/**
 * The Parquet bytes of `rows` (positional per `schema`, every column stored), encoded as data
 * files are: for plain Parquet output (`df.write.parquet`). `outputPath` names the output in
 * errors.
 */
export function encodeParquetRows(
  outputPath: string,
  schema: StructType,
  rows: readonly Row[],
): Uint8Array {
  const dataFields = schema.fields.map((f, i) => ({ f, i }))
  const columns = transpose(
    rows,
    dataFields.map(({ i }) => i),
  )
  const { fields, data } = encodeColumns(outputPath, dataFields, (f, c) =>
    encodeColumn(f.dataType, columns[c]!, f.name, f.nullable),
  )
  return encodeParquet({ fields, data, length: rows.length }, ENGINE_INFO)
}

interface DataField {
  readonly f: StructField
  readonly i: number
}

interface EncodedColumns {
  readonly fields: arrow.Field[]
  readonly data: arrow.Data[]
  readonly stats: StatsValue[]
}

/** Encodes every data column, turning a value that does not fit its type into a clear error. */
function encodeColumns(
  tablePath: string,
  dataFields: readonly DataField[],
  encode: (f: StructField, c: number) => EncodedColumn,
): EncodedColumns {
  const fields: arrow.Field[] = []
  const data: arrow.Data[] = []
  const stats: StatsValue[] = []
  for (let c = 0; c < dataFields.length; c++) {
    const { f } = dataFields[c]!
    try {
      const encoded = encode(f, c)
      fields.push(arrowFieldFor(f))
      data.push(encoded.data)
      stats.push(encoded.stats)
    } catch (e) {
      if (!(e instanceof ValueMismatch)) throw e
      throw new EngineError(
        'SL_DELTA_ROW_MISMATCH',
        {
          path: tablePath,
          row: e.row,
          problem: e.message,
          hint: 'Convert values to the in-memory representation of the schema types (see src/types/data-type.ts).',
        },
        { path: tablePath },
      )
    }
  }
  return { fields, data, stats }
}

async function writeFile(
  tablePath: string,
  dir: string,
  serialized: Record<string, string | null>,
  length: number,
  dataFields: readonly DataField[],
  { fields, data, stats }: EncodedColumns,
  options: WriteDataFileOptions,
): Promise<AddAction> {
  const bytes = encodeParquet({ fields, data, length }, ENGINE_INFO)
  const fileName = dataFileName(options.owner)
  const relative = dir ? `${dir}/${fileName}` : fileName
  const absolute = path.join(tablePath, ...relative.split('/'))
  await makeDirectory(path.dirname(absolute))
  await writeNewFileDurably(absolute, bytes)
  await syncDirectory(path.dirname(absolute))
  const stat = await fs.stat(absolute)
  const dataSchema = { type: 'struct' as const, fields: dataFields.map(({ f }) => f) }
  return {
    path: toLogPath(relative),
    partitionValues: serialized,
    size: bytes.length,
    modificationTime: Math.floor(stat.mtimeMs),
    dataChange: options.dataChange ?? true,
    stats: statsJson(length, dataSchema, stats),
  }
}

/**
 * The values of the columns at `indexes`, one array per column, in one pass over the rows: each
 * row is a separate heap object, so reading it once for all columns (instead of once per column)
 * saves a cache miss per row and column.
 */
function transpose(rows: readonly Row[], indexes: readonly number[]): unknown[][] {
  const n = rows.length
  const k = indexes.length
  const columns = indexes.map(() => new Array<unknown>(n))
  for (let r = 0; r < n; r++) {
    const row = rows[r]!
    for (let c = 0; c < k; c++) columns[c]![r] = row[indexes[c]!]
  }
  return columns
}

/**
 * Reads the rows of chosen data files of a snapshot (not the whole table): the building block of
 * writers that rewrite only the files they must (an upsert reads the files whose statistics say
 * they may hold a key). Same decoding as {@link readSnapshotRows}: partition columns come from
 * `partitionValues`, schema columns missing from a file read as null, `add.path` is decoded once.
 * Rows a file's deletion vector marks deleted are not returned, and with column mapping the file
 * columns and partition values are looked up by their physical names (or field ids).
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parquetMetadata, parquetSchema } from 'hyparquet'
import { EngineError } from '../errors/index.js'
import type { Row, StructField } from '../types/index.js'
import type { AddAction, RemoveAction } from './actions.js'
import {
  columnMappingMode,
  physicalFields,
  physicalName,
  type ColumnMappingMode,
} from './column-mapping.js'
import { loadDeletedRows, withoutDeletedRows } from './deletion-vectors.js'
import { isCode } from './log-store.js'
import { readParquetRows } from './parquet-row-reader.js'
import { parsePartitionValue } from './partition-values.js'
import type { Snapshot } from './snapshot.js'
import { mayWidenDates, planWidenedRead } from './type-widening.js'

/**
 * The rows of each of `files` (live files of `snapshot`), positional per the table schema; one
 * array per file, in the order of `files`. Files are read concurrently, at most `concurrency` at
 * a time (default 8).
 */
export async function readFileRows(
  snapshot: Snapshot,
  files: readonly AddAction[],
  concurrency = 8,
  columns?: readonly StructField[],
): Promise<Row[][]> {
  if (files.length === 0) return []
  const fields = columns ?? snapshot.schema.fields
  const partitionColumns = new Set(snapshot.partitionColumns)
  const dataFields = fields.filter((f) => !partitionColumns.has(f.name))
  const out = new Array<Row[]>(files.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const i = next++
      out[i] = await readOne(snapshot, files[i]!, fields, dataFields, partitionColumns)
    }
  }
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, files.length)) }, worker),
  )
  return out
}

async function readOne(
  snapshot: Snapshot,
  add: AddAction,
  fields: readonly StructField[],
  dataFields: readonly StructField[],
  partitionColumns: ReadonlySet<string>,
): Promise<Row[]> {
  const file = resolveDataPath(snapshot.tablePath, add.path)
  let bytes: Uint8Array
  try {
    bytes = await fs.readFile(file)
  } catch (e) {
    if (!isCode(e, 'ENOENT')) throw e
    throw new EngineError(
      'SL_DELTA_DATA_FILE_NOT_FOUND',
      { path: snapshot.tablePath, file, version: snapshot.version },
      { path: snapshot.tablePath, cause: e },
    )
  }
  const mode = columnMappingMode(snapshot.metadata)
  // The file's own schema: for field ids (column mapping id mode), and for columns whose type was
  // widened after the file was written (type-widening.ts).
  const widening = mayWidenDates(snapshot.protocol, dataFields)
  const tree = mode === 'id' || widening ? fileSchema(bytes) : undefined
  const physical = physicalFields(
    withMappingOf(snapshot, dataFields, mode),
    mode,
    mode === 'id' ? tree : undefined,
  )
  const widened = widening && tree ? planWidenedRead(physical, tree) : undefined
  let dataRows = await readParquetRows(bytes, widened?.fields ?? physical)
  if (widened) dataRows = dataRows.map(widened.widen)
  if (add.deletionVector) {
    const deleted = await loadDeletedRows(
      snapshot.tablePath,
      file,
      add.deletionVector,
      snapshot.version,
    )
    dataRows = withoutDeletedRows(dataRows, deleted)
  }
  if (partitionColumns.size === 0) return dataRows
  const partition = fields.map((f) => {
    if (!partitionColumns.has(f.name)) return undefined
    // Delta logs a null partition value as null; a string equal to __HIVE_DEFAULT_PARTITION__
    // is that string, as Spark reads it (test/oracle/exact-values.spark.ts).
    const text = lookupPartitionValue(add.partitionValues, physicalName(f, mode))
    return parsePartitionValue(f.dataType, text)
  })
  return dataRows.map((dataRow) => {
    let d = 0
    return fields.map((f, i) => (partitionColumns.has(f.name) ? partition[i] : dataRow[d++]))
  })
}

// Callers may pass the logical schema (without delta.columnMapping.* metadata, as DataFrames see
// it): the physical names and ids come from the table's own fields of the same name.
function withMappingOf(
  snapshot: Snapshot,
  fields: readonly StructField[],
  mode: ColumnMappingMode,
): readonly StructField[] {
  if (mode === 'none') return fields
  return fields.map((f) => snapshot.schema.fields.find((s) => s.name === f.name) ?? f)
}

function fileSchema(bytes: Uint8Array) {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
  return parquetSchema(parquetMetadata(buffer as ArrayBuffer))
}

/** The local file of an `add.path`: decoded once, relative to the table or an absolute URI. */
export function resolveDataPath(tablePath: string, logPath: string): string {
  if (/^file:/i.test(logPath)) return fileURLToPath(logPath.replace(/^file:\/*/i, 'file:///'))
  const decoded = decodeURIComponent(logPath)
  return path.isAbsolute(decoded) ? decoded : path.join(tablePath, ...decoded.split('/'))
}

// Spark matches partition columns case-insensitively; the log normally keeps the schema's case.
function lookupPartitionValue(
  values: Record<string, string | null>,
  column: string,
): string | null | undefined {
  if (column in values) return values[column]
  const lower = column.toLowerCase()
  const key = Object.keys(values).find((k) => k.toLowerCase() === lower)
  return key === undefined ? undefined : values[key]
}

/**
 * The `remove` of a live file, as Spark's `AddFile.removeWithTimestamp` writes it (delta-notes
 * §3.4): `deletionTimestamp`, `extendedFileMetadata`, `partitionValues`, `size`, and the add's
 * stats, tags, deletion vector and row-tracking fields copied.
 */
export function removeWithTimestamp(
  add: AddAction,
  deletionTimestamp: number,
  dataChange = true,
): RemoveAction {
  const remove: RemoveAction = {
    path: add.path,
    dataChange,
    deletionTimestamp,
    extendedFileMetadata: true,
    partitionValues: add.partitionValues,
    size: add.size,
  }
  if (add.stats != null) remove.stats = add.stats
  if (add.tags != null) remove.tags = add.tags
  if (add.deletionVector != null) remove.deletionVector = add.deletionVector
  if (add.baseRowId != null) remove.baseRowId = add.baseRowId
  if (add.defaultRowCommitVersion != null)
    remove.defaultRowCommitVersion = add.defaultRowCommitVersion
  return remove
}

/**
 * Reads a batch (non-streaming) source completely: a Delta table at its latest snapshot (or
 * `versionAsOf`), or every data file of a JSON directory. Used by batch DataFrames and by the
 * static side of stream-static joins, which re-read Delta sources every micro-batch.
 */
import { promises as fs } from 'node:fs'
import { resolve } from 'node:path'
import { logicalSchema } from '../delta/column-mapping.js'
import { DeltaLog, readSnapshotRows, type Snapshot } from '../delta/index.js'
import { AnalysisError, SourceError } from '../errors/index.js'
import type { SourceNode } from '../plan/nodes/index.js'
import type { Row, StructType } from '../types/index.js'
import { inferJsonSchema } from './file/infer-json-schema.js'
import { JsonRecordParser, parseOptions } from './file/json-record-parser.js'
import { batchInputFiles } from './file/list-data-files.js'
import type { BadRecord } from './file/bad-record.js'
import { readBadRecordsTarget, writeBadRecords } from './file/bad-records-writer.js'
import { decodeJsonText, type DecodedText } from './file/decode-json-text.js'
import { parseBadInputOptions } from './file/file-source-options.js'
import { tableNotFoundError } from './table-not-found-error.js'
import { readKafkaBatch } from './kafka/kafka-batch-read.js'
import { parseVersionAsOf } from './version-as-of.js'
import { readCsvBatch } from './file/csv-batch-read.js'
import { readParquetBatch } from './file/parquet-batch-read.js'
import {
  discoverPartitions,
  partitionedLayout,
  withoutPartitionColumns,
} from './file/partition-discovery.js'

export const BATCH_FORMATS = ['csv', 'delta', 'json', 'kafka', 'parquet'] as const

export interface BatchData {
  readonly schema: StructType
  readonly rows: Row[]
}

/** The schema of a batch source without reading its data (Delta: from the log). */
export async function readBatchSchema(node: SourceNode, timeZone: string): Promise<StructType> {
  if (node.schema) return node.schema
  if (node.format === 'delta' && node.path) return (await deltaSnapshot(node.path, node)).schema
  return (await readBatchSource(node, timeZone)).schema
}

export async function readBatchSource(node: SourceNode, timeZone: string): Promise<BatchData> {
  if (node.format === 'kafka') return readKafkaBatch(node)
  if (!node.path) throw new AnalysisError('SL_SOURCE_PATH_REQUIRED', { format: node.format })
  switch (node.format) {
    case 'delta': {
      const snapshot = await deltaSnapshot(node.path, node)
      return { schema: logicalSchema(snapshot.schema), rows: await readSnapshotRows(snapshot) }
    }
    case 'csv':
      return readCsvBatch(node.path, node.schema, node.options, timeZone)
    case 'parquet':
      return readParquetBatch(node.path, node.schema, node.options)
    case 'json': {
      const files = await batchInputFiles(node.path)
      const parts = discoverPartitions(resolve(node.path), files, node.schema)
      const userSchema =
        node.schema && parts ? withoutPartitionColumns(node.schema, parts.schema) : node.schema
      const { ignoreMissingFiles, badRecordsPath } = parseBadInputOptions(node.options)
      const options = parseOptions(node.options, timeZone)
      const read = await Promise.all(files.map(readJsonFile))
      const texts = files.flatMap((f, i) => (read[i] ? [[f, read[i]] as const] : []))
      const missing = files.filter((_, i) => read[i] === null)
      if (missing.length > 0 && !ignoreMissingFiles && badRecordsPath === undefined) {
        throw new SourceError(
          'SL_SOURCE_FILE_UNREADABLE',
          {
            path: missing[0],
            problem:
              'it was deleted after listing (set option ignoreMissingFiles=true to skip such files)',
          },
          { path: missing[0]!, option: 'ignoreMissingFiles' },
        )
      }
      const inferred = userSchema
        ? undefined
        : inferJsonSchema(
            texts.map(([, t]) => t.text),
            node.options['columnNameOfCorruptRecord'] ?? '_corrupt_record',
          )
      const schema =
        userSchema ?? (parts ? withoutPartitionColumns(inferred!, parts.schema) : inferred!)
      const parser = new JsonRecordParser(schema, options)
      const rows: Row[] = []
      const badRecords: BadRecord[] = []
      for (const [file, text] of texts) {
        const parsed = parser.parse(text.text, file, 1, text.invalidUtf8)
        for (const r of parts ? parts.appendTo(file, parsed.rows) : parsed.rows) rows.push(r)
        for (const r of parsed.badRecords) badRecords.push(r)
      }
      if (badRecordsPath !== undefined && (badRecords.length > 0 || missing.length > 0)) {
        await writeBadRecords(
          readBadRecordsTarget(badRecordsPath),
          badRecords,
          missing.map((path) => ({
            path,
            reason: 'the file does not exist (deleted after listing)',
          })),
        )
      }
      if (!parts) return { schema, rows }
      const layout = partitionedLayout(schema, parts.schema, node.schema)
      return { schema: layout.schema, rows: layout.arrange(rows) }
    }
    default:
      throw new AnalysisError(
        'SL_SOURCE_UNKNOWN_FORMAT',
        { format: node.format, known: BATCH_FORMATS },
        { option: 'format' },
      )
  }
}

/** A JSON file's decoded text; null when it no longer exists. */
async function readJsonFile(path: string): Promise<DecodedText | null> {
  try {
    return decodeJsonText(await fs.readFile(path))
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return null
    throw new SourceError(
      'SL_SOURCE_FILE_UNREADABLE',
      { path, problem: (cause as Error).message },
      { path, cause },
    )
  }
}

/**
 * The snapshot a Delta batch read uses: `versionAsOf` validated first, then the table's existence
 * (one listing), so a missing table is SL_SOURCE_TABLE_NOT_FOUND with or without a version.
 */
async function deltaSnapshot(path: string, node: SourceNode): Promise<Snapshot> {
  const version = parseVersionAsOf(node.options['versionAsOf'])
  const log = DeltaLog.forTable(path)
  if (version === undefined) {
    const latest = await log.snapshot()
    if (latest.exists) return latest
  } else if (await log.tableExists()) {
    return log.snapshot(version)
  }
  throw await tableNotFoundError(path)
}

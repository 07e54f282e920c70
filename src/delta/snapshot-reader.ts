/**
 * Reads the rows of a snapshot (PROTOCOL.md §Data Files; delta-notes §7 step 6): every live file,
 * with partition columns filled from `partitionValues` (both timestamp spellings, null for
 * `__HIVE_DEFAULT_PARTITION__`/null/empty) and schema columns missing from a file read as null.
 * `add.path` is a URI relative to the table root (or absolute) and is decoded once.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { EngineError } from '../errors/index.js'
import type { Row, StructField } from '../types/index.js'
import { isCode } from './log-store.js'
import { readParquetRows } from './parquet-row-reader.js'
import { HIVE_DEFAULT_PARTITION, parsePartitionValue } from './partition-values.js'
import type { Snapshot } from './snapshot.js'

/** Options of {@link readSnapshotRows}. */
export interface ReadSnapshotOptions {
  /** Columns to return, in this order (default: every schema column in schema order). */
  columns?: readonly string[]
}

/** All rows of the snapshot, positional per the schema (or per `options.columns`). */
export async function readSnapshotRows(
  snapshot: Snapshot,
  options: ReadSnapshotOptions = {},
): Promise<Row[]> {
  const schema = snapshot.schema
  const fields: StructField[] = (options.columns ?? schema.fields.map((f) => f.name)).map(
    (name) => {
      const f = schema.fields.find((x) => x.name === name)
      if (!f) {
        throw new EngineError('SL_DELTA_INVALID_SCHEMA', {
          path: snapshot.tablePath,
          problem: `column ${name} does not exist`,
          hint: `Choose among ${schema.fields.map((x) => x.name).join(', ')}.`,
        })
      }
      return f
    },
  )
  const partitionColumns = new Set(snapshot.partitionColumns)
  const dataFields = fields.filter((f) => !partitionColumns.has(f.name))
  const perFile = await Promise.all(
    snapshot.files.map(async (add) => {
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
      const dataRows = await readParquetRows(bytes, dataFields)
      const partition = fields.map((f) => {
        if (!partitionColumns.has(f.name)) return undefined
        const text = lookupPartitionValue(add.partitionValues, f.name)
        return text === HIVE_DEFAULT_PARTITION ? null : parsePartitionValue(f.dataType, text)
      })
      return dataRows.map((dataRow) => {
        let d = 0
        return fields.map((f, i) => (partitionColumns.has(f.name) ? partition[i] : dataRow[d++]))
      })
    }),
  )
  return perFile.flat()
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

/** The local file of an `add.path`: decoded once, relative to the table or an absolute URI. */
export function resolveDataPath(tablePath: string, logPath: string): string {
  if (/^file:/i.test(logPath)) return fileURLToPath(logPath.replace(/^file:\/*/i, 'file:///'))
  const decoded = decodeURIComponent(logPath)
  return path.isAbsolute(decoded) ? decoded : path.join(tablePath, ...decoded.split('/'))
}

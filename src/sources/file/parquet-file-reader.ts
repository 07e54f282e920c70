/**
 * Reads one Parquet file of the file stream source into rows of the user schema (columns matched
 * by name, a column missing from the file reads as NULL), with the Delta reader's hyparquet
 * decoding. A file that no longer exists is returned as missing: the source decides
 * (ignoreMissingFiles).
 */
import { promises as fs } from 'node:fs'
import { readParquetRows } from '../../delta/parquet-row-reader.js'
import { SourceError } from '../../errors/index.js'
import type { StructType } from '../../types/index.js'
import type { FileRecords, RecordReader } from './file-stream-source.js'
import { checkParquetColumns } from './parquet-file-schema.js'

export class ParquetFileReader implements RecordReader {
  constructor(private readonly schema: StructType) {}

  async read(path: string): Promise<FileRecords> {
    const bytes = await readParquetBytes(path)
    if (bytes === null) return { missing: true }
    let rows
    try {
      checkParquetColumns(bytes, this.schema, path)
      rows = await readParquetRows(bytes, this.schema.fields)
    } catch (cause) {
      if (cause instanceof SourceError) throw cause
      throw new SourceError(
        'SL_SOURCE_FILE_UNREADABLE',
        { path, problem: `not a readable Parquet file (${(cause as Error).message})` },
        { path, cause },
      )
    }
    return { chunk: { rows }, malformedLines: 0, badRecords: [] }
  }

  prefetch(): void {}
  clear(): void {}
}

/** A Parquet file's bytes; null when it no longer exists. */
export async function readParquetBytes(path: string): Promise<Uint8Array | null> {
  try {
    return await fs.readFile(path)
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

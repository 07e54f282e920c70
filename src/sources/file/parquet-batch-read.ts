/**
 * `spark.read.format('parquet')`: every data file of a directory (or one file), in path order,
 * with the user schema or the first file's ({@link parquetFileSchema}), and the columns of
 * `col=value` directories after them (partition-discovery.ts).
 */
import { readParquetRows } from '../../delta/parquet-row-reader.js'
import { SourceError } from '../../errors/index.js'
import { asNullable, structType, type Row, type StructType } from '../../types/index.js'
import { resolve } from 'node:path'
import { parseBadInputOptions } from './file-source-options.js'
import { batchInputFiles, missingInputFile } from './list-data-files.js'
import {
  discoverPartitions,
  partitionedLayout,
  withoutPartitionColumns,
} from './partition-discovery.js'
import { readParquetBytes } from './parquet-file-reader.js'
import { checkParquetColumns, parquetFileSchema } from './parquet-file-schema.js'

export async function readParquetBatch(
  path: string,
  userSchema: StructType | undefined,
  options: Readonly<Record<string, string>> = {},
): Promise<{ schema: StructType; rows: Row[] }> {
  const { ignoreMissingFiles } = parseBadInputOptions(options)
  const files = await batchInputFiles(path)
  const parts = discoverPartitions(resolve(path), files, userSchema)
  const dataUserSchema =
    userSchema && parts ? withoutPartitionColumns(userSchema, parts.schema) : userSchema
  const contents: [string, Uint8Array][] = []
  for (const f of files) {
    const bytes = await readParquetBytes(f)
    if (bytes !== null) contents.push([f, bytes])
    else if (!ignoreMissingFiles) throw missingInputFile(f)
  }
  const first = contents[0]
  const fileSchema = first ? parquetFileSchema(first[1], first[0]) : structType([])
  const schema = dataUserSchema
    ? asNullable(dataUserSchema)
    : parts
      ? withoutPartitionColumns(fileSchema, parts.schema)
      : fileSchema
  const rows: Row[] = []
  for (const [file, bytes] of contents) {
    try {
      checkParquetColumns(bytes, schema, file)
      const read = await readParquetRows(bytes, schema.fields)
      for (const r of parts ? parts.appendTo(file, read) : read) rows.push(r)
    } catch (cause) {
      if (cause instanceof SourceError) throw cause
      throw new SourceError(
        'SL_SOURCE_FILE_UNREADABLE',
        { path: file, problem: `not a readable Parquet file (${(cause as Error).message})` },
        { path: file, cause },
      )
    }
  }
  if (!parts) return { schema, rows }
  const layout = partitionedLayout(schema, parts.schema, userSchema)
  return { schema: layout.schema, rows: layout.arrange(rows) }
}

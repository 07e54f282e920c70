/**
 * `spark.read.format('parquet')`: every data file of a directory (or one file), in path order,
 * with the user schema or the first file's ({@link parquetFileSchema}).
 */
import { readParquetRows } from '../../delta/parquet-row-reader.js'
import { SourceError } from '../../errors/index.js'
import { asNullable, structType, type Row, type StructType } from '../../types/index.js'
import { batchInputFiles } from './list-data-files.js'
import { readParquetBytes } from './parquet-file-reader.js'
import { checkParquetColumns, parquetFileSchema } from './parquet-file-schema.js'

export async function readParquetBatch(
  path: string,
  userSchema: StructType | undefined,
): Promise<{ schema: StructType; rows: Row[] }> {
  const files = await batchInputFiles(path)
  const contents: [string, Uint8Array][] = []
  for (const f of files) {
    const bytes = await readParquetBytes(f)
    if (bytes !== null) contents.push([f, bytes])
  }
  const first = contents[0]
  const schema = userSchema
    ? asNullable(userSchema)
    : first
      ? parquetFileSchema(first[1], first[0])
      : structType([])
  const rows: Row[] = []
  for (const [file, bytes] of contents) {
    try {
      checkParquetColumns(bytes, schema, file)
      for (const r of await readParquetRows(bytes, schema.fields)) rows.push(r)
    } catch (cause) {
      if (cause instanceof SourceError) throw cause
      throw new SourceError(
        'SL_SOURCE_FILE_UNREADABLE',
        { path: file, problem: `not a readable Parquet file (${(cause as Error).message})` },
        { path: file, cause },
      )
    }
  }
  return { schema, rows }
}

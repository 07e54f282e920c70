/**
 * The file stream source's partition columns: a file under Hive-style `col=value` directories
 * (below the source path) whose names are columns of the user schema gets those columns from the
 * directories, as Spark's FileStreamSource reads a partitioned file sink's output. The files are
 * read with the whole user schema — by name (JSON, Parquet: the column is not in the file) or by
 * position (CSV: Spark's positional mapping, the partition column taking a position too) — and
 * the directory value then replaces the column's. Files outside such directories keep their
 * records as read (packed columns stay packed).
 */
import { HIVE_DEFAULT_PARTITION, parsePartitionValue } from '../../delta/index.js'
import type { StructType } from '../../types/index.js'
import { chunkRows } from '../../types/record-chunk.js'
import type { ListedFile } from './list-data-files.js'
import type { FileRecords, RecordReader } from './file-stream-source.js'

export class PartitionValuesReader implements RecordReader {
  private readonly columns: Map<string, number>

  constructor(
    private readonly inner: RecordReader,
    private readonly root: string,
    private readonly schema: StructType,
  ) {
    this.columns = new Map(schema.fields.map((f, i) => [f.name.toLowerCase(), i]))
  }

  async read(file: string): Promise<FileRecords> {
    const records = await this.inner.read(file)
    if (records.missing) return records
    const values = this.valuesOf(file)
    if (values.length === 0) return records
    const rows = chunkRows(records.chunk).map((r) => {
      const row = [...r]
      for (const [i, v] of values) row[i] = v
      return row
    })
    return { ...records, chunk: { rows } }
  }

  prefetch(files: readonly ListedFile[]): void {
    this.inner.prefetch(files)
  }

  clear(): void {
    this.inner.clear()
  }

  /** `[column index, typed value]` of each `col=value` directory naming a schema column. */
  private valuesOf(file: string): [number, unknown][] {
    if (!file.startsWith(`${this.root}/`)) return []
    const out: [number, unknown][] = []
    for (const dir of file
      .slice(this.root.length + 1)
      .split('/')
      .slice(0, -1)) {
      const eq = dir.indexOf('=')
      if (eq <= 0) continue
      const i = this.columns.get(unescape(dir.slice(0, eq)).toLowerCase())
      if (i === undefined) continue
      const raw = dir.slice(eq + 1)
      const text = raw === HIVE_DEFAULT_PARTITION ? null : unescape(raw)
      const type = this.schema.fields[i]!.dataType
      out.push([
        i,
        text === null ? null : type.type === 'string' ? text : parsePartitionValue(type, text),
      ])
    }
    return out
  }
}

function unescape(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
}

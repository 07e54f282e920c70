/**
 * Spark's layout of file output, shared by `df.write` (file-batch-write.ts) and the streaming file
 * sink (file-stream-sink.ts): rows grouped by the partition columns into Hive-style `col=value`
 * directories (the value as CAST(… AS STRING) with Hive's escaping, null or '' as
 * `__HIVE_DEFAULT_PARTITION__`), partition columns left out of the files, and part file names.
 */
import { escapePartitionPathValue, HIVE_DEFAULT_PARTITION } from '../../delta/index.js'
import { SinkError } from '../../errors/index.js'
import { castToString } from '../../internal/cast-to-string.js'
import type { Row, StructType } from '../../types/index.js'
import { partitionRows } from '../delta/write-table-files.js'

/** The rows of one part file: its directory relative to the output ('' unpartitioned). */
export interface PartFileGroup {
  readonly dir: string
  readonly rows: Row[]
}

/** What to write: the files' schema (without partition columns) and one group per directory. */
export interface PartFileLayout {
  readonly dataSchema: StructType
  readonly groups: PartFileGroup[]
}

/**
 * Groups `rows` for writing to `path`. With no rows and no partition columns there is one empty
 * group: Spark's first task writes a file even without data, so that the schema survives.
 */
export function partFileLayout(
  path: string,
  schema: StructType,
  partitionColumns: readonly string[],
  rows: readonly Row[],
  timeZone: string,
): PartFileLayout {
  for (const c of partitionColumns)
    if (!schema.fields.some((f) => f.name === c))
      throw new SinkError(
        'SL_SINK_PARTITION_COLUMNS_MISMATCH',
        {
          path,
          given: `[${partitionColumns.join(', ')}]`,
          table: `the columns [${schema.fields.map((f) => f.name).join(', ')}]`,
        },
        { path },
      )
  const dataIndexes = schema.fields
    .map((f, i) => (partitionColumns.includes(f.name) ? -1 : i))
    .filter((i) => i >= 0)
  const dataSchema: StructType = {
    type: 'struct',
    fields: dataIndexes.map((i) => schema.fields[i]!),
  }
  const groups = partitionRows(schema, partitionColumns, rows)
  if (groups.length === 0 && partitionColumns.length === 0) groups.push({ values: {}, rows: [] })
  return {
    dataSchema,
    groups: groups.map((group) => ({
      dir: partitionColumns
        .map((c) => {
          const field = schema.fields.find((f) => f.name === c)!
          const text = castToString(group.values[c], field.dataType, timeZone)
          const value =
            text === null || text === '' ? HIVE_DEFAULT_PARTITION : escapePartitionPathValue(text)
          return `${escapePartitionPathValue(c)}=${value}`
        })
        .join('/'),
      rows: group.rows.map((r) => dataIndexes.map((i) => r[i])),
    })),
  }
}

/**
 * A part file's name relative to the output: `part-<task>-<uuid>-c000<ext>` in the output
 * directory (Spark's single-directory writer) and `<dir>/part-<task>-<uuid>.c000<ext>` in a
 * partition directory (its dynamic-partition writer).
 */
export function partFileName(dir: string, task: number, uuid: string, extension: string): string {
  const name = `part-${String(task).padStart(5, '0')}-${uuid}${dir ? '.' : '-'}c000${extension}`
  return dir ? `${dir}/${name}` : name
}

/**
 * Writes rows as the data files of a (possibly partitioned) Delta table: one file per partition
 * (Hive-style directories `col=value/…` with Hive's escaping, null and '' as
 * `__HIVE_DEFAULT_PARTITION__`, delta/partition-values.ts) and at most `maxRowsPerFile` rows per
 * file. Partition columns are left out of the files; their values go to the `add` actions'
 * `partitionValues` (null for a null or empty-string value, as Spark writes them).
 */
import { Decimal } from '../../types/decimal-value.js'
import { HIVE_DEFAULT_PARTITION, writeDataFile, type AddAction } from '../../delta/index.js'
import type { Row, StructType } from '../../types/index.js'

/** Options of {@link writeTableFiles}. @internal */
export interface WriteTableFilesOptions {
  /** Marked in the file names (orphan cleanup of a streaming sink). */
  readonly owner?: string
  readonly maxRowsPerFile: number
}

/**
 * Writes `rows` (positional per `schema`, the full table schema) and returns one `add` per file,
 * partitions in order of first appearance. @internal
 */
export async function writeTableFiles(
  tablePath: string,
  schema: StructType,
  partitionColumns: readonly string[],
  rows: readonly Row[],
  options: WriteTableFilesOptions,
): Promise<AddAction[]> {
  const fileOptions = options.owner === undefined ? {} : { owner: options.owner }
  const adds: AddAction[] = []
  for (const { values, rows: part } of partitionRows(schema, partitionColumns, rows)) {
    for (let i = 0; i < part.length; i += options.maxRowsPerFile)
      adds.push(
        await writeDataFile(tablePath, schema, part.slice(i, i + options.maxRowsPerFile), {
          ...fileOptions,
          ...(partitionColumns.length > 0 ? { partitionValues: values } : {}),
        }),
      )
  }
  return adds
}

/** One partition's typed values (keyed by column, in partition order) and rows. @internal */
export interface PartitionGroup {
  readonly values: Readonly<Record<string, unknown>>
  readonly rows: Row[]
}

/** Groups rows by their partition values (an empty input gives no group). @internal */
export function partitionRows(
  schema: StructType,
  partitionColumns: readonly string[],
  rows: readonly Row[],
): PartitionGroup[] {
  if (partitionColumns.length === 0) return rows.length > 0 ? [{ values: {}, rows: [...rows] }] : []
  const indexes = partitionColumns.map((c) => schema.fields.findIndex((f) => f.name === c))
  const groups = new Map<string, PartitionGroup>()
  for (const row of rows) {
    const typed = indexes.map((i) => {
      const v = row[i]
      // Spark writes an empty string partition value as null (the default partition), and the
      // string __HIVE_DEFAULT_PARTITION__ too: Spark 4.2 / Delta 4.4 log null for it
      // (test/oracle/exact-values.spark.ts).
      return v === '' || v === HIVE_DEFAULT_PARTITION || v === undefined ? null : v
    })
    const key = JSON.stringify(typed.map(keyOf))
    let group = groups.get(key)
    if (!group) {
      const values: Record<string, unknown> = {}
      partitionColumns.forEach((c, k) => (values[c] = typed[k]))
      group = { values, rows: [] }
      groups.set(key, group)
    }
    group.rows.push(row)
  }
  return [...groups.values()]
}

function keyOf(v: unknown): unknown {
  if (v instanceof Uint8Array) return `b:${Buffer.from(v).toString('hex')}`
  if (typeof v === 'bigint') return `n:${v}`
  // Exact decimals (types/decimal-value.ts) have the column's scale: the text is canonical.
  if (v instanceof Decimal) return `d:${v.toString()}`
  return v
}

/**
 * Spark's partition discovery for file reads (PartitioningUtils): files under Hive-style
 * `col=value` directories get those columns, after the data columns. A column named in the user
 * schema takes its type from there; otherwise the type is inferred from the directory values as
 * Spark does with `spark.sql.sources.partitionColumnTypeInference.enabled` (int, bigint,
 * decimal(p,0) for larger integers, double, date, timestamp, else string; different types across
 * directories widen, or fall back to string). `__HIVE_DEFAULT_PARTITION__` is null; names and
 * values are unescaped from Hive's `%XX`.
 */
import { parsePartitionValue, HIVE_DEFAULT_PARTITION } from '../../delta/index.js'
import {
  DataTypes,
  structField,
  structType,
  type DataType,
  type Row,
  type StructType,
} from '../../types/index.js'

/** The partition columns of a set of files and each file's values. */
export interface DiscoveredPartitions {
  /** The partition columns, in directory order. */
  readonly schema: StructType
  /** Appends a file's partition values to its rows (of the data schema). */
  readonly appendTo: (file: string, rows: Row[]) => Row[]
}

/**
 * The partition columns of `files` under `root`; undefined when they are not in `col=value`
 * directories (or disagree on the column names, which Spark refuses and we then read as data only).
 */
export function discoverPartitions(
  root: string,
  files: readonly string[],
  userSchema: StructType | undefined,
): DiscoveredPartitions | undefined {
  const perFile = new Map<string, [string, string | null][]>()
  let names: string[] | undefined
  for (const file of files) {
    if (!file.startsWith(`${root}/`)) return undefined
    const dirs = file
      .slice(root.length + 1)
      .split('/')
      .slice(0, -1)
    const pairs: [string, string | null][] = []
    for (const d of dirs) {
      const eq = d.indexOf('=')
      if (eq <= 0) continue
      const raw = d.slice(eq + 1)
      pairs.push([unescape(d.slice(0, eq)), raw === HIVE_DEFAULT_PARTITION ? null : unescape(raw)])
    }
    const these = pairs.map(([n]) => n)
    if (names === undefined) names = these
    else if (names.join('/') !== these.join('/')) return undefined
    perFile.set(file, pairs)
  }
  if (!names || names.length === 0) return undefined
  const types = names.map((name, i) => {
    const given = userSchema?.fields.find((f) => f.name.toLowerCase() === name.toLowerCase())
    if (given) return given.dataType
    let t: DataType | undefined
    for (const pairs of perFile.values()) {
      const v = pairs[i]![1]
      if (v !== null) t = t === undefined ? inferType(v) : wider(t, inferType(v))
    }
    return t ?? DataTypes.StringType
  })
  const schema = structType(names.map((n, i) => structField(n, types[i]!, true)))
  return {
    schema,
    appendTo: (file, rows) => {
      const values = (perFile.get(file) ?? []).map(([, v], i) => partitionValue(types[i]!, v))
      return rows.map((r) => [...r, ...values])
    },
  }
}

/**
 * The columns of a read with partitions: the user schema's order when there is one (partition
 * columns where it puts them, others after it), else the data columns then the partition columns;
 * `arrange` puts a row of data then partition values into that order.
 */
export function partitionedLayout(
  dataSchema: StructType,
  partitions: StructType,
  userSchema: StructType | undefined,
): { schema: StructType; arrange: (rows: Row[]) => Row[] } {
  const combined = [...dataSchema.fields, ...partitions.fields]
  if (!userSchema) return { schema: structType(combined), arrange: (rows) => rows }
  // A partition column's value comes from its directory even where the data has the column too.
  const index = (name: string) => {
    const same = (f: { name: string }) => f.name.toLowerCase() === name.toLowerCase()
    const p = partitions.fields.findIndex(same)
    return p >= 0 ? dataSchema.fields.length + p : dataSchema.fields.findIndex(same)
  }
  const order = userSchema.fields.map((f) => index(f.name))
  for (const f of partitions.fields) if (!order.includes(index(f.name))) order.push(index(f.name))
  return {
    schema: structType(order.map((i) => combined[i]!)),
    arrange: (rows) => rows.map((r) => order.map((i) => r[i])),
  }
}

/** The schema the files' readers use: the user schema without the partition columns. */
export function withoutPartitionColumns(schema: StructType, partitions: StructType): StructType {
  const names = new Set(partitions.fields.map((f) => f.name.toLowerCase()))
  return structType(schema.fields.filter((f) => !names.has(f.name.toLowerCase())))
}

function partitionValue(t: DataType, text: string | null): unknown {
  if (text === null) return null
  if (t.type === 'string') return text
  return parsePartitionValue(t, text)
}

function unescape(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
}

const INT = /^[+-]?\d+$/

function inferType(v: string): DataType {
  if (INT.test(v)) {
    const n = BigInt(v)
    if (n >= -2147483648n && n <= 2147483647n) return DataTypes.IntegerType
    if (n >= -9223372036854775808n && n <= 9223372036854775807n) return DataTypes.LongType
    const digits = v.replace(/^[+-]/, '').replace(/^0+(?=\d)/, '').length
    if (digits <= 38) return DataTypes.decimal(digits, 0)
    return DataTypes.StringType
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return DataTypes.DoubleType
  if (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
    return DataTypes.DateType
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/.test(v)) return DataTypes.TimestampType
  return DataTypes.StringType
}

const NUMERIC_RANK: Readonly<Record<string, number>> = {
  integer: 0,
  long: 1,
  decimal: 2,
  double: 3,
}

function wider(a: DataType, b: DataType): DataType {
  if (a.type === b.type && a.type !== 'decimal') return a
  const ra = NUMERIC_RANK[a.type]
  const rb = NUMERIC_RANK[b.type]
  if (ra !== undefined && rb !== undefined) {
    if (a.type === 'decimal' && b.type === 'decimal') return a.precision >= b.precision ? a : b
    if (a.type === 'decimal' && rb < 2) return a.precision >= 20 ? a : DataTypes.decimal(20, 0)
    if (b.type === 'decimal' && ra < 2) return b.precision >= 20 ? b : DataTypes.decimal(20, 0)
    return ra >= rb ? a : b
  }
  const dt = new Set([a.type, b.type])
  if (dt.has('date') && dt.has('timestamp') && dt.size === 2) return DataTypes.TimestampType
  return DataTypes.StringType
}

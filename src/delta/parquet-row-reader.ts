/**
 * Reads Parquet data files into rows with hyparquet. Values are converted to the in-memory
 * representation of `src/types/data-type.ts`: every timestamp encoding Spark and delta-rs write
 * (INT96 — Spark's default —, INT64 MICROS, MILLIS, NANOS) becomes a number of microseconds, dates
 * become day numbers, INT64 becomes an exact long (a number, or a bigint past 2^53: see
 * types/long-value.ts), DECIMAL (INT32, INT64, FIXED_LEN_BYTE_ARRAY, BINARY) an exact {@link Decimal}
 * (parquet-decimals.ts), structs become positional arrays, maps become Maps.
 * Columns are matched by name; a schema column missing from the file reads as null (schema
 * evolution adds columns without rewriting files).
 */
import { parquetMetadata, parquetReadObjects, parquetSchema, type ParquetParsers } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { Decimal, fitDecimal } from '../types/decimal-value.js'
import type { DataType, Row, StructField } from '../types/index.js'
import { canonicalLong } from '../types/long-value.js'
import { planDecimalRead, rawDecimal } from './parquet-decimals.js'
import { mapEntries, withMapsAsEntries } from './parquet-maps.js'

/** hyparquet parsers producing our representation instead of JS Dates (ms precision). */
export const PARQUET_PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (millis: bigint) => canonicalLong(millis * 1000n),
  timestampFromMicroseconds: (micros: bigint) => canonicalLong(micros),
  timestampFromNanoseconds: (nanos: bigint) => canonicalLong(floorDiv(nanos, 1000n)),
  dateFromDays: (days: number) => days,
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b
  return a % b !== 0n && a < 0n ? q - 1n : q
}

/**
 * Reads raw hyparquet object rows (only the named top-level columns that exist in the file).
 * `mapsAsEntries`: maps come as their entry lists (parquet-maps.ts), else as plain objects.
 */
export async function readParquetObjects(
  bytes: Uint8Array,
  columns?: readonly string[],
  mapsAsEntries = false,
): Promise<{
  rows: Record<string, unknown>[]
  fileColumns: Set<string>
  decimalScales: ReadonlyMap<string, number>
}> {
  const buffer = bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength,
  ) as ArrayBuffer
  const fileMetadata = parquetMetadata(buffer)
  const fileColumns = new Set(parquetSchema(fileMetadata).children.map((c) => c.element.name))
  const wanted = columns?.filter((c) => fileColumns.has(c))
  if (wanted && wanted.length === 0) {
    const rows = Array.from({ length: Number(fileMetadata.num_rows) }, () => ({}))
    return { rows, fileColumns, decimalScales: new Map() }
  }
  const { metadata, scales } = planDecimalRead(fileMetadata)
  const rows = await parquetReadObjects({
    file: buffer,
    metadata: mapsAsEntries ? withMapsAsEntries(metadata) : metadata,
    ...(wanted ? { columns: wanted } : {}),
    compressors,
    parsers: PARQUET_PARSERS,
    utf8: false,
  })
  return { rows, fileColumns, decimalScales: scales }
}

/** Reads a data file into rows positional per `fields`. */
export async function readParquetRows(
  bytes: Uint8Array,
  fields: readonly StructField[],
): Promise<Row[]> {
  const { rows, decimalScales } = await readParquetObjects(
    bytes,
    fields.map((f) => f.name),
    true,
  )
  const scales = decimalScales.size === 0 ? undefined : decimalScales
  const out = new Array<Row>(rows.length)
  for (let r = 0; r < rows.length; r++) {
    const obj = rows[r]!
    const row = new Array<unknown>(fields.length)
    for (let i = 0; i < fields.length; i++) {
      const name = fields[i]!.name
      row[i] = toValue(fields[i]!.dataType, obj[name], scales, name)
    }
    out[r] = row
  }
  return out
}

/**
 * Converts one decoded Parquet value to the in-memory representation of `t`. `scales` maps the
 * logical path of each raw DECIMAL leaf to its file scale (parquet-decimals.ts).
 */
export function toValue(
  t: DataType,
  v: unknown,
  scales?: ReadonlyMap<string, number>,
  path = '',
): unknown {
  if (v == null) return null
  switch (t.type) {
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
      // Exact: a long past 2^53 stays a bigint (long-value.ts), never a rounded double.
      return typeof v === 'bigint' ? canonicalLong(v) : v
    case 'integer':
    case 'short':
    case 'byte':
    case 'date':
    case 'float':
    case 'double':
      return typeof v === 'bigint' ? Number(v) : v
    case 'decimal': {
      const fileScale = scales?.get(path)
      const d =
        fileScale !== undefined
          ? rawDecimal(v, fileScale)
          : v instanceof Decimal
            ? v
            : typeof v === 'number'
              ? Decimal.fromNumber(v)
              : typeof v === 'bigint'
                ? Decimal.of(v, 0) // a long widened to a decimal (type-widening.ts): INT64, no scale
                : undefined
      return d === undefined ? null : fitDecimal(d, t.precision, t.scale)
    }
    case 'string':
      return typeof v === 'string'
        ? v
        : v instanceof Uint8Array
          ? new TextDecoder().decode(v)
          : String(v)
    case 'binary':
      return typeof v === 'string' ? new TextEncoder().encode(v) : v
    case 'struct': {
      const o = v as Record<string, unknown>
      return t.fields.map((f) => toValue(f.dataType, o[f.name], scales, `${path}.${f.name}`))
    }
    case 'array':
      return (v as unknown[]).map((e) => toValue(t.elementType, e, scales, `${path}[]`))
    case 'map':
      // Entries in file order, keys of any type decoded as themselves (parquet-maps.ts).
      return new Map(
        mapEntries(v).map(([k, e]) => [
          toValue(t.keyType, k, scales, `${path}{k}`),
          toValue(t.valueType, e, scales, `${path}{v}`),
        ]),
      )
    default:
      return v
  }
}

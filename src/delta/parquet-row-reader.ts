/**
 * Reads Parquet data files into rows with hyparquet. Values are converted to the in-memory
 * representation of `src/types/data-type.ts`: every timestamp encoding Spark and delta-rs write
 * (INT96 — Spark's default —, INT64 MICROS, MILLIS, NANOS) becomes a number of microseconds, dates
 * become day numbers, INT64 becomes an exact long (a number, or a bigint past 2^53: see
 * types/long-value.ts), structs become positional arrays, maps become Maps.
 * Columns are matched by name; a schema column missing from the file reads as null (schema
 * evolution adds columns without rewriting files).
 */
import { parquetMetadata, parquetReadObjects, parquetSchema, type ParquetParsers } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import type { DataType, Row, StructField } from '../types/index.js'
import { canonicalLong, parseLong } from '../types/long-value.js'

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

/** Reads raw hyparquet object rows (only the named top-level columns that exist in the file). */
export async function readParquetObjects(
  bytes: Uint8Array,
  columns?: readonly string[],
): Promise<{ rows: Record<string, unknown>[]; fileColumns: Set<string> }> {
  const buffer = bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength,
  ) as ArrayBuffer
  const metadata = parquetMetadata(buffer)
  const fileColumns = new Set(parquetSchema(metadata).children.map((c) => c.element.name))
  const wanted = columns?.filter((c) => fileColumns.has(c))
  if (wanted && wanted.length === 0) {
    return { rows: Array.from({ length: Number(metadata.num_rows) }, () => ({})), fileColumns }
  }
  const rows = await parquetReadObjects({
    file: buffer,
    metadata,
    ...(wanted ? { columns: wanted } : {}),
    compressors,
    parsers: PARQUET_PARSERS,
    utf8: false,
  })
  return { rows, fileColumns }
}

/** Reads a data file into rows positional per `fields`. */
export async function readParquetRows(
  bytes: Uint8Array,
  fields: readonly StructField[],
): Promise<Row[]> {
  const { rows } = await readParquetObjects(
    bytes,
    fields.map((f) => f.name),
  )
  const out = new Array<Row>(rows.length)
  for (let r = 0; r < rows.length; r++) {
    const obj = rows[r]!
    const row = new Array<unknown>(fields.length)
    for (let i = 0; i < fields.length; i++)
      row[i] = toValue(fields[i]!.dataType, obj[fields[i]!.name])
    out[r] = row
  }
  return out
}

/** Converts one decoded Parquet value to the in-memory representation of `t`. */
export function toValue(t: DataType, v: unknown): unknown {
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
    case 'decimal':
      return typeof v === 'bigint' ? Number(v) : v
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
      return t.fields.map((f) => toValue(f.dataType, o[f.name]))
    }
    case 'array':
      return (v as unknown[]).map((e) => toValue(t.elementType, e))
    case 'map': {
      const entries =
        v instanceof Map ? [...v.entries()] : Object.entries(v as Record<string, unknown>)
      return new Map(
        entries.map(([k, e]) => [
          toValue(t.keyType, mapKey(t.keyType, k)),
          toValue(t.valueType, e),
        ]),
      )
    }
    default:
      return v
  }
}

// hyparquet returns maps as plain objects, so non-string keys arrive as their text.
function mapKey(t: DataType, k: unknown): unknown {
  if (typeof k !== 'string') return k
  switch (t.type) {
    case 'string':
      return k
    case 'boolean':
      return k === 'true'
    case 'long':
      return parseLong(k) ?? k
    default:
      return Number.isNaN(Number(k)) ? k : Number(k)
  }
}

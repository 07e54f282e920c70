/**
 * Exact Parquet DECIMAL reading. hyparquet turns every DECIMAL column into doubles
 * (`unscaled * 10^-scale`), which rounds precisions above 15 (12345.678900000000794535 would read
 * as 12345.678900000003). So the reader hands hyparquet a copy of the footer without the DECIMAL
 * annotations — it then returns the raw physical values: INT32 numbers, INT64 bigints,
 * FIXED_LEN_BYTE_ARRAY / BINARY big-endian two's-complement bytes (the four encodings of
 * parquet-format LogicalTypes.md §DECIMAL) — and converts them here with the file's own scale.
 *
 * Scales are keyed by the logical path the row converter walks: `a.b` for struct fields, `a[]`
 * for array elements, `m{k}` / `m{v}` for map keys and values.
 */
import type { FileMetaData, SchemaElement, SchemaTree } from 'hyparquet'
import { parquetSchema } from 'hyparquet'
import { Decimal } from '../types/decimal-value.js'

/** The footer to read with (DECIMAL annotations removed) and each decimal leaf's file scale. */
export interface DecimalReadPlan {
  readonly metadata: FileMetaData
  /** Logical path → the file's scale; empty when the file has no decimal column. */
  readonly scales: ReadonlyMap<string, number>
}

function isDecimal(e: SchemaElement): boolean {
  return e.converted_type === 'DECIMAL' || e.logical_type?.type === 'DECIMAL'
}

function decimalScale(e: SchemaElement): number {
  const logical = e.logical_type
  return logical?.type === 'DECIMAL' ? logical.scale : (e.scale ?? 0)
}

/** Plans exact decimal reading for a file (the same metadata back when it has no decimals). */
export function planDecimalRead(metadata: FileMetaData): DecimalReadPlan {
  if (!metadata.schema.some(isDecimal)) return { metadata, scales: new Map() }
  const scales = new Map<string, number>()
  for (const child of parquetSchema(metadata).children) walk(child, child.element.name, scales)
  const schema = metadata.schema.map((e) => {
    if (!isDecimal(e)) return e
    const raw = { ...e }
    delete raw.converted_type
    delete raw.logical_type
    return raw
  })
  return { metadata: { ...metadata, schema }, scales }
}

function walk(node: SchemaTree, path: string, out: Map<string, number>): void {
  // A repeated field outside a LIST group is a list of that field (parquet-format's legacy form).
  if (node.element.repetition_type === 'REPEATED') return walkValue(node, `${path}[]`, out)
  walkValue(node, path, out)
}

function walkValue(node: SchemaTree, path: string, out: Map<string, number>): void {
  const e = node.element
  if (isDecimal(e)) {
    out.set(path, decimalScale(e))
    return
  }
  if (node.children.length === 0) return
  const annotation = e.logical_type?.type ?? e.converted_type
  const repeated = node.children[0]!
  if (annotation === 'LIST') {
    // Three-level lists have one child under the repeated group; the legacy two-level forms use
    // the repeated field itself (parquet-format LogicalTypes.md §Backward-compatibility rules).
    const element =
      repeated.children.length === 1 &&
      repeated.element.name !== 'array' &&
      !repeated.element.name.endsWith('_tuple')
        ? repeated.children[0]!
        : repeated
    walkValue(element, `${path}[]`, out)
    return
  }
  if (annotation === 'MAP' || annotation === 'MAP_KEY_VALUE') {
    const [key, value] = repeated.children
    if (key) walkValue(key, `${path}{k}`, out)
    if (value) walkValue(value, `${path}{v}`, out)
    return
  }
  for (const child of node.children) walk(child, `${path}.${child.element.name}`, out)
}

/** The unscaled integer of a raw physical DECIMAL value, or undefined for another kind. */
export function rawUnscaled(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v
  if (typeof v === 'number') return Number.isSafeInteger(v) ? BigInt(v) : undefined
  if (v instanceof Uint8Array) {
    if (v.length === 0) return 0n
    let value = 0n
    for (const byte of v) value = (value << 8n) | BigInt(byte)
    // Two's complement: the top bit of the first byte is the sign.
    return (v[0]! & 0x80) !== 0 ? value - (1n << BigInt(v.length * 8)) : value
  }
  return undefined
}

/** A raw physical DECIMAL value at the file's scale as a {@link Decimal}. */
export function rawDecimal(v: unknown, fileScale: number): Decimal | undefined {
  const unscaled = rawUnscaled(v)
  return unscaled === undefined ? undefined : Decimal.of(unscaled, fileScale)
}

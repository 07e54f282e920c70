/**
 * Reading tables with Delta's `typeWidening` feature (PROTOCOL.md §Type Widening). ALTER TABLE …
 * CHANGE COLUMN … TYPE widens a column (or a struct field, array element, map key or value) in the
 * schema only: the files written before keep the narrow Parquet type, and readers widen their
 * values, as Spark's Parquet reader does. Most widenings need nothing from us — byte/short → int →
 * long, float → double and byte/short/int → double read as the same numbers, and integral →
 * decimal and decimal → wider decimal are read with the file's own scale and cast to the table's
 * (parquet-row-reader.ts). The one that changes the representation is DATE → TIMESTAMP_NTZ: a day
 * number becomes that day's midnight in microseconds. This module plans that per file.
 */
import type { SchemaTree } from 'hyparquet'
import type { DataType, Row, StructField } from '../types/index.js'
import { canonicalLong } from '../types/long-value.js'
import type { ProtocolAction } from './actions.js'

const MICROS_PER_DAY = 86_400_000_000n

type Widen = (v: unknown) => unknown

/** The fields to read a file with and the conversion of its rows to the table's types. */
export interface WidenedRead {
  readonly fields: StructField[]
  readonly widen: (row: Row) => Row
}

/**
 * Whether reading `fields` of a table with this protocol may need {@link planWidenedRead}: the
 * table has the feature and a TIMESTAMP_NTZ somewhere in the fields (cheap; no file is read).
 */
export function mayWidenDates(protocol: ProtocolAction, fields: readonly StructField[]): boolean {
  const features = protocol.readerFeatures ?? []
  if (!features.includes('typeWidening') && !features.includes('typeWidening-preview')) return false
  return fields.some((f) => containsNtz(f.dataType))
}

/**
 * For a file whose Parquet schema is `file`, the read plan of `fields` (physical names), or
 * undefined when no value needs converting.
 */
export function planWidenedRead(
  fields: readonly StructField[],
  file: SchemaTree,
): WidenedRead | undefined {
  const plans = fields.map((f) => plan(f.dataType, child(file, f.name)))
  if (plans.every((p) => p.widen === undefined)) return undefined
  return {
    fields: fields.map((f, i) => ({ ...f, dataType: plans[i]!.type })),
    widen: (row) => row.map((v, i) => (v == null ? v : (plans[i]!.widen?.(v) ?? v))),
  }
}

interface Plan {
  readonly type: DataType
  readonly widen?: Widen
}

function plan(t: DataType, node: SchemaTree | undefined): Plan {
  if (node === undefined) return { type: t }
  switch (t.type) {
    case 'timestamp_ntz':
      return isDate(node) ? { type: { type: 'date' }, widen: dayToMicros } : { type: t }
    case 'struct': {
      const plans = t.fields.map((f) => plan(f.dataType, child(node, f.name)))
      if (plans.every((p) => p.widen === undefined)) return { type: t }
      return {
        type: { ...t, fields: t.fields.map((f, i) => ({ ...f, dataType: plans[i]!.type })) },
        widen: (v) => (v as unknown[]).map((x, i) => nullOr(plans[i]!.widen, x)),
      }
    }
    case 'array': {
      const e = plan(t.elementType, listElement(node))
      if (e.widen === undefined) return { type: t }
      return {
        type: { ...t, elementType: e.type },
        widen: (v) => (v as unknown[]).map((x) => nullOr(e.widen, x)),
      }
    }
    case 'map': {
      const kv = node.children[0]
      const k = plan(t.keyType, kv?.children[0])
      const v = plan(t.valueType, kv?.children[1])
      if (k.widen === undefined && v.widen === undefined) return { type: t }
      return {
        type: { ...t, keyType: k.type, valueType: v.type },
        widen: (m) =>
          new Map(
            [...(m as Map<unknown, unknown>)].map(([a, b]) => [
              nullOr(k.widen, a),
              nullOr(v.widen, b),
            ]),
          ),
      }
    }
    default:
      return { type: t }
  }
}

function nullOr(widen: Widen | undefined, v: unknown): unknown {
  return widen === undefined || v == null ? v : widen(v)
}

// Spark reads a widened DATE as TIMESTAMP_NTZ midnight of that day. Exact: 0001-01-01 is
// −62,135,596,800,000,000 µs, past 2^53, so a bigint (long-value.ts).
function dayToMicros(v: unknown): unknown {
  return canonicalLong(BigInt(v as number) * MICROS_PER_DAY)
}

function isDate(node: SchemaTree): boolean {
  return node.element.converted_type === 'DATE' || node.element.logical_type?.type === 'DATE'
}

function child(node: SchemaTree, name: string): SchemaTree | undefined {
  return node.children.find((c) => c.element.name === name)
}

// Parquet LIST: <list> → repeated group → element (3 levels), or the repeated node itself (2).
function listElement(node: SchemaTree): SchemaTree | undefined {
  const repeated = node.children[0]
  if (!repeated) return undefined
  return repeated.children.length === 1 ? repeated.children[0] : repeated
}

function containsNtz(t: DataType): boolean {
  switch (t.type) {
    case 'struct':
      return t.fields.some((f) => containsNtz(f.dataType))
    case 'array':
      return containsNtz(t.elementType)
    case 'map':
      return containsNtz(t.keyType) || containsNtz(t.valueType)
    default:
      return t.type === 'timestamp_ntz'
  }
}

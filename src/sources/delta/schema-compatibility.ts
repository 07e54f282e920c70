/**
 * Whether a Delta stream may read across a schema change, decided as Delta 4.4's streaming source
 * does without a schema tracking log (DeltaSource.checkReadIncompatibleSchemaChanges,
 * DeltaStreamUtils.checkSchemaChangesWhenNoSchemaTracking, SchemaUtils.isReadCompatible,
 * DeltaColumnMapping.hasNoColumnMappingSchemaChanges, TypeWidening.isTypeChangeSupported), with
 * Delta's default settings (no unsafe flags, type widening accepted, no type-change tracking).
 *
 * Pure functions over schemas and metadata: the source (delta-changes.ts) applies them to every
 * `metaData` action it reads and, once per query start, to the snapshot a batch starts at.
 */
import type { MetadataAction } from '../../delta/actions.js'
import { columnMappingMode } from '../../delta/column-mapping.js'
import {
  simpleString,
  type DataType,
  type StructField,
  type StructType,
} from '../../types/index.js'

/** How a schema change meets the stream's read schema (Delta's SchemaCompatibilityResult). */
export type SchemaChangeResult = 'compatible' | 'retryable' | 'incompatible'

export interface ReadCompatibilityOptions {
  /** A nullable field of the data may not be read as non-nullable (else the reverse). */
  readonly forbidTightenNullability: boolean
  /** Every type change TypeWidening supports passes (TypeWideningMode.AllTypeWidening). */
  readonly allowWidening: boolean
  readonly newPartitionColumns?: readonly string[]
  readonly oldPartitionColumns?: readonly string[]
}

const INTEGRAL_SIZE: Readonly<Record<string, number>> = { byte: 1, short: 2, integer: 4, long: 8 }
// Integer digits a decimal needs to take an integral type: Parquet stores byte/short/int as
// INT32, read as decimal(10, 0) or wider, and long as INT64, decimal(20, 0) or wider.
const INTEGRAL_DIGITS: Readonly<Record<string, number>> = {
  byte: 10,
  short: 10,
  integer: 10,
  long: 20,
}

/**
 * SchemaUtils.isReadCompatible: whether data written with `existing` can be read with `read`.
 * Field names match case-insensitively but must then be spelled the same; a field of `existing`
 * missing from `read` (or a change of partition columns) is incompatible; new fields of `read`
 * are fine (read as null).
 */
export function isReadCompatible(
  existing: StructType,
  read: StructType,
  o: ReadCompatibilityOptions,
): boolean {
  const readNames = new Set(read.fields.map((f) => f.name.toLowerCase()))
  if (!existing.fields.every((f) => readNames.has(f.name.toLowerCase()))) return false
  if (!sameColumns(o.newPartitionColumns ?? [], o.oldPartitionColumns ?? [])) return false
  // CaseInsensitiveMap of the existing fields: the last of names equal but for case wins.
  const byName = new Map(existing.fields.map((f) => [f.name.toLowerCase(), f]))
  return read.fields.every((r) => {
    const e = byName.get(r.name.toLowerCase())
    if (e === undefined) return true
    return (
      e.name === r.name &&
      nullabilityCompatible(e.nullable, r.nullable, o) &&
      typeCompatible(e.dataType, r.dataType, o)
    )
  })
}

function nullabilityCompatible(
  existingNullable: boolean,
  readNullable: boolean,
  o: ReadCompatibilityOptions,
): boolean {
  return o.forbidTightenNullability
    ? readNullable || !existingNullable
    : existingNullable || !readNullable
}

function typeCompatible(e: DataType, n: DataType, o: ReadCompatibilityOptions): boolean {
  if (e.type === 'struct' && n.type === 'struct')
    return isReadCompatible(e, n, { ...o, newPartitionColumns: [], oldPartitionColumns: [] })
  if (e.type === 'array' && n.type === 'array')
    return (
      nullabilityCompatible(e.containsNull, n.containsNull, o) &&
      typeCompatible(e.elementType, n.elementType, o)
    )
  if (e.type === 'map' && n.type === 'map')
    return (
      nullabilityCompatible(e.valueContainsNull, n.valueContainsNull, o) &&
      typeCompatible(e.keyType, n.keyType, o) &&
      typeCompatible(e.valueType, n.valueType, o)
    )
  if (e.type === 'void') return true
  if (o.allowWidening && isAtomic(e) && isAtomic(n) && isTypeChangeSupported(e, n)) return true
  return sameAtomic(e, n)
}

function isAtomic(t: DataType): boolean {
  return t.type !== 'struct' && t.type !== 'array' && t.type !== 'map'
}

function sameAtomic(a: DataType, b: DataType): boolean {
  if (a.type === 'decimal' && b.type === 'decimal')
    return a.precision === b.precision && a.scale === b.scale
  return a.type === b.type && isAtomic(a)
}

/**
 * TypeWidening.isTypeChangeSupported: byte → short → int → long, float → double,
 * date → timestamp_ntz, byte/short/int → double, decimal → a wider decimal, byte/short/int →
 * decimal(10, 0) and wider, long → decimal(20, 0) and wider.
 */
export function isTypeChangeSupported(from: DataType, to: DataType): boolean {
  if (sameAtomic(from, to)) return true
  const fromSize = INTEGRAL_SIZE[from.type]
  const toSize = INTEGRAL_SIZE[to.type]
  if (fromSize !== undefined && toSize !== undefined) return fromSize <= toSize
  if (from.type === 'float' && to.type === 'double') return true
  if (from.type === 'date' && to.type === 'timestamp_ntz') return true
  if (to.type === 'double') return fromSize !== undefined && fromSize <= 4
  if (to.type !== 'decimal') return false
  if (from.type === 'decimal')
    return to.precision - to.scale >= from.precision - from.scale && to.scale >= from.scale
  const digits = INTEGRAL_DIGITS[from.type]
  return digits !== undefined && to.precision - to.scale >= digits && to.scale >= 0
}

/**
 * DeltaStreamUtils.checkSchemaChangesWhenNoSchemaTracking: can the stream, reading with
 * `readSchema`, read files written with `dataSchema` (the schema of a `metaData` action)? A
 * backfilling stream (the change is older than the stream's schema) may read widened types; a
 * failure is retryable when the change is newer than the stream's schema and a restart, which
 * reads with the newer schema, would read the older files too.
 */
export function checkSchemaChange(args: {
  readonly dataSchema: StructType
  readonly readSchema: StructType
  readonly newPartitionColumns: readonly string[]
  readonly oldPartitionColumns: readonly string[]
  readonly backfilling: boolean
  /** The table (at the stream's start) supports the typeWidening feature. */
  readonly typeWidening: boolean
}): SchemaChangeResult {
  const forward = isReadCompatible(args.dataSchema, args.readSchema, {
    forbidTightenNullability: true,
    allowWidening: args.typeWidening && args.backfilling,
    newPartitionColumns: args.newPartitionColumns,
    oldPartitionColumns: args.oldPartitionColumns,
  })
  if (forward) return 'compatible'
  const retryable =
    !args.backfilling &&
    isReadCompatible(args.readSchema, args.dataSchema, {
      forbidTightenNullability: true,
      allowWidening: args.typeWidening,
    })
  return retryable ? 'retryable' : 'incompatible'
}

/**
 * The negation of DeltaColumnMapping.hasNoColumnMappingSchemaChanges: `newer` renames or drops a
 * column (or field) of `older` by physical name, or changes the partition columns, on a table
 * with column mapping; a mapping turned off in between counts as a change. Without column
 * mapping on both sides nothing is a change here (isReadCompatible decides).
 */
export function hasColumnMappingSchemaChange(
  newer: MetadataAction,
  newerSchema: StructType,
  older: MetadataAction,
  olderSchema: StructType,
): boolean {
  const newMode = columnMappingMode(newer)
  const oldMode = columnMappingMode(older)
  if (newMode === 'none') return oldMode !== 'none'
  // An upgrade in between used each logical name as the physical name (Delta's upgrade path).
  const oldFields = physicalPaths(olderSchema, oldMode !== 'none')
  const newFields = physicalPaths(newerSchema, true)
  for (const [path, field] of oldFields) {
    const now = newFields.get(path)
    if (now === undefined || now.name !== field.name) return true
  }
  return !sameColumns(newer.partitionColumns, older.partitionColumns)
}

/** Every (nested) field by its path of physical names (array/map levels as element/key/value). */
function physicalPaths(schema: StructType, mapped: boolean): Map<string, StructField> {
  const out = new Map<string, StructField>()
  const name = (f: StructField): string => {
    const p = f.metadata['delta.columnMapping.physicalName']
    return mapped && typeof p === 'string' ? p : f.name
  }
  const walk = (t: DataType, prefix: readonly string[]): void => {
    if (t.type === 'struct')
      for (const f of t.fields) {
        const path = [...prefix, name(f)]
        out.set(JSON.stringify(path), f)
        walk(f.dataType, path)
      }
    else if (t.type === 'array') walk(t.elementType, [...prefix, 'element'])
    else if (t.type === 'map') {
      walk(t.keyType, [...prefix, 'key'])
      walk(t.valueType, [...prefix, 'value'])
    }
  }
  walk(schema, [])
  return out
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => c === b[i])
}

/** A one-line schema for messages: `id int not null, name string, s struct<x:bigint>`. */
export function schemaText(schema: StructType): string {
  return schema.fields
    .map((f) => `${f.name} ${simpleString(f.dataType, true)}${nn(f.nullable)}`)
    .join(', ')
}

function nn(nullable: boolean): string {
  return nullable ? '' : ' not null'
}

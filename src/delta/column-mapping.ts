/**
 * Column mapping (PROTOCOL.md §Column Mapping): with `delta.columnMapping.mode` `name` or `id`,
 * every (nested) field carries `delta.columnMapping.physicalName` and `delta.columnMapping.id`,
 * Parquet files and `partitionValues` use the physical names, and renaming or dropping a column
 * only changes the logical schema. In `id` mode readers resolve Parquet columns by field id
 * (falling back to the physical name for files without ids).
 *
 * Reading goes through a *physical* copy of the wanted fields: the same types, every struct field
 * renamed to the name the file uses, so the Parquet row reader needs no knowledge of mapping.
 */
import type { SchemaTree } from 'hyparquet'
import type { DataType, StructField, StructType } from '../types/index.js'
import type { MetadataAction } from './actions.js'

/** The column mapping mode of a table. */
export type ColumnMappingMode = 'none' | 'name' | 'id'

const PHYSICAL_NAME = 'delta.columnMapping.physicalName'
const FIELD_ID = 'delta.columnMapping.id'

/** `delta.columnMapping.mode` of the table (`none` when unset). */
export function columnMappingMode(metadata: MetadataAction | undefined): ColumnMappingMode {
  const mode = metadata?.configuration['delta.columnMapping.mode'] ?? 'none'
  return mode === 'name' || mode === 'id' ? mode : 'none'
}

/** The name a field has in data files and `partitionValues`: its physical name when mapped. */
export function physicalName(field: StructField, mode: ColumnMappingMode): string {
  if (mode === 'none') return field.name
  const name = field.metadata[PHYSICAL_NAME]
  return typeof name === 'string' ? name : field.name
}

/**
 * `fields` renamed to the names a data file uses. In `id` mode, `file` (the Parquet schema of the
 * file being read) resolves names by field id first.
 */
export function physicalFields(
  fields: readonly StructField[],
  mode: ColumnMappingMode,
  file?: SchemaTree,
): StructField[] {
  if (mode === 'none') return [...fields]
  return fields.map((f) =>
    physicalField(f, mode, file ? childFor(file.children, f, mode) : undefined),
  )
}

function physicalField(f: StructField, mode: ColumnMappingMode, node?: SchemaTree): StructField {
  const name = node ? node.element.name : physicalName(f, mode)
  return { ...f, name, dataType: physicalType(f.dataType, mode, node) }
}

function physicalType(t: DataType, mode: ColumnMappingMode, node?: SchemaTree): DataType {
  switch (t.type) {
    case 'struct':
      return {
        type: 'struct',
        fields: t.fields.map((f) =>
          physicalField(f, mode, node ? childFor(node.children, f, mode) : undefined),
        ),
      }
    case 'array':
      return { ...t, elementType: physicalType(t.elementType, mode, listElement(node)) }
    case 'map': {
      const [key, value] = mapEntries(node)
      return {
        ...t,
        keyType: physicalType(t.keyType, mode, key),
        valueType: physicalType(t.valueType, mode, value),
      }
    }
    default:
      return t
  }
}

function childFor(
  children: readonly SchemaTree[],
  f: StructField,
  mode: ColumnMappingMode,
): SchemaTree | undefined {
  const id = f.metadata[FIELD_ID]
  if (mode === 'id' && typeof id === 'number') {
    const byId = children.find((c) => c.element.field_id === id)
    if (byId) return byId
  }
  const name = physicalName(f, mode)
  return children.find((c) => c.element.name === name)
}

// Parquet LIST: <list> → repeated group → element (3 levels), or the repeated node itself (2).
function listElement(node: SchemaTree | undefined): SchemaTree | undefined {
  const repeated = node?.children[0]
  if (!repeated) return undefined
  return repeated.children.length === 1 ? repeated.children[0] : repeated
}

// Parquet MAP: <map> → repeated key_value → key, value.
function mapEntries(
  node: SchemaTree | undefined,
): [SchemaTree | undefined, SchemaTree | undefined] {
  const kv = node?.children[0]
  return [kv?.children[0], kv?.children[1]]
}

/**
 * The schema without `delta.columnMapping.*` field metadata, as Spark exposes a table to
 * DataFrames (DeltaColumnMapping.dropColumnMappingMetadata): physical names belong to this table
 * only, and a table written from such a DataFrame must not inherit them (Spark would look its
 * columns up by names its files do not have).
 */
export function logicalSchema(schema: StructType): StructType {
  return { type: 'struct', fields: schema.fields.map(logicalField) }
}

function logicalField(f: StructField): StructField {
  const metadata = Object.fromEntries(
    Object.entries(f.metadata).filter(([k]) => !k.startsWith('delta.columnMapping.')),
  )
  return { ...f, metadata, dataType: logicalType(f.dataType) }
}

function logicalType(t: DataType): DataType {
  switch (t.type) {
    case 'struct':
      return logicalSchema(t)
    case 'array':
      return { ...t, elementType: logicalType(t.elementType) }
    case 'map':
      return { ...t, keyType: logicalType(t.keyType), valueType: logicalType(t.valueType) }
    default:
      return t
  }
}

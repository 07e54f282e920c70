/**
 * Spark's JSON schema format (`StructType.json`), which is also Delta's `schemaString`
 * (delta PROTOCOL.md §Schema Serialization Format): `{"type":"struct","fields":[{"name",
 * "type","nullable","metadata"}]}`, nested types as objects, atomic types as their names.
 */
import { EngineError } from '../errors/index.js'
import {
  DataTypes,
  structField,
  structType,
  type AtomicTypeName,
  type DataType,
  type StructType,
} from './data-type.js'

const ATOMIC_NAMES: ReadonlySet<string> = new Set<AtomicTypeName>([
  'string',
  'long',
  'integer',
  'short',
  'byte',
  'float',
  'double',
  'boolean',
  'binary',
  'date',
  'timestamp',
  'timestamp_ntz',
  'void',
])

/** JSON value of a data type, with keys in Spark's order. */
export function dataTypeToJson(t: DataType): unknown {
  switch (t.type) {
    case 'struct':
      return {
        type: 'struct',
        fields: t.fields.map((f) => ({
          name: f.name,
          type: dataTypeToJson(f.dataType),
          nullable: f.nullable,
          metadata: f.metadata,
        })),
      }
    case 'array':
      return {
        type: 'array',
        elementType: dataTypeToJson(t.elementType),
        containsNull: t.containsNull,
      }
    case 'map':
      return {
        type: 'map',
        keyType: dataTypeToJson(t.keyType),
        valueType: dataTypeToJson(t.valueType),
        valueContainsNull: t.valueContainsNull,
      }
    case 'decimal':
      return `decimal(${t.precision},${t.scale})`
    default:
      return t.type
  }
}

/** Serializes a schema as Spark/Delta schema JSON (the `schemaString`). */
export function schemaToJson(schema: StructType): string {
  return JSON.stringify(dataTypeToJson(schema))
}

/** Parses a Spark/Delta schema JSON string. */
export function schemaFromJson(json: string): StructType {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch (cause) {
    throw invalid(`it is not JSON (${(cause as Error).message})`)
  }
  const t = dataTypeFromJson(value)
  if (t.type !== 'struct') throw invalid('the top level is not a struct')
  return t
}

/** Parses one JSON data type value. */
export function dataTypeFromJson(value: unknown): DataType {
  if (typeof value === 'string') {
    if (ATOMIC_NAMES.has(value)) return { type: value as AtomicTypeName }
    const m = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(value)
    if (m) return DataTypes.decimal(Number(m[1]), Number(m[2]))
    if (value === 'decimal') return DataTypes.decimal(10, 0)
    throw invalid(`unknown type "${value}"`)
  }
  if (typeof value !== 'object' || value === null)
    throw invalid(`unexpected type value ${JSON.stringify(value)}`)
  const o = value as Record<string, unknown>
  switch (o['type']) {
    case 'struct': {
      if (!Array.isArray(o['fields'])) throw invalid('a struct without "fields"')
      return structType(
        o['fields'].map((f: unknown) => {
          const fo = f as Record<string, unknown>
          if (typeof fo['name'] !== 'string') throw invalid('a field without a name')
          return structField(
            fo['name'],
            dataTypeFromJson(fo['type']),
            fo['nullable'] !== false,
            (fo['metadata'] as Record<string, unknown> | undefined) ?? {},
          )
        }),
      )
    }
    case 'array':
      return DataTypes.array(dataTypeFromJson(o['elementType']), o['containsNull'] !== false)
    case 'map':
      return DataTypes.map(
        dataTypeFromJson(o['keyType']),
        dataTypeFromJson(o['valueType']),
        o['valueContainsNull'] !== false,
      )
    default:
      throw invalid(`unknown type ${JSON.stringify(o['type'])}`)
  }
}

function invalid(problem: string): EngineError {
  return new EngineError('SL_API_INVALID_SCHEMA', {
    source: 'JSON',
    problem,
    hint: 'Schema JSON must be Spark\'s StructType.json format ({"type":"struct","fields":[...]}).',
  })
}

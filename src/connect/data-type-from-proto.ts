/**
 * Spark's `DataType` message (spark/connect/types.proto, what `AnalyzePlan` answers for a
 * DataFrame's schema) as our DataType (src/types/). Field metadata comes as JSON text and is kept
 * (Spark marks the event-time column with `spark.watermarkDelayMs`, as we do). Types we have no
 * counterpart for (intervals, variant, geometry, time, char/varchar beyond strings) are refused
 * naming the column's type.
 */
import { EngineError } from '../errors/index.js'
import {
  DataTypes,
  structField,
  structType,
  type DataType,
  type StructType,
} from '../types/index.js'
import type { DataType as ProtoDataType } from './gen/types_pb.js'

/** @internal */
export function dataTypeFromProto(t: ProtoDataType | undefined): DataType {
  const k = t?.kind
  switch (k?.case) {
    case 'null':
      return DataTypes.NullType
    case 'binary':
      return DataTypes.BinaryType
    case 'boolean':
      return DataTypes.BooleanType
    case 'byte':
      return DataTypes.ByteType
    case 'short':
      return DataTypes.ShortType
    case 'integer':
      return DataTypes.IntegerType
    case 'long':
      return DataTypes.LongType
    case 'float':
      return DataTypes.FloatType
    case 'double':
      return DataTypes.DoubleType
    case 'decimal':
      // Unset precision/scale are Spark's defaults, decimal(10,0).
      return DataTypes.decimal(k.value.precision ?? 10, k.value.scale ?? 0)
    case 'string':
    case 'char':
    case 'varChar':
      // Spark reads and writes char/varchar columns as strings.
      return DataTypes.StringType
    case 'date':
      return DataTypes.DateType
    case 'timestamp':
      return DataTypes.TimestampType
    case 'timestampNtz':
      return DataTypes.TimestampNTZType
    case 'array':
      return DataTypes.array(dataTypeFromProto(k.value.elementType), k.value.containsNull)
    case 'map':
      return DataTypes.map(
        dataTypeFromProto(k.value.keyType),
        dataTypeFromProto(k.value.valueType),
        k.value.valueContainsNull,
      )
    case 'struct':
      return structFromProto(k.value.fields)
    default:
      throw new EngineError('SL_CONNECT_UNSUPPORTED', {
        feature: `A column of Spark type ${k?.case ?? 'unknown'}`,
        hint: 'Cast the column to a string or a number in the query first.',
      })
  }
}

/** @internal A struct (a schema) from its proto fields. */
export function structFromProto(
  fields: readonly {
    name: string
    dataType?: ProtoDataType | undefined
    nullable: boolean
    metadata?: string | undefined
  }[],
): StructType {
  return structType(
    fields.map((f) =>
      structField(
        f.name,
        dataTypeFromProto(f.dataType),
        f.nullable,
        f.metadata ? (JSON.parse(f.metadata) as Record<string, unknown>) : {},
      ),
    ),
  )
}

/** @internal A schema answer: Spark describes a DataFrame's schema as a struct type. */
export function schemaFromProto(t: ProtoDataType | undefined): StructType {
  const s = dataTypeFromProto(t)
  if (s.type !== 'struct')
    throw new EngineError('SL_INTERNAL_INVARIANT', {
      message: `Spark answered a schema request with a ${s.type}, not a struct`,
    })
  return s
}

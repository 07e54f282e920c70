/**
 * Maps Delta/Spark types to the Arrow types whose Parquet form (written by arrow-rs inside
 * parquet-wasm) is what Spark and delta-rs expect (PROTOCOL.md §Delta Data Type to Parquet Type
 * Mappings): integer→INT32, long→INT64, short/byte→INT32 with INT(16/8), date→INT32 DATE,
 * string→BYTE_ARRAY UTF8, timestamp→INT64 TIMESTAMP(MICROS, isAdjustedToUTC=true),
 * timestamp_ntz→the same with isAdjustedToUTC=false, struct→group, array→3-level LIST, map→MAP.
 */
import * as arrow from 'apache-arrow'
import type { DataType, StructField } from '../types/index.js'

/** The Arrow type used to write a column of this Delta type. */
export function arrowTypeFor(t: DataType): arrow.DataType {
  switch (t.type) {
    case 'string':
      return new arrow.Utf8()
    case 'long':
      return new arrow.Int64()
    case 'integer':
      return new arrow.Int32()
    case 'short':
      return new arrow.Int16()
    case 'byte':
      return new arrow.Int8()
    case 'float':
      return new arrow.Float32()
    case 'double':
      return new arrow.Float64()
    case 'boolean':
      return new arrow.Bool()
    case 'binary':
      return new arrow.Binary()
    case 'date':
      return new arrow.DateDay()
    case 'timestamp':
      return new arrow.TimestampMicrosecond('UTC')
    case 'timestamp_ntz':
      return new arrow.TimestampMicrosecond()
    case 'void':
      return new arrow.Null()
    case 'decimal':
      return new arrow.Decimal(t.scale, t.precision, 128)
    case 'struct':
      return new arrow.Struct(t.fields.map(arrowFieldFor))
    case 'array':
      return new arrow.List(new arrow.Field('element', arrowTypeFor(t.elementType), t.containsNull))
    case 'map':
      return new arrow.Map_(
        new arrow.Field(
          'key_value',
          new arrow.Struct<{ key: arrow.DataType; value: arrow.DataType }>([
            new arrow.Field('key', arrowTypeFor(t.keyType), false),
            new arrow.Field('value', arrowTypeFor(t.valueType), t.valueContainsNull),
          ] as never),
          false,
        ),
        false,
      )
  }
}

/** The Arrow field for a struct field (metadata is not copied: it belongs to the Delta schema). */
export function arrowFieldFor(f: StructField): arrow.Field {
  return new arrow.Field(f.name, arrowTypeFor(f.dataType), f.nullable)
}

/**
 * The schema of a Parquet file for a batch read without a user schema, as Spark derives it: the
 * Spark schema Spark writes into the footer (`org.apache.spark.sql.parquet.row.metadata`) when
 * present, else the top-level atomic columns mapped with Spark's `ParquetToSparkSchemaConverter`
 * rules (nested columns without Spark's metadata are refused: give a schema).
 */
import { parquetMetadata, parquetSchema, type SchemaElement } from 'hyparquet'
import { SourceError } from '../../errors/index.js'
import {
  DataTypes,
  asNullable,
  schemaFromJson,
  structField,
  structType,
  type DataType,
  type StructType,
} from '../../types/index.js'

const SPARK_ROW_METADATA = 'org.apache.spark.sql.parquet.row.metadata'

export function parquetFileSchema(bytes: Uint8Array, path: string): StructType {
  const buffer = bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength,
  ) as ArrayBuffer
  const metadata = parquetMetadata(buffer)
  const spark = metadata.key_value_metadata?.find((kv) => kv.key === SPARK_ROW_METADATA)?.value
  if (spark) return asNullable(schemaFromJson(spark))
  return structType(
    parquetSchema(metadata).children.map((c) =>
      structField(c.element.name, atomicType(c.element, path), true),
    ),
  )
}

function atomicType(e: SchemaElement, path: string): DataType {
  const logical = e.logical_type
  if (logical?.type === 'DECIMAL') return DataTypes.decimal(logical.precision, logical.scale)
  if (e.converted_type === 'DECIMAL' && e.precision !== undefined)
    return DataTypes.decimal(e.precision, e.scale ?? 0)
  switch (e.type) {
    case 'BOOLEAN':
      return DataTypes.BooleanType
    case 'INT32':
      if (logical?.type === 'DATE' || e.converted_type === 'DATE') return DataTypes.DateType
      if (e.converted_type === 'INT_8') return DataTypes.ByteType
      if (e.converted_type === 'INT_16') return DataTypes.ShortType
      return DataTypes.IntegerType
    case 'INT64':
      if (logical?.type === 'TIMESTAMP')
        return logical.isAdjustedToUTC ? DataTypes.TimestampType : DataTypes.TimestampNTZType
      if (e.converted_type === 'TIMESTAMP_MICROS' || e.converted_type === 'TIMESTAMP_MILLIS')
        return DataTypes.TimestampType
      return DataTypes.LongType
    case 'INT96':
      return DataTypes.TimestampType
    case 'FLOAT':
      return DataTypes.FloatType
    case 'DOUBLE':
      return DataTypes.DoubleType
    case 'BYTE_ARRAY':
      return logical?.type === 'STRING' || e.converted_type === 'UTF8'
        ? DataTypes.StringType
        : DataTypes.BinaryType
    default:
      throw new SourceError(
        'SL_SOURCE_UNSUPPORTED_TYPE',
        {
          format: 'parquet',
          column: e.name,
          type: e.type ?? 'group',
          problem: `the file ${path} has no Spark schema in its footer to read this column by`,
          hint: 'Give the schema with .schema("...") .',
        },
        { path },
      )
  }
}

/**
 * The schema of a Parquet file for a batch read without a user schema, as Spark derives it: the
 * Spark schema Spark writes into the footer (`org.apache.spark.sql.parquet.row.metadata`) when
 * present, else the top-level atomic columns mapped with Spark's `ParquetToSparkSchemaConverter`
 * rules (nested columns without Spark's metadata are refused: give a schema).
 */
import { parquetMetadata, parquetSchema, type FileMetaData, type SchemaElement } from 'hyparquet'
import { SourceError } from '../../errors/index.js'
import {
  DataTypes,
  asNullable,
  schemaFromJson,
  structField,
  structType,
  simpleString,
  type DataType,
  type StructType,
} from '../../types/index.js'

const SPARK_ROW_METADATA = 'org.apache.spark.sql.parquet.row.metadata'

export function parquetFileSchema(bytes: Uint8Array, path: string): StructType {
  const metadata = metadataOf(bytes)
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

function metadataOf(bytes: Uint8Array): FileMetaData {
  const buffer = bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength,
  ) as ArrayBuffer
  return parquetMetadata(buffer)
}

const INTEGRAL_WIDTH: Readonly<Record<string, number>> = { byte: 1, short: 2, integer: 4, long: 8 }

/**
 * Whether a file column of type `file` may be read as `wanted`: the same type, or a widening
 * Spark's Parquet reader allows (a narrower integer as a wider one or as DOUBLE, FLOAT as DOUBLE,
 * TIMESTAMP_NTZ as TIMESTAMP, BINARY as STRING, a decimal into one with at least as many integer and fraction
 * digits).
 */
function readableAs(file: DataType, wanted: DataType): boolean {
  if (file.type === wanted.type && file.type !== 'decimal') return true
  const fw = INTEGRAL_WIDTH[file.type]
  const ww = INTEGRAL_WIDTH[wanted.type]
  if (fw !== undefined && ww !== undefined) return fw <= ww
  if (wanted.type === 'double') return fw !== undefined && fw <= 4 ? true : file.type === 'float'
  if (file.type === 'timestamp_ntz' && wanted.type === 'timestamp') return true
  // Un-annotated BYTE_ARRAY holds strings for many writers; Spark reads it as STRING too.
  if (file.type === 'binary' && wanted.type === 'string') return true
  if (file.type === 'decimal' && wanted.type === 'decimal')
    return (
      wanted.scale >= file.scale && wanted.precision - wanted.scale >= file.precision - file.scale
    )
  return false
}

/**
 * Checks that the top-level atomic columns of a file that the schema names can be read as the
 * schema's types; a mismatch fails with the file, column and both types, as Spark's reader does
 * (rather than reading wrong values). Nested columns are not compared.
 */
export function checkParquetColumns(bytes: Uint8Array, schema: StructType, path: string): void {
  const metadata = metadataOf(bytes)
  const byName = new Map(parquetSchema(metadata).children.map((c) => [c.element.name, c.element]))
  for (const f of schema.fields) {
    const e = byName.get(f.name)
    if (e === undefined || e.num_children !== undefined || e.type === undefined) continue
    if (['struct', 'array', 'map'].includes(f.dataType.type)) {
      throw mismatch(path, f.name, e.type, simpleString(f.dataType))
    }
    let fileType: DataType
    try {
      fileType = atomicType(e, path)
    } catch {
      continue // a physical type without a Spark equivalent: hyparquet's decoding decides
    }
    if (!readableAs(fileType, f.dataType)) {
      throw mismatch(path, f.name, simpleString(fileType), simpleString(f.dataType))
    }
  }
}

function mismatch(path: string, column: string, found: string, expected: string): SourceError {
  return new SourceError(
    'SL_SOURCE_UNSUPPORTED_TYPE',
    {
      format: 'parquet',
      column,
      type: expected,
      problem: `the file ${path} holds it as ${found}`,
      hint: `Declare the column as ${found} in the schema (cast it after load()), or rewrite the file.`,
    },
    { path },
  )
}

/**
 * The fixed schema of Spark's Kafka source (`structured-streaming-kafka-integration.md`): every
 * column nullable, `headers` only with `includeHeaders=true`. A user schema is refused, as Spark
 * does ("Kafka source has a fixed schema and cannot be set with a custom one").
 */
import { DataTypes, structField, structType, type StructType } from '../../types/index.js'

const HEADERS_TYPE = DataTypes.array(
  structType([
    structField('key', DataTypes.StringType),
    structField('value', DataTypes.BinaryType),
  ]),
)

/** The Kafka source's columns, with `headers` when `includeHeaders` is true. */
export function kafkaSchema(includeHeaders: boolean): StructType {
  return structType([
    structField('key', DataTypes.BinaryType),
    structField('value', DataTypes.BinaryType),
    structField('topic', DataTypes.StringType),
    structField('partition', DataTypes.IntegerType),
    structField('offset', DataTypes.LongType),
    structField('timestamp', DataTypes.TimestampType),
    structField('timestampType', DataTypes.IntegerType),
    ...(includeHeaders ? [structField('headers', HEADERS_TYPE)] : []),
  ])
}

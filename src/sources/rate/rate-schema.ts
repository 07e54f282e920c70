/** The rate source's fixed columns, as Spark's `RateStreamProvider.SCHEMA`. */
import { DataTypes, structField, structType, type StructType } from '../../types/index.js'

export const RATE_SCHEMA: StructType = structType([
  structField('timestamp', DataTypes.TimestampType, true),
  structField('value', DataTypes.LongType, true),
])

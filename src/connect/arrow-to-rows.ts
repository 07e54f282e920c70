/**
 * Spark Connect results (`ExecutePlanResponse.arrow_batch`: each one an Arrow IPC stream) as our
 * schema and rows in the engine's value form (types/data-type.ts). Spark sends timestamps as
 * `Timestamp<MICROSECOND, UTC>`, dates as `Date32`, longs as `Int64`, decimals as `Decimal128`.
 */
import { Decimal } from '../types/decimal-value.js'
import * as arrow from 'apache-arrow'
import { EngineError } from '../errors/index.js'
import {
  DataTypes,
  structField,
  structType,
  type DataType,
  type Row,
  type StructType,
} from '../types/index.js'
import { canonicalLong } from '../types/long-value.js'

const MS_PER_DAY = 86_400_000

/** @internal Decodes the Arrow batches of one result; `fallback` is the schema when there are none. */
export function arrowBatchesToRows(
  batches: readonly Uint8Array[],
  fallback?: StructType,
): { schema: StructType; rows: Row[] } {
  let schema = fallback
  const rows: Row[] = []
  for (const bytes of batches) {
    const table = arrow.tableFromIPC(bytes)
    schema ??= structType(table.schema.fields.map(fieldOf))
    const fields = schema.fields
    const readers = fields.map((f, i) => columnReader(f.dataType, table.getChildAt(i)!))
    for (let r = 0; r < table.numRows; r++) rows.push(readers.map((read) => read(r)))
  }
  return { schema: schema ?? structType([]), rows }
}

function fieldOf(f: arrow.Field): ReturnType<typeof structField> {
  return structField(f.name, typeOf(f.type as arrow.DataType), f.nullable)
}

function typeOf(t: arrow.DataType): DataType {
  if (arrow.DataType.isUtf8(t) || arrow.DataType.isLargeUtf8(t)) return DataTypes.StringType
  if (arrow.DataType.isBool(t)) return DataTypes.BooleanType
  if (arrow.DataType.isInt(t)) {
    const byWidth = {
      8: DataTypes.ByteType,
      16: DataTypes.ShortType,
      32: DataTypes.IntegerType,
      64: DataTypes.LongType,
    }
    return byWidth[t.bitWidth]
  }
  if (arrow.DataType.isFloat(t))
    return t.precision === arrow.Precision.SINGLE ? DataTypes.FloatType : DataTypes.DoubleType
  if (arrow.DataType.isTimestamp(t))
    return t.timezone ? DataTypes.TimestampType : DataTypes.TimestampNTZType
  if (arrow.DataType.isDate(t)) return DataTypes.DateType
  if (arrow.DataType.isDecimal(t)) return DataTypes.decimal(t.precision, t.scale)
  if (arrow.DataType.isBinary(t)) return DataTypes.BinaryType
  if (arrow.DataType.isNull(t)) return DataTypes.NullType
  if (arrow.DataType.isStruct(t)) return structType(t.children.map(fieldOf))
  if (arrow.DataType.isList(t)) {
    const element = t.children[0] as arrow.Field<arrow.DataType>
    return DataTypes.array(typeOf(element.type), element.nullable)
  }
  if (arrow.DataType.isMap(t)) {
    const entries = t.children[0] as arrow.Field<arrow.DataType>
    const [key, value] = entries.type.children as [
      arrow.Field<arrow.DataType>,
      arrow.Field<arrow.DataType>,
    ]
    return DataTypes.map(typeOf(key.type), typeOf(value.type), value.nullable)
  }
  throw new EngineError('SL_CONNECT_UNSUPPORTED', {
    feature: `A result column of Arrow type ${String(t)}`,
    hint: 'Cast the column to a string or a number before collecting it.',
  })
}

/**
 * Reads row `r` of a column. Timestamps (also inside structs, e.g. a window) are read from the
 * raw Int64 microseconds: apache-arrow's `get` gives milliseconds as a double, which is not exact
 * far from 1970 (types/long-value.ts).
 */
function columnReader(t: DataType, v: arrow.Vector): (r: number) => unknown {
  if (
    (t.type === 'timestamp' || t.type === 'timestamp_ntz') &&
    arrow.DataType.isTimestamp(v.type) &&
    v.type.unit === arrow.TimeUnit.MICROSECOND
  ) {
    const chunks = v.data
    return (r) => {
      let i = r
      let k = 0
      while (i >= chunks[k]!.length) i -= chunks[k++]!.length
      const d = chunks[k]!
      if (!d.getValid(i)) return null
      return canonicalLong((d.values as BigInt64Array)[d.offset + i]!)
    }
  }
  if (t.type === 'struct' && arrow.DataType.isStruct(v.type)) {
    const children = t.fields.map((f, k) => columnReader(f.dataType, v.getChildAt(k)!))
    return (r) => (v.isValid(r) ? children.map((read) => read(r)) : null)
  }
  return (r) => valueOf(t, v.get(r))
}

function valueOf(t: DataType, v: unknown): unknown {
  if (v === null || v === undefined) return null
  switch (t.type) {
    case 'long':
      // apache-arrow gives Int64 as a bigint: kept exact past 2^53 (types/long-value.ts).
      return typeof v === 'bigint' ? canonicalLong(v) : Number(v)
    case 'timestamp':
    case 'timestamp_ntz':
      // apache-arrow gives epoch milliseconds as a double (exact to the microsecond here).
      return Math.round((v as number) * 1000)
    case 'date':
      return Math.round((v as number) / MS_PER_DAY)
    case 'decimal':
      return decimalValue(v as Uint32Array, t.scale)
    case 'struct': {
      const row = v as Record<string, unknown>
      return t.fields.map((f) => valueOf(f.dataType, row[f.name]))
    }
    case 'array':
      return [...(v as Iterable<unknown>)].map((e) => valueOf(t.elementType, e))
    case 'map':
      return new Map(
        [...(v as Iterable<[unknown, unknown]>)].map(([k, x]) => [
          valueOf(t.keyType, k),
          valueOf(t.valueType, x),
        ]),
      )
    default:
      return v
  }
}

/** A Decimal128 (four little-endian 32-bit words, two's complement) as an exact Decimal. */
function decimalValue(words: Uint32Array, scale: number): Decimal {
  let n = 0n
  for (let i = words.length - 1; i >= 0; i--) n = (n << 32n) | BigInt(words[i]!)
  if (n >= 1n << 127n) n -= 1n << 128n
  return Decimal.of(n, scale)
}

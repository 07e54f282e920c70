/**
 * Spark SQL data types as plain immutable values. This module is a leaf: the engine, the Delta
 * library and the API all speak it, and it depends on nothing but the error catalogue.
 *
 * In-memory value representation (the contract every module relies on):
 * - string → JS string; binary → Uint8Array; boolean → boolean
 * - byte/short/integer/float/double → number; long → a number, or a bigint past 2^53
 *   (types/long-value.ts)
 * - decimal(p,s) → an exact `Decimal` (bigint unscaled value, scale s; types/decimal-value.ts)
 * - timestamp / timestamp_ntz → number of microseconds since the epoch (UTC instant / wall clock)
 * - date → number of days since 1970-01-01
 * - struct → array of field values in field order; array → JS array; map → JS Map
 * - null → null
 */

/** Names of the types without parameters, spelled as Delta's schemaString spells them. */
export type AtomicTypeName =
  | 'string'
  | 'long'
  | 'integer'
  | 'short'
  | 'byte'
  | 'float'
  | 'double'
  | 'boolean'
  | 'binary'
  | 'date'
  | 'timestamp'
  | 'timestamp_ntz'
  | 'void'

/** A type without parameters. */
export interface AtomicType {
  readonly type: AtomicTypeName
}

/** `decimal(precision, scale)`. */
export interface DecimalType {
  readonly type: 'decimal'
  readonly precision: number
  readonly scale: number
}

/** One field of a struct. */
export interface StructField {
  readonly name: string
  readonly dataType: DataType
  readonly nullable: boolean
  readonly metadata: Readonly<Record<string, unknown>>
}

/** A struct (also the type of a row: a schema is a StructType). */
export interface StructType {
  readonly type: 'struct'
  readonly fields: readonly StructField[]
}

/** `array<elementType>`. */
export interface ArrayType {
  readonly type: 'array'
  readonly elementType: DataType
  readonly containsNull: boolean
}

/** `map<keyType, valueType>`. */
export interface MapType {
  readonly type: 'map'
  readonly keyType: DataType
  readonly valueType: DataType
  readonly valueContainsNull: boolean
}

/** Any Spark SQL data type. */
export type DataType = AtomicType | DecimalType | StructType | ArrayType | MapType

const atomic = (type: AtomicTypeName): AtomicType => Object.freeze({ type })

/**
 * Ready-made type values, named as in Spark.
 *
 * @example
 * ```ts
 * import { DataTypes, structType, structField } from 'streamlake'
 * const schema = structType([structField('id', DataTypes.LongType, false)])
 * ```
 */
export const DataTypes = Object.freeze({
  StringType: atomic('string'),
  LongType: atomic('long'),
  IntegerType: atomic('integer'),
  ShortType: atomic('short'),
  ByteType: atomic('byte'),
  FloatType: atomic('float'),
  DoubleType: atomic('double'),
  BooleanType: atomic('boolean'),
  BinaryType: atomic('binary'),
  DateType: atomic('date'),
  TimestampType: atomic('timestamp'),
  TimestampNTZType: atomic('timestamp_ntz'),
  NullType: atomic('void'),
  decimal: (precision = 10, scale = 0): DecimalType =>
    Object.freeze({ type: 'decimal', precision, scale }),
  array: (elementType: DataType, containsNull = true): ArrayType =>
    Object.freeze({ type: 'array', elementType, containsNull }),
  map: (keyType: DataType, valueType: DataType, valueContainsNull = true): MapType =>
    Object.freeze({ type: 'map', keyType, valueType, valueContainsNull }),
})

/**
 * Builds a struct field.
 *
 * @example
 * ```ts
 * import { DataTypes, structField } from 'streamlake'
 * const f = structField('user_id', DataTypes.IntegerType)
 * ```
 */
export function structField(
  name: string,
  dataType: DataType,
  nullable = true,
  metadata: Record<string, unknown> = {},
): StructField {
  return Object.freeze({ name, dataType, nullable, metadata: Object.freeze({ ...metadata }) })
}

/**
 * Builds a struct type (a schema).
 *
 * @example
 * ```ts
 * import { DataTypes, structType, structField } from 'streamlake'
 * const schema = structType([structField('ts', DataTypes.TimestampType)])
 * ```
 */
export function structType(fields: readonly StructField[]): StructType {
  return Object.freeze({ type: 'struct', fields: Object.freeze([...fields]) })
}

/** True for the two timestamp types. */
export function isTimestampType(t: DataType): boolean {
  return t.type === 'timestamp' || t.type === 'timestamp_ntz'
}

/** True for byte, short, integer, long, float, double and decimal. */
export function isNumericType(t: DataType): boolean {
  switch (t.type) {
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
    case 'decimal':
      return true
    default:
      return false
  }
}

/** Structural equality of two data types (field names, types and nullability; metadata ignored). */
export function sameType(a: DataType, b: DataType, compareNullability = true): boolean {
  if (a.type !== b.type) return false
  switch (a.type) {
    case 'decimal': {
      const d = b as DecimalType
      return a.precision === d.precision && a.scale === d.scale
    }
    case 'struct': {
      const s = b as StructType
      return (
        a.fields.length === s.fields.length &&
        a.fields.every((f, i) => {
          const g = s.fields[i]!
          return (
            f.name === g.name &&
            (!compareNullability || f.nullable === g.nullable) &&
            sameType(f.dataType, g.dataType, compareNullability)
          )
        })
      )
    }
    case 'array': {
      const o = b as ArrayType
      return (
        sameType(a.elementType, o.elementType, compareNullability) &&
        (!compareNullability || a.containsNull === o.containsNull)
      )
    }
    case 'map': {
      const o = b as MapType
      return (
        sameType(a.keyType, o.keyType, compareNullability) &&
        sameType(a.valueType, o.valueType, compareNullability) &&
        (!compareNullability || a.valueContainsNull === o.valueContainsNull)
      )
    }
    default:
      return true
  }
}

/**
 * Spark's `simpleString` rendering: `struct<a:int,b:string>`, `bigint`, `decimal(10,2)`. With
 * `notNull`, fields, elements and values that cannot be null carry ` not null` (for messages
 * that compare schemas, where nullability matters).
 */
export function simpleString(t: DataType, notNull = false): string {
  const nn = (nullable: boolean): string => (notNull && !nullable ? ' not null' : '')
  const inner = (d: DataType): string => simpleString(d, notNull)
  switch (t.type) {
    case 'struct':
      return `struct<${t.fields.map((f) => `${f.name}:${inner(f.dataType)}${nn(f.nullable)}`).join(',')}>`
    case 'array':
      return `array<${inner(t.elementType)}${nn(t.containsNull)}>`
    case 'map':
      return `map<${inner(t.keyType)},${inner(t.valueType)}${nn(t.valueContainsNull)}>`
    case 'decimal':
      return `decimal(${t.precision},${t.scale})`
    case 'long':
      return 'bigint'
    case 'integer':
      return 'int'
    case 'short':
      return 'smallint'
    case 'byte':
      return 'tinyint'
    default:
      return t.type
  }
}

/** Index of a field by exact name, or -1. */
export function fieldIndex(schema: StructType, name: string): number {
  return schema.fields.findIndex((f) => f.name === name)
}

/** The same type with every field, element and value nullable (Spark's `asNullable`). */
export function asNullable<T extends DataType>(t: T): T {
  switch (t.type) {
    case 'struct':
      return structType(
        t.fields.map((f) => structField(f.name, asNullable(f.dataType), true, f.metadata)),
      ) as T
    case 'array':
      return DataTypes.array(asNullable(t.elementType), true) as T
    case 'map':
      return DataTypes.map(asNullable(t.keyType), asNullable(t.valueType), true) as T
    default:
      return t
  }
}

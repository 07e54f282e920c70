/**
 * A read schema compiled for the JSON reader: every data type becomes a numeric code (switched
 * on in the hot loop instead of calling per-field closures) and every struct gets a name → index
 * table plus the output position of each field (the root struct skips the corrupt-record column).
 */
import { SourceError } from '../../errors/index.js'
import { simpleString, type DataType, type StructType } from '../../types/index.js'

export const T_STRING = 0
export const T_BOOLEAN = 1
export const T_BYTE = 2
export const T_SHORT = 3
export const T_INT = 4
export const T_LONG = 5
export const T_FLOAT = 6
export const T_DOUBLE = 7
export const T_DECIMAL = 8
export const T_TIMESTAMP = 9
export const T_TIMESTAMP_NTZ = 10
export const T_DATE = 11
export const T_BINARY = 12
export const T_NULL = 13
export const T_STRUCT = 14
export const T_ARRAY = 15
export const T_MAP = 16

/** How to convert one JSON value. All fields are always present so V8 sees one object shape. */
export class TypePlan {
  constructor(
    readonly code: number,
    readonly typeName: string,
    readonly precision: number,
    readonly scale: number,
    readonly struct: StructPlan | null,
    readonly element: TypePlan | null,
  ) {}
}

/** The fields of one struct, in schema order. */
export class StructPlan {
  readonly lookup: Map<string, number>
  /** `"name":` per field, matched in one startsWith on the hot path; null if the name needs escaping. */
  readonly keyPrefixes: readonly (string | null)[]
  /** An all-NULL output array, copied (slice) for each row. */
  readonly template: readonly unknown[]
  constructor(
    readonly names: readonly string[],
    readonly plans: readonly TypePlan[],
    /** Output array position of each field. */
    readonly outIndex: readonly number[],
    /** Length of the output array (the root row also holds the corrupt-record column). */
    readonly width: number,
  ) {
    this.lookup = new Map()
    this.keyPrefixes = names.map((n) => (/["\\\u0000-\u001f]/.test(n) ? null : `"${n}":`))
    this.template = new Array<unknown>(width).fill(null)
    // Duplicate names in a schema: Spark's getFieldIndex resolves to the first one.
    names.forEach((n, i) => {
      if (!this.lookup.has(n)) this.lookup.set(n, i)
    })
  }
}

/** Compiles the root schema, leaving out the column named `corruptColumn`. */
export function compileRootPlan(schema: StructType, corruptColumn: string): StructPlan {
  const names: string[] = []
  const plans: TypePlan[] = []
  const outIndex: number[] = []
  schema.fields.forEach((f, i) => {
    if (f.name === corruptColumn) return
    names.push(f.name)
    plans.push(compileType(f.dataType, f.name))
    outIndex.push(i)
  })
  return new StructPlan(names, plans, outIndex, schema.fields.length)
}

function compileStruct(t: StructType, path: string): StructPlan {
  return new StructPlan(
    t.fields.map((f) => f.name),
    t.fields.map((f) => compileType(f.dataType, `${path}.${f.name}`)),
    t.fields.map((_, i) => i),
    t.fields.length,
  )
}

function compileType(t: DataType, path: string): TypePlan {
  const name = simpleString(t)
  const atomic = (code: number) => new TypePlan(code, name, 0, 0, null, null)
  switch (t.type) {
    case 'string':
      return atomic(T_STRING)
    case 'boolean':
      return atomic(T_BOOLEAN)
    case 'byte':
      return atomic(T_BYTE)
    case 'short':
      return atomic(T_SHORT)
    case 'integer':
      return atomic(T_INT)
    case 'long':
      return atomic(T_LONG)
    case 'float':
      return atomic(T_FLOAT)
    case 'double':
      return atomic(T_DOUBLE)
    case 'timestamp':
      return atomic(T_TIMESTAMP)
    case 'timestamp_ntz':
      return atomic(T_TIMESTAMP_NTZ)
    case 'date':
      return atomic(T_DATE)
    case 'binary':
      return atomic(T_BINARY)
    case 'void':
      return atomic(T_NULL)
    case 'decimal':
      return new TypePlan(T_DECIMAL, name, t.precision, t.scale, null, null)
    case 'struct':
      return new TypePlan(T_STRUCT, name, 0, 0, compileStruct(t, path), null)
    case 'array':
      return new TypePlan(T_ARRAY, name, 0, 0, null, compileType(t.elementType, `${path}[]`))
    case 'map':
      if (t.keyType.type !== 'string') {
        throw new SourceError('SL_SOURCE_UNSUPPORTED_TYPE', {
          format: 'json',
          column: path,
          type: name,
          problem: 'JSON object keys are strings, so a map read from JSON must have STRING keys',
          hint: `Declare it as map<string,${simpleString(t.valueType)}>.`,
        })
      }
      return new TypePlan(T_MAP, name, 0, 0, null, compileType(t.valueType, `${path}{}`))
  }
}

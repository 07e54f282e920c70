/**
 * One JSON line per row, as Spark's JSON writer (`JacksonGenerator`) writes it: fields in schema
 * order, null fields left out (`ignoreNullFields`, default true; false writes `null`), strings
 * escaped as JSON, NaN and ±Infinity as the strings Jackson writes, binary as base64, maps as
 * objects keyed by the key's text, atomic values per text-value-format.ts.
 */
import type { DataType, Row, StructType } from '../../types/index.js'
import type { TextValueFormat } from './text-value-format.js'

/** Encodes rows of `schema` as JSON lines. @internal */
export function jsonRowEncoder(
  schema: StructType,
  format: TextValueFormat,
  ignoreNullFields: boolean,
): (row: Row) => string {
  const encode = jsonValueEncoder(schema, format, ignoreNullFields)
  return (row) => encode(row)
}

/**
 * Encodes one non-null value of type `t` (a struct, map, array or atomic value) as JSON text —
 * what `to_json` returns for a column of that type. @internal
 */
export function jsonValueEncoder(
  t: DataType,
  format: TextValueFormat,
  ignoreNullFields: boolean,
): (v: unknown) => string {
  const value = (t: DataType, v: unknown): string => {
    if (v === null || v === undefined) return 'null'
    switch (t.type) {
      case 'struct':
        return struct(t, v as unknown[])
      case 'array':
        return `[${(v as unknown[]).map((x) => value(t.elementType, x)).join(',')}]`
      case 'map': {
        const parts: string[] = []
        for (const [k, x] of v as Map<unknown, unknown>)
          parts.push(`${JSON.stringify(keyText(t.keyType, k))}:${value(t.valueType, x)}`)
        return `{${parts.join(',')}}`
      }
      case 'string':
        return JSON.stringify(v)
      case 'binary':
        return JSON.stringify(Buffer.from(v as Uint8Array).toString('base64'))
      case 'byte':
      case 'short':
      case 'integer':
      case 'long':
      case 'boolean':
      case 'decimal':
        return format.atomic(t, v)
      case 'float':
      case 'double': {
        const n = Number(v)
        // Jackson writes non-finite numbers as strings (WRITE_NAN_AS_STRINGS).
        return Number.isFinite(n) ? format.atomic(t, v) : JSON.stringify(format.atomic(t, v))
      }
      default:
        return JSON.stringify(format.atomic(t, v))
    }
  }
  const keyText = (t: DataType, k: unknown): string =>
    t.type === 'string' ? (k as string) : format.atomic(t, k)
  const struct = (t: StructType, values: readonly unknown[]): string => {
    const parts: string[] = []
    t.fields.forEach((f, i) => {
      const v = values[i]
      if ((v === null || v === undefined) && ignoreNullFields) return
      parts.push(`${JSON.stringify(f.name)}:${value(f.dataType, v)}`)
    })
    return `{${parts.join(',')}}`
  }
  return (v) => value(t, v)
}

/**
 * Schema inference for batch JSON reads, following Spark's JsonInferSchema in its default
 * configuration: integers → bigint, other numbers → double, strings → string (no timestamp
 * inference: `inferTimestamp` is off by default), booleans, objects → struct, arrays → array;
 * conflicting types widen (bigint + double → double, anything else → string); fields are sorted
 * by name; lines that are not JSON objects add a `_corrupt_record` string column.
 */
import {
  DataTypes,
  structField,
  structType,
  type DataType,
  type StructType,
} from '../../types/index.js'

export function inferJsonSchema(texts: readonly string[], corruptColumn: string): StructType {
  let inferred: DataType | undefined
  let corrupt = false
  for (const text of texts) {
    for (const raw of text.split('\n')) {
      // A UTF-8 byte order mark starting a line is not part of the record (Jackson skips it).
      const line = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw
      if (line.trim() === '') continue
      let value: unknown
      try {
        value = JSON.parse(line)
      } catch {
        corrupt = true
        continue
      }
      const rows = Array.isArray(value) ? value : [value]
      for (const r of rows) {
        if (typeof r !== 'object' || r === null || Array.isArray(r)) {
          corrupt = true
          continue
        }
        inferred = merge(inferred, typeOf(r))
      }
    }
  }
  const fields = inferred?.type === 'struct' ? [...inferred.fields] : []
  if (corrupt) fields.push(structField(corruptColumn, DataTypes.StringType))
  return structType(fields.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)))
}

function typeOf(v: unknown): DataType | undefined {
  if (v === null) return undefined
  if (typeof v === 'string') return DataTypes.StringType
  if (typeof v === 'boolean') return DataTypes.BooleanType
  if (typeof v === 'number') return Number.isInteger(v) ? DataTypes.LongType : DataTypes.DoubleType
  if (Array.isArray(v)) {
    let element: DataType | undefined
    for (const e of v) element = merge(element, typeOf(e))
    return DataTypes.array(element ?? DataTypes.StringType)
  }
  const fields = Object.entries(v as Record<string, unknown>).map(([k, x]) =>
    structField(k, typeOf(x) ?? DataTypes.StringType),
  )
  return structType(fields.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)))
}

function merge(a: DataType | undefined, b: DataType | undefined): DataType | undefined {
  if (a === undefined) return b
  if (b === undefined) return a
  if (a.type === b.type && a.type !== 'struct' && a.type !== 'array') return a
  if ((a.type === 'long' && b.type === 'double') || (a.type === 'double' && b.type === 'long'))
    return DataTypes.DoubleType
  if (a.type === 'struct' && b.type === 'struct') {
    const byName = new Map(
      a.fields.map((f) => [f.name, f.dataType] as [string, DataType | undefined]),
    )
    for (const f of b.fields) byName.set(f.name, merge(byName.get(f.name), f.dataType))
    return structType(
      [...byName]
        .map(([n, t]) => structField(n, t ?? DataTypes.StringType))
        .sort((x, y) => (x.name < y.name ? -1 : 1)),
    )
  }
  if (a.type === 'array' && b.type === 'array')
    return DataTypes.array(merge(a.elementType, b.elementType) ?? DataTypes.StringType)
  return DataTypes.StringType
}

/**
 * Column names that reach inside structs, as Spark resolves them: `data.user_id` is field
 * `user_id` of the struct column `data` (when no top-level column is literally named
 * `data.user_id`), and the result is named by its last part (`user_id`), nullable when any
 * struct on the way is. This is what `col('data.user_id')` and `select('data.*')` over a
 * `from_json(...)` column need.
 */
import type { DataType, StructType } from '../types/index.js'

/** Where a (possibly dotted) column name points. */
export interface ColumnPath {
  /** The top-level column. */
  readonly index: number
  /** Field positions inside the nested structs, outermost first (empty for a plain column). */
  readonly fields: readonly number[]
  readonly name: string
  readonly dataType: DataType
  readonly nullable: boolean
}

/** Resolves `name` against `schema`; undefined when it names nothing. */
export function resolveColumnPath(schema: StructType, name: string): ColumnPath | undefined {
  const exact = schema.fields.findIndex((f) => f.name === name)
  if (exact >= 0) {
    const f = schema.fields[exact]!
    return { index: exact, fields: [], name: f.name, dataType: f.dataType, nullable: f.nullable }
  }
  const parts = name.split('.')
  if (parts.length < 2) return undefined
  const index = schema.fields.findIndex((f) => f.name === parts[0])
  if (index < 0) return undefined
  let field = schema.fields[index]!
  let nullable = field.nullable
  const fields: number[] = []
  for (const part of parts.slice(1)) {
    if (field.dataType.type !== 'struct') return undefined
    const i = field.dataType.fields.findIndex((f) => f.name === part)
    if (i < 0) return undefined
    fields.push(i)
    field = field.dataType.fields[i]!
    nullable ||= field.nullable
  }
  return { index, fields, name: field.name, dataType: field.dataType, nullable }
}

/** Reads the value a path points to in a row (null when a struct on the way is null). */
export function readColumnPath(path: ColumnPath): (row: readonly unknown[]) => unknown {
  const { index, fields } = path
  if (fields.length === 0) return (row) => row[index] ?? null
  return (row) => {
    let v = row[index] ?? null
    for (const f of fields) {
      if (v === null) return null
      v = (v as readonly unknown[])[f] ?? null
    }
    return v
  }
}

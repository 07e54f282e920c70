/**
 * Delta's schema enforcement and evolution for appends (Delta `ImplicitMetadataOperation` and
 * `SchemaMergingUtils.mergeSchemas`, without implicit conversions): data columns are matched to
 * table columns by name, case-insensitively; a table column the data lacks is written as null; a
 * data column the table lacks is an error unless `mergeSchema` is on, which appends it to the table
 * schema (nullable, as Delta stores every written column); a column whose type differs is always
 * an error (mergeSchema never changes a type). Nested struct fields are compared as whole types.
 */
import { SinkError } from '../../errors/index.js'
import {
  asNullable,
  sameType,
  simpleString,
  type Row,
  type StructField,
  type StructType,
} from '../../types/index.js'

/** How a write's data maps onto the table. @internal */
export interface SchemaPlan {
  /** The table schema after the write. */
  readonly schema: StructType
  /** True when the write adds columns: the commit must carry the new metaData. */
  readonly changed: boolean
  /** For each column of `schema`, the index of the data column that feeds it, or -1 (null). */
  readonly sources: readonly number[]
}

/** Plans an append of `data` rows into a table with schema `table`. @internal */
export function planAppendSchema(
  path: string,
  table: StructType,
  data: StructType,
  mergeSchema: boolean,
): SchemaPlan {
  const byName = new Map<string, number>()
  data.fields.forEach((f, i) => byName.set(f.name.toLowerCase(), i))
  const used = new Set<number>()
  const sources: number[] = []
  for (const t of table.fields) {
    const i = byName.get(t.name.toLowerCase())
    if (i === undefined) {
      sources.push(-1)
      continue
    }
    const d = data.fields[i]!
    if (!sameType(t.dataType, d.dataType, false)) {
      throw new SinkError(
        'SL_SINK_SCHEMA_TYPE_MISMATCH',
        {
          path,
          column: t.name,
          tableType: simpleString(t.dataType),
          dataType: simpleString(d.dataType),
        },
        { path },
      )
    }
    used.add(i)
    sources.push(i)
  }
  const added: StructField[] = []
  data.fields.forEach((f, i) => {
    if (used.has(i)) return
    added.push(nullableField(f))
    sources.push(i)
  })
  if (added.length > 0 && !mergeSchema) {
    throw new SinkError(
      'SL_SINK_SCHEMA_NEW_COLUMNS',
      {
        path,
        columns: added.map((f) => f.name).join(', '),
        table: simpleString(table),
        data: simpleString(data),
      },
      { path },
    )
  }
  return {
    schema: added.length > 0 ? { type: 'struct', fields: [...table.fields, ...added] } : table,
    changed: added.length > 0,
    sources,
  }
}

/** The data rows in the table's column order (null for the columns the data lacks). @internal */
export function projectRows(rows: readonly Row[], sources: readonly number[]): readonly Row[] {
  if (isIdentity(sources, rows[0]?.length)) return rows
  return rows.map((r) => sources.map((i) => (i < 0 ? null : r[i])))
}

/** True when the data columns already are the table columns, in order. @internal */
export function isIdentity(sources: readonly number[], width: number | undefined): boolean {
  return (width === undefined || width === sources.length) && sources.every((s, i) => s === i)
}

function nullableField(f: StructField): StructField {
  return { ...f, dataType: asNullable(f.dataType), nullable: true }
}

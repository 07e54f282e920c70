/**
 * Delta's schema enforcement and evolution for appends (Delta `ImplicitMetadataOperation` and
 * `SchemaMergingUtils.mergeSchemas`, without implicit conversions): data columns are matched to
 * table columns by name, case-insensitively; a table column the data lacks is written as null; a
 * data column the table lacks is an error unless `mergeSchema` is on, which appends it to the table
 * schema (nullable, as Delta stores every written column); a column whose type differs is always
 * an error (mergeSchema never changes a type).
 *
 * The same rules apply inside nested types, as Delta merges them: struct fields (also the
 * elements of an array and the keys and values of a map) are matched by name; a nested field the
 * data lacks is null, a new one is appended to its struct with mergeSchema (else the schema
 * mismatch error names it as `s.c`, `arr.element.z`, `m.value.w`), and a changed nested type is
 * the type mismatch error naming that path. A `void` data column (all null) takes the table's type.
 */
import { SinkError } from '../../errors/index.js'
import {
  asNullable,
  sameType,
  simpleString,
  type DataType,
  type Row,
  type StructField,
  type StructType,
} from '../../types/index.js'

/** Turns a data value into the shape of the table's type (nested fields reordered or null). */
type Reshape = (value: unknown) => unknown

/** How a write's data maps onto the table. @internal */
export interface SchemaPlan {
  /** The table schema after the write. */
  readonly schema: StructType
  /** True when the write adds columns or nested fields: the commit must carry the new metaData. */
  readonly changed: boolean
  /** For each column of `schema`, the index of the data column that feeds it, or -1 (null). */
  readonly sources: readonly number[]
  /**
   * For each column of `schema`, how the data value is reshaped to the column's (nested) type;
   * undefined when it already has that shape.
   */
  readonly reshape: readonly (Reshape | undefined)[]
}

interface Merged {
  readonly type: DataType
  readonly reshape: Reshape | undefined
}

/** Plans an append of `data` rows into a table with schema `table`. @internal */
export function planAppendSchema(
  path: string,
  table: StructType,
  data: StructType,
  mergeSchema: boolean,
): SchemaPlan {
  const added: string[] = []
  const merged = mergeStruct(path, [], table, data, added)
  if (added.length > 0 && !mergeSchema) {
    throw new SinkError(
      'SL_SINK_SCHEMA_NEW_COLUMNS',
      {
        path,
        columns: added.join(', '),
        table: simpleString(table),
        data: simpleString(data),
      },
      { path },
    )
  }
  return {
    schema: added.length > 0 ? merged.type : table,
    changed: added.length > 0,
    sources: merged.sources,
    reshape: merged.reshape,
  }
}

/** The data rows in the table's column order (null for the columns the data lacks). @internal */
export function projectRows(
  rows: readonly Row[],
  sources: readonly number[],
  reshape: readonly (Reshape | undefined)[] = [],
): readonly Row[] {
  if (isIdentity(sources, rows[0]?.length) && reshape.every((r) => r === undefined)) return rows
  return rows.map((r) =>
    sources.map((i, k) => {
      if (i < 0) return null
      const f = reshape[k]
      return f === undefined ? r[i] : f(r[i])
    }),
  )
}

/** True when the data columns already are the table columns, in order. @internal */
export function isIdentity(sources: readonly number[], width: number | undefined): boolean {
  return (width === undefined || width === sources.length) && sources.every((s, i) => s === i)
}

/** True when rows of width `width` must go through {@link projectRows} for `plan`. @internal */
export function needsProjection(plan: SchemaPlan, width: number): boolean {
  return !isIdentity(plan.sources, width) || plan.reshape.some((r) => r !== undefined)
}

/** Merges the data struct into the table struct; `added` collects the new fields' paths. */
function mergeStruct(
  path: string,
  at: readonly string[],
  table: StructType,
  data: StructType,
  added: string[],
): { type: StructType; sources: number[]; reshape: (Reshape | undefined)[] } {
  const byName = new Map<string, number>()
  data.fields.forEach((f, i) => byName.set(f.name.toLowerCase(), i))
  const used = new Set<number>()
  const sources: number[] = []
  const reshape: (Reshape | undefined)[] = []
  const fields: StructField[] = []
  for (const t of table.fields) {
    const i = byName.get(t.name.toLowerCase())
    if (i === undefined) {
      sources.push(-1)
      reshape.push(undefined)
      fields.push(t)
      continue
    }
    const m = mergeType(path, [...at, t.name], t.dataType, data.fields[i]!.dataType, added)
    used.add(i)
    sources.push(i)
    reshape.push(m.reshape)
    fields.push(m.type === t.dataType ? t : { ...t, dataType: m.type })
  }
  data.fields.forEach((f, i) => {
    if (used.has(i)) return
    added.push([...at, f.name].join('.'))
    fields.push({ ...f, dataType: asNullable(f.dataType), nullable: true })
    sources.push(i)
    reshape.push(undefined)
  })
  return { type: { type: 'struct', fields }, sources, reshape }
}

function mergeType(
  path: string,
  at: readonly string[],
  table: DataType,
  data: DataType,
  added: string[],
): Merged {
  if (data.type === 'void') return { type: table, reshape: undefined }
  if (table.type === 'struct' && data.type === 'struct') {
    const s = mergeStruct(path, at, table, data, added)
    if (isIdentity(s.sources, data.fields.length) && s.reshape.every((r) => r === undefined))
      return { type: s.type, reshape: undefined }
    const row = (v: unknown): unknown => projectRows([v as Row], s.sources, s.reshape)[0]
    return { type: s.type, reshape: (v) => (v === null || v === undefined ? v : row(v)) }
  }
  if (table.type === 'array' && data.type === 'array') {
    const e = mergeType(path, [...at, 'element'], table.elementType, data.elementType, added)
    const f = e.reshape
    return {
      type: e.type === table.elementType ? table : { ...table, elementType: e.type },
      reshape: f && ((v) => (v === null || v === undefined ? v : (v as unknown[]).map(f))),
    }
  }
  if (table.type === 'map' && data.type === 'map') {
    const k = mergeType(path, [...at, 'key'], table.keyType, data.keyType, added)
    const v = mergeType(path, [...at, 'value'], table.valueType, data.valueType, added)
    const type =
      k.type === table.keyType && v.type === table.valueType
        ? table
        : { ...table, keyType: k.type, valueType: v.type }
    if (!k.reshape && !v.reshape) return { type, reshape: undefined }
    const kf = k.reshape ?? ((x: unknown) => x)
    const vf = v.reshape ?? ((x: unknown) => x)
    return {
      type,
      reshape: (m) =>
        m === null || m === undefined
          ? m
          : new Map([...(m as Map<unknown, unknown>)].map(([a, b]) => [kf(a), vf(b)])),
    }
  }
  if (!sameType(table, data, false))
    throw new SinkError(
      'SL_SINK_SCHEMA_TYPE_MISMATCH',
      {
        path,
        column: at.join('.'),
        tableType: simpleString(table),
        dataType: simpleString(data),
      },
      { path },
    )
  return { type: table, reshape: undefined }
}

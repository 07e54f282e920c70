/**
 * Which `df.alias(name)` each column of a schema is known by (Spark's attribute qualifier), so
 * that `a.x` names the column `x` that came from the DataFrame aliased `a` — also after a join,
 * where a self-join of `df.alias('l')` and `df.alias('r')` has two columns `x`, told apart only by
 * `l.x` / `r.x`. The analyzer records them on the output schema of a SubqueryAliasNode and passes
 * them on as Spark does: through filters, sorts, deduplication and watermarks, to both sides of a
 * join, and through a projection or grouping that keeps the column itself (an expression, even
 * `col('x').alias('y')`, has no qualifier). Kept beside the schema object, like field-origins.ts.
 */
import { AnalysisError } from '../errors/index.js'
import type { StructType } from '../types/index.js'
import { resolveColumnPath, type ColumnPath } from './column-path.js'

const qualifiers = new WeakMap<StructType, readonly (string | undefined)[]>()

/** `schema`, its field i known as `of[i].<name>` (undefined: no qualifier). */
export function withFieldQualifiers(
  schema: StructType,
  of: readonly (string | undefined)[],
): StructType {
  if (of.some((q) => q !== undefined)) qualifiers.set(schema, of)
  return schema
}

/** The qualifier of field `i` of `schema`, if it has one. */
export function fieldQualifier(schema: StructType, i: number): string | undefined {
  return qualifiers.get(schema)?.[i]
}

/** The qualifiers of every field of `schema` (undefined where none). */
export function fieldQualifiers(schema: StructType): readonly (string | undefined)[] {
  return qualifiers.get(schema) ?? schema.fields.map(() => undefined)
}

/** Field names as Spark's messages show them: `a.x` for a field with a qualifier. */
export function qualifiedFieldNames(schema: StructType): string[] {
  return schema.fields.map((f, i) => {
    const q = fieldQualifier(schema, i)
    return q === undefined ? f.name : `${q}.${f.name}`
  })
}

/**
 * Resolves a column name as Spark resolves a multi-part name: a column literally named `name`
 * first (our `col('a.b')` always found those), then `<qualifier>.<column>[.<field>…]`, then
 * `<column>.<field>…` inside a struct. Two columns with that qualifier and name are Spark's
 * AMBIGUOUS_REFERENCE (a self-join of one alias); undefined when the name names nothing.
 */
export function resolveColumnName(schema: StructType, name: string): ColumnPath | undefined {
  const exact = schema.fields.findIndex((f) => f.name === name)
  if (exact >= 0) return resolveColumnPath(schema, name)
  const parts = name.split('.')
  const of = qualifiers.get(schema)
  if (of && parts.length >= 2) {
    const [qualifier, column, ...nested] = parts as [string, string, ...string[]]
    const matches = schema.fields.flatMap((f, i) =>
      of[i] === qualifier && f.name === column ? [i] : [],
    )
    if (matches.length > 1)
      throw new AnalysisError(
        'SL_PLAN_AMBIGUOUS_REFERENCE',
        { name, count: matches.length },
        { option: name },
      )
    if (matches.length === 1) {
      const index = matches[0]!
      const f = schema.fields[index]!
      // The nested part resolves inside that one column (a schema of it alone).
      const path = resolveColumnPath({ type: 'struct', fields: [f] }, [column, ...nested].join('.'))
      if (path) return { ...path, index }
    }
  }
  return resolveColumnPath(schema, name)
}

/**
 * The sources each column of a join's output came from, so that a column name both sides have
 * can still be taken from one side with `left.col(name)` / `right.col(name)` (Spark resolves
 * PySpark's `df['name']` by the plan id of `df`; see plan-qualifier.ts). The analyzer records
 * them on the join's output schema; a filter passes the same schema object on, so they hold
 * above it too. Kept beside the schema object, not in its metadata, which is written to tables.
 */
import type { StructType } from '../types/index.js'
import type { ColumnPath } from './column-path.js'
import { qualifierSources } from './plan-qualifier.js'

const origins = new WeakMap<StructType, readonly ReadonlySet<string>[]>()

/** `schema`, its field i read from the sources whose ids are `from[i]`. */
export function withFieldOrigins(
  schema: StructType,
  from: readonly ReadonlySet<string>[],
): StructType {
  origins.set(schema, from)
  return schema
}

/**
 * The one field named `name` that came from the DataFrame `qualifier` names (its side reads
 * every source that DataFrame reads); undefined when none or more than one did.
 */
export function qualifiedColumn(
  schema: StructType,
  name: string,
  qualifier: string,
): ColumnPath | undefined {
  const from = origins.get(schema)
  const sources = qualifierSources(qualifier)
  if (!from || sources.size === 0) return undefined
  let found: number | undefined
  for (let i = 0; i < schema.fields.length; i++) {
    const side = from[i]
    if (schema.fields[i]!.name !== name || !side || ![...sources].every((s) => side.has(s)))
      continue
    if (found !== undefined) return undefined
    found = i
  }
  if (found === undefined) return undefined
  const f = schema.fields[found]!
  return { index: found, fields: [], name: f.name, dataType: f.dataType, nullable: f.nullable }
}

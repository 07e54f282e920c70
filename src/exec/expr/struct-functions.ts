/**
 * `struct(c1, c2, …)` and `Column.getField(name)`. A struct value is the array of its field
 * values in field order (types/data-type.ts), so building one is collecting the arguments and
 * reading a field is an index into it; a map's getField is a lookup by key.
 */
import { getFieldName, structFieldIndex } from '../../plan/function-catalogue.js'
import type { FunctionCallNode } from '../../plan/expr/index.js'
import { resolveExpression } from '../../plan/analyzer.js'
import type { StructType } from '../../types/index.js'
import type { CompiledExpression } from './compile-expression.js'

/** struct(...): never null; a null argument is a null field. */
export function compileStruct(args: readonly CompiledExpression[]): CompiledExpression {
  return (row) => args.map((a) => a(row) ?? null)
}

/** getField on a struct (the field, null when the struct is) or a map (the key's value). */
export function compileGetField(
  call: FunctionCallNode,
  input: CompiledExpression,
  schema: StructType,
): CompiledExpression {
  const type = resolveExpression(call.args[0]!, schema).dataType
  const name = getFieldName(call)
  if (type.type === 'map')
    return (row) => {
      const m = input(row) as Map<unknown, unknown> | null
      return m === null || m === undefined ? null : (m.get(name) ?? null)
    }
  const index = structFieldIndex(type as StructType, name)
  return (row) => {
    const v = input(row) as readonly unknown[] | null
    return v === null || v === undefined ? null : (v[index] ?? null)
  }
}

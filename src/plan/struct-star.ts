/**
 * `struct('*')` (and `struct(col('*'))`): Spark expands the star into every input column, so
 * `to_json(struct('*'))` serializes whole rows. The call is rewritten to name each column before
 * it is typed or compiled; a struct without a star is returned as it is.
 */
import { ColumnRefNode, FunctionCallNode } from './expr/index.js'
import type { StructType } from '../types/index.js'

export function expandStructStar(call: FunctionCallNode, schema: StructType): FunctionCallNode {
  if (call.name !== 'struct') return call
  const isStar = (a: (typeof call.args)[number]): boolean =>
    a.kind === 'ColumnRefNode' && a.name === '*'
  if (!call.args.some(isStar)) return call
  return FunctionCallNode.create(
    'struct',
    call.args.flatMap((a) =>
      // An exact top-level name wins over a nested path (column-path.ts): `a.b` stays one column.
      isStar(a) ? schema.fields.map((f) => ColumnRefNode.create(f.name)) : [a],
    ),
  )
}

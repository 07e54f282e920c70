import type { DataType } from '../../types/index.js'
import type { Expression } from './expression.js'

/** `CAST(child AS dataType)` with Spark's non-ANSI semantics (failures become null). */
export interface CastNode {
  readonly kind: 'CastNode'
  readonly child: Expression
  readonly dataType: DataType
}

export const CastNode = Object.freeze({
  create(child: Expression, dataType: DataType): CastNode {
    return Object.freeze({ kind: 'CastNode', child, dataType })
  },
  is(node: { kind: string }): node is CastNode {
    return node.kind === 'CastNode'
  },
})

import type { DataType } from '../../types/index.js'

/** A constant (`lit(5)`), carrying its Spark type; `value` uses the engine's value contract. */
export interface LiteralNode {
  readonly kind: 'LiteralNode'
  readonly value: unknown
  readonly dataType: DataType
}

export const LiteralNode = Object.freeze({
  create(value: unknown, dataType: DataType): LiteralNode {
    return Object.freeze({ kind: 'LiteralNode', value, dataType })
  },
  is(node: { kind: string }): node is LiteralNode {
    return node.kind === 'LiteralNode'
  },
})

import type { Expression } from './expression.js'

export type UnaryOperator = 'not' | 'negate' | 'isNull' | 'isNotNull'

export interface UnaryOpNode {
  readonly kind: 'UnaryOpNode'
  readonly op: UnaryOperator
  readonly child: Expression
}

export const UnaryOpNode = Object.freeze({
  create(op: UnaryOperator, child: Expression): UnaryOpNode {
    return Object.freeze({ kind: 'UnaryOpNode', op, child })
  },
  is(node: { kind: string }): node is UnaryOpNode {
    return node.kind === 'UnaryOpNode'
  },
})

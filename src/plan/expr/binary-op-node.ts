import type { Expression } from './expression.js'

/** Arithmetic, comparison and boolean operators with SQL semantics (null-propagating). */
export type BinaryOperator =
  '+' | '-' | '*' | '/' | '%' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '<=>' | 'and' | 'or'

export const ARITHMETIC_OPERATORS: ReadonlySet<BinaryOperator> = new Set(['+', '-', '*', '/', '%'])
export const COMPARISON_OPERATORS: ReadonlySet<BinaryOperator> = new Set([
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '<=>',
])

export interface BinaryOpNode {
  readonly kind: 'BinaryOpNode'
  readonly op: BinaryOperator
  readonly left: Expression
  readonly right: Expression
}

export const BinaryOpNode = Object.freeze({
  create(op: BinaryOperator, left: Expression, right: Expression): BinaryOpNode {
    return Object.freeze({ kind: 'BinaryOpNode', op, left, right })
  },
  is(node: { kind: string }): node is BinaryOpNode {
    return node.kind === 'BinaryOpNode'
  },
})

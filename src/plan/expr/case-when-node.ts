import type { Expression } from './expression.js'

/** `when(c1, v1).when(c2, v2).otherwise(v)`: the first branch whose condition is true. */
export interface CaseWhenNode {
  readonly kind: 'CaseWhenNode'
  readonly branches: readonly (readonly [Expression, Expression])[]
  /** Null when absent. */
  readonly otherwise: Expression | undefined
}

export const CaseWhenNode = Object.freeze({
  create(
    branches: readonly (readonly [Expression, Expression])[],
    otherwise: Expression | undefined,
  ): CaseWhenNode {
    return Object.freeze({
      kind: 'CaseWhenNode',
      branches: Object.freeze([...branches]),
      otherwise,
    })
  },
  is(node: { kind: string }): node is CaseWhenNode {
    return node.kind === 'CaseWhenNode'
  },
})

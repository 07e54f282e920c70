import type { Expression } from './expression.js'

/** Names an expression's output column (`col("x").alias("y")`). */
export interface AliasNode {
  readonly kind: 'AliasNode'
  readonly child: Expression
  readonly name: string
}

export const AliasNode = Object.freeze({
  create(child: Expression, name: string): AliasNode {
    return Object.freeze({ kind: 'AliasNode', child, name })
  },
  is(node: { kind: string }): node is AliasNode {
    return node.kind === 'AliasNode'
  },
})

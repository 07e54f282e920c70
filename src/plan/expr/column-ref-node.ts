/** A reference to a column of the child plan's output, by name (`col("x")`). */
export interface ColumnRefNode {
  readonly kind: 'ColumnRefNode'
  readonly name: string
}

export const ColumnRefNode = Object.freeze({
  create(name: string): ColumnRefNode {
    return Object.freeze({ kind: 'ColumnRefNode', name })
  },
  is(node: { kind: string }): node is ColumnRefNode {
    return node.kind === 'ColumnRefNode'
  },
})

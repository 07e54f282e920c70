/**
 * A reference to a column of the child plan's output, by name (`col("x")`). `df.col("x")` also
 * records which DataFrame it came from (`qualifier`, an opaque id), so that a join condition can
 * tell `left.col("key")` from `right.col("key")`; everywhere else the name alone resolves it.
 */
export interface ColumnRefNode {
  readonly kind: 'ColumnRefNode'
  readonly name: string
  readonly qualifier?: string
}

export const ColumnRefNode = Object.freeze({
  create(name: string, qualifier?: string): ColumnRefNode {
    return Object.freeze(
      qualifier === undefined
        ? { kind: 'ColumnRefNode', name }
        : { kind: 'ColumnRefNode', name, qualifier },
    )
  },
  is(node: { kind: string }): node is ColumnRefNode {
    return node.kind === 'ColumnRefNode'
  },
})

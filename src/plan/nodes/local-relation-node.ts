import type { Row, StructType } from '../../types/index.js'

/** Rows given inline (`spark.createDataFrame(rows, schema)`), already in the engine's value form. */
export interface LocalRelationNode {
  readonly kind: 'LocalRelationNode'
  readonly schema: StructType
  readonly rows: readonly Row[]
}

export const LocalRelationNode = Object.freeze({
  create(schema: StructType, rows: readonly Row[]): LocalRelationNode {
    return Object.freeze({ kind: 'LocalRelationNode', schema, rows: Object.freeze([...rows]) })
  },
  is(node: { kind: string }): node is LocalRelationNode {
    return node.kind === 'LocalRelationNode'
  },
})

import type { LogicalPlan } from './logical-plan.js'

/**
 * `df.alias(name)`: the child's rows and columns, each column now also known as `name.column`
 * (Spark's SubqueryAlias). The analyzer records the alias as the qualifier of every output
 * field (field-qualifiers.ts), so `select('a.x')` and, after a self-join of two aliases,
 * `select('l.x', 'r.x')` name one column each.
 */
export interface SubqueryAliasNode {
  readonly kind: 'SubqueryAliasNode'
  readonly child: LogicalPlan
  readonly alias: string
}

export const SubqueryAliasNode = Object.freeze({
  create(child: LogicalPlan, alias: string): SubqueryAliasNode {
    return Object.freeze({ kind: 'SubqueryAliasNode', child, alias })
  },
  is(node: { kind: string }): node is SubqueryAliasNode {
    return node.kind === 'SubqueryAliasNode'
  },
})

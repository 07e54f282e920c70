import type { Expression } from '../expr/index.js'
import type { LogicalPlan } from './logical-plan.js'

/** `select(...)`: one output column per projection, named by its alias or column name. */
export interface ProjectNode {
  readonly kind: 'ProjectNode'
  readonly child: LogicalPlan
  readonly projections: readonly Expression[]
}

export const ProjectNode = Object.freeze({
  create(child: LogicalPlan, projections: readonly Expression[]): ProjectNode {
    return Object.freeze({
      kind: 'ProjectNode',
      child,
      projections: Object.freeze([...projections]),
    })
  },
  is(node: { kind: string }): node is ProjectNode {
    return node.kind === 'ProjectNode'
  },
})

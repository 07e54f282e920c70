export { AggregateNode } from './aggregate-node.js'
export { DeduplicateNode } from './deduplicate-node.js'
export { JoinNode, type JoinType } from './join-node.js'
export { FilterNode } from './filter-node.js'
export { LocalRelationNode } from './local-relation-node.js'
export {
  collectSources,
  isStreamingPlan,
  planChildren,
  withChildren,
  type LogicalPlan,
} from './logical-plan.js'
export { ProjectNode } from './project-node.js'
export { SortNode, type SortOrder } from './sort-node.js'
export { SourceNode } from './source-node.js'
export { SubqueryAliasNode } from './subquery-alias-node.js'
export { WatermarkNode } from './watermark-node.js'
export { UnionNode } from './union-node.js'

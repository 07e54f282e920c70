export { AggregateCallNode, type AggregateFunctionName } from './aggregate-call-node.js'
export { CaseWhenNode } from './case-when-node.js'
export { SessionWindowNode } from './session-window-node.js'
export { TimeWindowNode } from './time-window-node.js'
export { AliasNode } from './alias-node.js'
export {
  ARITHMETIC_OPERATORS,
  BinaryOpNode,
  COMPARISON_OPERATORS,
  type BinaryOperator,
} from './binary-op-node.js'
export { CastNode } from './cast-node.js'
export { ColumnRefNode } from './column-ref-node.js'
export { expressionChildren, referencedColumns, type Expression } from './expression.js'
export { FunctionCallNode } from './function-call-node.js'
export { LiteralNode } from './literal-node.js'
export { UnaryOpNode, type UnaryOperator } from './unary-op-node.js'

/**
 * Expressions: immutable, `kind`-tagged nodes (STYLE.md rule 2). They describe computations and
 * hold no executable code, so any backend (the embedded executor, a Spark Connect translator)
 * can interpret them.
 */
import type { AggregateCallNode } from './aggregate-call-node.js'
import type { AliasNode } from './alias-node.js'
import type { BinaryOpNode } from './binary-op-node.js'
import type { CaseWhenNode } from './case-when-node.js'
import type { CastNode } from './cast-node.js'
import type { ColumnRefNode } from './column-ref-node.js'
import type { FunctionCallNode } from './function-call-node.js'
import type { LiteralNode } from './literal-node.js'
import type { SessionWindowNode } from './session-window-node.js'
import type { TimeWindowNode } from './time-window-node.js'
import type { UnaryOpNode } from './unary-op-node.js'

export type Expression =
  | ColumnRefNode
  | LiteralNode
  | BinaryOpNode
  | UnaryOpNode
  | AliasNode
  | CastNode
  | FunctionCallNode
  | CaseWhenNode
  | AggregateCallNode
  | TimeWindowNode
  | SessionWindowNode

/** The children of an expression node, in order. */
export function expressionChildren(e: Expression): readonly Expression[] {
  switch (e.kind) {
    case 'ColumnRefNode':
    case 'LiteralNode':
      return []
    case 'BinaryOpNode':
      return [e.left, e.right]
    case 'UnaryOpNode':
    case 'AliasNode':
    case 'CastNode':
      return [e.child]
    case 'FunctionCallNode':
    case 'AggregateCallNode':
      return e.args
    case 'CaseWhenNode':
      return [...e.branches.flat(), ...(e.otherwise ? [e.otherwise] : [])]
    case 'TimeWindowNode':
      return [e.timeColumn]
    case 'SessionWindowNode':
      return [e.timeColumn, e.gap]
  }
}

/** Every column name an expression references. */
export function referencedColumns(e: Expression, into: Set<string> = new Set()): Set<string> {
  if (e.kind === 'ColumnRefNode') into.add(e.name)
  for (const c of expressionChildren(e)) referencedColumns(c, into)
  return into
}

import type { Expression } from './expression.js'

/**
 * A call of a named built-in scalar function (`current_timestamp()`, `coalesce(a, b)` …). The
 * function catalogue (`plan/function-catalogue.ts`) gives each name its type rule; executors map
 * names to implementations, so this node carries no code.
 */
export interface FunctionCallNode {
  readonly kind: 'FunctionCallNode'
  readonly name: string
  readonly args: readonly Expression[]
}

export const FunctionCallNode = Object.freeze({
  create(name: string, args: readonly Expression[]): FunctionCallNode {
    return Object.freeze({ kind: 'FunctionCallNode', name, args: Object.freeze([...args]) })
  },
  is(node: { kind: string }): node is FunctionCallNode {
    return node.kind === 'FunctionCallNode'
  },
})

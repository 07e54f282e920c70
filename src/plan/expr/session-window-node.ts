import type { Expression } from './expression.js'

/**
 * `session_window(timeColumn, gap)` (spark-semantics §2): each row starts the session
 * `[t, t + gap)`; sessions of the same key merge when they touch. `gap` is a string expression
 * evaluated per row (a literal such as "30 minutes" for a static gap).
 */
export interface SessionWindowNode {
  readonly kind: 'SessionWindowNode'
  readonly timeColumn: Expression
  readonly gap: Expression
}

export const SessionWindowNode = Object.freeze({
  create(timeColumn: Expression, gap: Expression): SessionWindowNode {
    return Object.freeze({ kind: 'SessionWindowNode', timeColumn, gap })
  },
  is(node: { kind: string }): node is SessionWindowNode {
    return node.kind === 'SessionWindowNode'
  },
})

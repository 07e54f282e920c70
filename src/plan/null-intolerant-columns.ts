/**
 * Catalyst's `NullIntolerant` walk (`QueryPlanConstraints.scanNullIntolerantAttribute`): the
 * columns reached from an expression's root through null-intolerant expressions only — those
 * that are null whenever an input is. A predicate that holds (is true) therefore implies that
 * each of these columns is not null; both filter inference over joins and the JSON reader's
 * pushed `isNotNull` filters are built on it.
 */
import type { Expression } from './expr/index.js'

/** The columns `e` cannot be true without (Catalyst's NullIntolerant chain from the root). */
export function nullIntolerantColumns(e: Expression): string[] {
  switch (e.kind) {
    case 'ColumnRefNode':
      return [e.name]
    case 'BinaryOpNode':
      if (e.op === 'and' || e.op === 'or' || e.op === '<=>') return []
      return [...nullIntolerantColumns(e.left), ...nullIntolerantColumns(e.right)]
    case 'UnaryOpNode':
      return e.op === 'not' || e.op === 'negate' ? nullIntolerantColumns(e.child) : []
    case 'CastNode':
      return nullIntolerantColumns(e.child)
    case 'FunctionCallNode':
      return e.name === 'upper' || e.name === 'lower' || e.name === 'abs'
        ? e.args.flatMap(nullIntolerantColumns)
        : []
    default:
      return []
  }
}

/**
 * The columns a predicate that holds proves not null (`inferIsNotNullConstraints`): through
 * `isNotNull(e)` to `e`'s null-intolerant columns, else the predicate's own.
 */
export function impliedNotNullColumns(predicate: Expression): string[] {
  const root =
    predicate.kind === 'UnaryOpNode' && predicate.op === 'isNotNull' ? predicate.child : predicate
  return nullIntolerantColumns(root)
}

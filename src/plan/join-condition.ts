/**
 * Join conditions given as a Column (`a.join(b, a.col('k').eq(b.col('k')).and(...))`). At
 * `join()` every column reference is bound to one side and renamed `left.<name>` /
 * `right.<name>`, so the condition resolves against {@link joinConditionSchema} (the left
 * fields, then the right ones) even when both sides have a column of the same name. The split
 * into equi-join keys, one-side filters and the rest follows Spark's ExtractEquiJoinKeys and
 * JoinConditionSplitPredicates.
 */
import { AnalysisError } from '../errors/index.js'
import { fieldIndex, structField, structType, type StructType } from '../types/index.js'
import {
  AliasNode,
  BinaryOpNode,
  CaseWhenNode,
  CastNode,
  ColumnRefNode,
  FunctionCallNode,
  UnaryOpNode,
  referencedColumns,
  type Expression,
} from './expr/index.js'
import { fieldQualifier } from './field-qualifiers.js'
import { unresolvedColumn } from './resolve-expression.js'

export type JoinSide = 'left' | 'right'

const PREFIX: Readonly<Record<JoinSide, string>> = { left: 'left.', right: 'right.' }

/** The schema a bound condition resolves against: `left.<name>` fields, then `right.<name>`. */
export function joinConditionSchema(left: StructType, right: StructType): StructType {
  return structType([
    ...left.fields.map((f) =>
      structField(PREFIX.left + f.name, f.dataType, f.nullable, f.metadata),
    ),
    ...right.fields.map((f) =>
      structField(PREFIX.right + f.name, f.dataType, f.nullable, f.metadata),
    ),
  ])
}

/** Which side a bound column name belongs to, and its name there. */
export function sideOf(boundName: string): { side: JoinSide; name: string } {
  return boundName.startsWith(PREFIX.left)
    ? { side: 'left', name: boundName.slice(PREFIX.left.length) }
    : { side: 'right', name: boundName.slice(PREFIX.right.length) }
}

/**
 * Binds `condition` to the two sides: a reference made with `df.col()` goes to the side it came
 * from; a plain `col('x')` to the only side that has `x` (both → ambiguous, as in Spark).
 */
export function bindJoinCondition(
  condition: Expression,
  sides: {
    readonly left: { id: string; schema: StructType }
    right: { id: string; schema: StructType }
  },
): Expression {
  return mapColumnRefs(condition, (ref) => {
    const inLeft = fieldIndex(sides.left.schema, ref.name) >= 0
    const inRight = fieldIndex(sides.right.schema, ref.name) >= 0
    let side: JoinSide | undefined
    if (ref.qualifier === sides.left.id && inLeft && ref.qualifier !== sides.right.id) side = 'left'
    else if (ref.qualifier === sides.right.id && inRight && ref.qualifier !== sides.left.id)
      side = 'right'
    else if (inLeft && inRight)
      throw new AnalysisError('SL_PLAN_AMBIGUOUS_COLUMN', { name: ref.name }, { option: ref.name })
    else if (inLeft) side = 'left'
    else if (inRight) side = 'right'
    else {
      // `a.x` where `a` is an alias inside one side (after an earlier join, say).
      const l = qualifiedIn(sides.left.schema, ref.name)
      const r = qualifiedIn(sides.right.schema, ref.name)
      if (l !== undefined && r === undefined) return ColumnRefNode.create(PREFIX.left + l)
      if (r !== undefined && l === undefined) return ColumnRefNode.create(PREFIX.right + r)
      if (l !== undefined)
        throw new AnalysisError(
          'SL_PLAN_AMBIGUOUS_COLUMN',
          { name: ref.name },
          { option: ref.name },
        )
      throw unresolvedColumn(
        ref.name,
        structType([...sides.left.schema.fields, ...sides.right.schema.fields]),
      )
    }
    return ColumnRefNode.create(PREFIX[side] + ref.name)
  })
}

/** The column `alias.name` names in `schema` by its qualifier, if exactly one. */
function qualifiedIn(schema: StructType, name: string): string | undefined {
  const dot = name.indexOf('.')
  if (dot < 0) return undefined
  const [alias, column] = [name.slice(0, dot), name.slice(dot + 1)]
  const matches = schema.fields.filter(
    (f, i) => f.name === column && fieldQualifier(schema, i) === alias,
  )
  return matches.length === 1 ? column : undefined
}

/** The conjuncts of `e` (`a AND b AND c` → [a, b, c]). */
export function splitConjuncts(e: Expression): Expression[] {
  return e.kind === 'BinaryOpNode' && e.op === 'and'
    ? [...splitConjuncts(e.left), ...splitConjuncts(e.right)]
    : [e]
}

/** Which sides a bound expression references. */
export function sidesOf(e: Expression): Set<JoinSide> {
  return new Set([...referencedColumns(e)].map((n) => sideOf(n).side))
}

/** A bound condition split the way Spark's stream-stream join uses it. */
export interface SplitJoinCondition {
  /** Equi-join key pairs: an expression over the left side, one over the right (`l = r`). */
  readonly keys: readonly { left: Expression; right: Expression }[]
  /** Conjuncts over the left side only (rows failing them are never stored). */
  readonly leftOnly: readonly Expression[]
  readonly rightOnly: readonly Expression[]
  /** Conjuncts over both sides (checked per joined pair). */
  readonly both: readonly Expression[]
  /** Every non-equi conjunct (Spark's `condition.full`: where time ranges are found). */
  readonly residual: readonly Expression[]
}

export function splitJoinCondition(condition: Expression | undefined): SplitJoinCondition {
  const keys: { left: Expression; right: Expression }[] = []
  const leftOnly: Expression[] = []
  const rightOnly: Expression[] = []
  const both: Expression[] = []
  const residual: Expression[] = []
  for (const c of condition ? splitConjuncts(condition) : []) {
    if (c.kind === 'BinaryOpNode' && c.op === '=') {
      const l = sidesOf(c.left)
      const r = sidesOf(c.right)
      const only = (s: Set<JoinSide>, side: JoinSide): boolean => s.size === 1 && s.has(side)
      if (only(l, 'left') && only(r, 'right')) {
        keys.push({ left: c.left, right: c.right })
        continue
      }
      if (only(l, 'right') && only(r, 'left')) {
        keys.push({ left: c.right, right: c.left })
        continue
      }
    }
    residual.push(c)
    const s = sidesOf(c)
    if (s.size === 1 && s.has('left')) leftOnly.push(c)
    else if (s.size === 1 && s.has('right')) rightOnly.push(c)
    else both.push(c)
  }
  return { keys, leftOnly, rightOnly, both, residual }
}

/** `e` with its bound side prefix removed (to compile it against that side's schema alone). */
export function unbind(e: Expression): Expression {
  return mapColumnRefs(e, (ref) => ColumnRefNode.create(sideOf(ref.name).name))
}

/** `e` with every column reference replaced by `f(ref)` (also MERGE's alias resolution). */
export function mapColumnRefs(e: Expression, f: (ref: ColumnRefNode) => Expression): Expression {
  const m = (x: Expression): Expression => mapColumnRefs(x, f)
  switch (e.kind) {
    case 'ColumnRefNode':
      return f(e)
    case 'LiteralNode':
      return e
    case 'BinaryOpNode':
      return BinaryOpNode.create(e.op, m(e.left), m(e.right))
    case 'UnaryOpNode':
      return UnaryOpNode.create(e.op, m(e.child))
    case 'AliasNode':
      return AliasNode.create(m(e.child), e.name)
    case 'CastNode':
      return CastNode.create(m(e.child), e.dataType, e.evalMode)
    case 'FunctionCallNode':
      return FunctionCallNode.create(e.name, e.args.map(m))
    case 'CaseWhenNode':
      return CaseWhenNode.create(
        e.branches.map(([c, v]) => [m(c), m(v)] as const),
        e.otherwise ? m(e.otherwise) : undefined,
      )
    case 'AggregateCallNode':
    case 'TimeWindowNode':
    case 'SessionWindowNode':
      throw new AnalysisError('SL_PLAN_UNSUPPORTED_OPERATION', {
        operation: `${e.kind === 'AggregateCallNode' ? 'an aggregate' : 'window()'} in a join condition`,
        hint: 'Compute it in a select(...) on one side first, then join on the resulting column.',
      })
  }
}

/**
 * Catalyst's InferFiltersFromConstraints for joins (optimizer batch "Infer Filters"), which is
 * observable in a streaming query: the filters it adds to a join's sides are then pushed down like
 * any other (push-down-filters.ts), and one that reaches a streaming JSON source is handed to the
 * reader, whose dropped rows are not in `numInputRows` — a stream with null join keys reads fewer
 * input rows in Spark than its files hold. The rows a query outputs never change: an inferred
 * filter only drops rows that could not have matched.
 *
 * The constraints of a join are those of its children (the conjuncts of the filters below them,
 * followed through projections that keep or rename the column), plus the join condition's
 * conjuncts (a USING join's condition is `left.k = right.k` per key), plus what `a = b` between two
 * columns (one possibly under a cast) implies for the other constraints (`inferAdditionalConstraints`),
 * plus `isNotNull(c)` for each column a constraint cannot hold without (null-intolerant-columns.ts).
 * Each constraint over one side only becomes a filter on that side unless that side already has
 * it — on both sides of an inner join, on the right of a left outer join, on the left of a right
 * outer join and on neither of a full outer join, where a dropped row would be missing from the
 * null-extended output.
 */
import {
  BinaryOpNode,
  ColumnRefNode,
  UnaryOpNode,
  referencedColumns,
  type Expression,
} from './expr/index.js'
import { exprString } from './explain.js'
import { sideOf, splitConjuncts, unbind, type JoinSide } from './join-condition.js'
import {
  FilterNode,
  planChildren,
  withChildren,
  type JoinType,
  type LogicalPlan,
} from './nodes/index.js'
import { impliedNotNullColumns } from './null-intolerant-columns.js'
import { andAll, substitute } from './push-down-filters.js'
import type { StructType } from '../types/index.js'

/** The sides whose rows an inferred filter may drop without changing the join's output. */
const INFERRED_SIDES: Readonly<Record<JoinType, readonly JoinSide[]>> = {
  inner: ['left', 'right'],
  left_outer: ['right'],
  right_outer: ['left'],
  full_outer: [],
}

/** `plan` with the filters Spark infers for every join's sides added directly above them. */
export function inferJoinFilters(
  plan: LogicalPlan,
  schemaOf: (p: LogicalPlan) => StructType,
): LogicalPlan {
  const node = withChildren(
    plan,
    planChildren(plan).map((c) => inferJoinFilters(c, schemaOf)),
  )
  if (node.kind !== 'JoinNode') return node
  const sides = INFERRED_SIDES[node.joinType]
  if (sides.length === 0) return node
  const base = unique([
    ...bindAll('left', constraintsOf(node.left)),
    ...bindAll('right', constraintsOf(node.right)),
    ...(node.condition
      ? splitConjuncts(node.condition)
      : node.using.map((k) =>
          BinaryOpNode.create(
            '=',
            ColumnRefNode.create(`left.${k}`),
            ColumnRefNode.create(`right.${k}`),
          ),
        )),
  ])
  const all = unique([...base, ...inferredByEquality(base)])
  const candidates = unique([...all, ...all.flatMap(notNullOf)])
  const filtered = (side: JoinSide, child: LogicalPlan): LogicalPlan => {
    const have = new Set(knownConstraints(child, schemaOf).map(exprString))
    const add = candidates
      .filter((c) => {
        const refs = [...referencedColumns(c)]
        return refs.length > 0 && refs.every((n) => sideOf(n).side === side)
      })
      .map(unbind)
      .filter((c) => !have.has(exprString(c)))
    return add.length ? FilterNode.create(child, andAll(add)) : child
  }
  const left = sides.includes('left') ? filtered('left', node.left) : node.left
  const right = sides.includes('right') ? filtered('right', node.right) : node.right
  return withChildren(node, [left, right])
}

/**
 * The predicates that hold for every row of `plan` (Catalyst's `validConstraints`, kept to what
 * this engine's rules need): filter conjuncts, through watermarks, deduplication, and projections
 * or groupings that keep their columns (renamed by an alias). Sources, unions and joins: none.
 */
function constraintsOf(plan: LogicalPlan): Expression[] {
  // Spark's ConvertToLocalRelation evaluates filters and projections over local data first,
  // leaving a LocalRelation without constraints.
  if (isLocal(plan)) return []
  switch (plan.kind) {
    case 'FilterNode':
      return [...constraintsOf(plan.child), ...splitConjuncts(plan.condition)]
    case 'WatermarkNode':
    case 'DeduplicateNode':
      return constraintsOf(plan.child)
    case 'ProjectNode':
      return throughProjection(plan.projections, constraintsOf(plan.child))
    case 'AggregateNode':
      return throughProjection(plan.grouping, constraintsOf(plan.child))
    default:
      return []
  }
}

function isLocal(plan: LogicalPlan): boolean {
  if (plan.kind === 'LocalRelationNode') return true
  return (plan.kind === 'FilterNode' || plan.kind === 'ProjectNode') && isLocal(plan.child)
}

/** What a side already guarantees: its constraints, their isNotNull, its non-null columns. */
function knownConstraints(
  plan: LogicalPlan,
  schemaOf: (p: LogicalPlan) => StructType,
): Expression[] {
  const own = constraintsOf(plan)
  const notNullable = schemaOf(plan)
    .fields.filter((f) => !f.nullable)
    .map((f) => isNotNull(f.name))
  return [...own, ...own.flatMap(notNullOf), ...notNullable]
}

/** `constraints` over a projection's output: kept when each column they use is projected. */
function throughProjection(
  projections: readonly Expression[],
  constraints: readonly Expression[],
): Expression[] {
  const renamed = new Map<string, string>()
  for (const p of projections) {
    const inner = p.kind === 'AliasNode' ? p.child : p
    if (inner.kind === 'ColumnRefNode' && !renamed.has(inner.name))
      renamed.set(inner.name, p.kind === 'AliasNode' ? p.name : inner.name)
  }
  return constraints.flatMap((c) => {
    const out = substitute(c, (n) => {
      const to = renamed.get(n)
      return to === undefined ? undefined : ColumnRefNode.create(to)
    })
    return out ? [out] : []
  })
}

/**
 * `inferAdditionalConstraints`: for each `a = b` of two columns, the other constraints with `a`
 * replaced by `b` and `b` by `a`; for `cast(a) = b` (or `b = cast(a)`), with `b` replaced by
 * `cast(a)`. isNotNull constraints are left to {@link notNullOf}.
 */
function inferredByEquality(constraints: readonly Expression[]): Expression[] {
  const predicates = constraints.filter((c) => !(c.kind === 'UnaryOpNode' && c.op === 'isNotNull'))
  const out: Expression[] = []
  const replace = (eq: Expression, column: string, by: Expression): void => {
    for (const p of predicates) {
      if (p === eq) continue
      const r = substitute(p, (n) => (n === column ? by : ColumnRefNode.create(n)))
      if (r) out.push(r)
    }
  }
  for (const eq of predicates) {
    if (eq.kind !== 'BinaryOpNode' || eq.op !== '=') continue
    const { left: l, right: r } = eq
    if (l.kind === 'ColumnRefNode' && r.kind === 'ColumnRefNode') {
      replace(eq, l.name, r)
      replace(eq, r.name, l)
    } else if (isCastColumn(l) && r.kind === 'ColumnRefNode') {
      replace(eq, r.name, l)
    } else if (l.kind === 'ColumnRefNode' && isCastColumn(r)) {
      replace(eq, l.name, r)
    }
  }
  const known = new Set(constraints.map(exprString))
  return out.filter((c) => !known.has(exprString(c)))
}

function isCastColumn(e: Expression): boolean {
  return e.kind === 'CastNode' && e.child.kind === 'ColumnRefNode'
}

function notNullOf(constraint: Expression): Expression[] {
  return impliedNotNullColumns(constraint).map(isNotNull)
}

function isNotNull(column: string): Expression {
  return UnaryOpNode.create('isNotNull', ColumnRefNode.create(column))
}

function bindAll(side: JoinSide, constraints: readonly Expression[]): Expression[] {
  return constraints.flatMap((c) => {
    const bound = substitute(c, (n) => ColumnRefNode.create(`${side}.${n}`))
    return bound ? [bound] : []
  })
}

/** `exprs` without repeats (Catalyst's ExpressionSet), first occurrence kept. */
function unique(exprs: readonly Expression[]): Expression[] {
  const seen = new Set<string>()
  return exprs.filter((e) => {
    const key = exprString(e)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

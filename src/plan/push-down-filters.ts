/**
 * Spark's predicate push-down (Catalyst `CombineFilters` + `PushPredicateThroughNonJoin` +
 * `PushPredicateThroughJoin`), which is observable in a streaming query: a filter that ends up
 * below a `withWatermark` is not seen by the event-time statistics (so the watermark only advances
 * on rows that pass it), one below an aggregation keeps the filtered-out groups out of the state,
 * and one directly over a JSON file source is handed to the reader, whose dropped rows do not count
 * in `numInputRows` (see pushed-scan-filters.ts). The rows a query outputs never change.
 *
 * The conjuncts of a filter move down through:
 * - another filter (combined);
 * - a projection, with the projected expressions substituted for the column names (all our
 *   expressions are deterministic; `current_timestamp()` is fixed per batch as in Spark);
 * - `withWatermark`, when the conjunct does not reference the event-time column;
 * - an aggregation, when the conjunct references only grouping columns that are plain columns
 *   (not `window`/`session_window`);
 * - a join, to the side whose columns it references only (for an outer join only to the preserved
 *   side); a conjunct on a USING key goes to the side the key column comes from;
 * - `df.alias('a')`, with `a.x` becoming `x` below it.
 * Everything else stops them (deduplication, unions, sources, nodes this rule does not know);
 * the children of a union and of a join are optimized on their own.
 */
import {
  BinaryOpNode,
  ColumnRefNode,
  UnaryOpNode,
  expressionChildren,
  referencedColumns,
  type Expression,
} from './expr/index.js'
import {
  AggregateNode,
  DeduplicateNode,
  FilterNode,
  JoinNode,
  ProjectNode,
  UnionNode,
  SortNode,
  SubqueryAliasNode,
  WatermarkNode,
  type LogicalPlan,
} from './nodes/index.js'
import { resolveColumnName } from './field-qualifiers.js'
import { resolveExpression } from './resolve-expression.js'
import type { StructType } from '../types/index.js'

/** `plan` with every filter pushed as far down as Spark pushes it; `schemaOf` names columns. */
export function pushDownFilters(
  plan: LogicalPlan,
  schemaOf: (p: LogicalPlan) => StructType,
): LogicalPlan {
  const optimize = (p: LogicalPlan): LogicalPlan => {
    switch (p.kind) {
      case 'FilterNode':
        return pushFilter(splitConjuncts(p.condition), optimize(p.child))
      case 'ProjectNode':
        return ProjectNode.create(optimize(p.child), p.projections)
      case 'WatermarkNode':
        return WatermarkNode.create(optimize(p.child), p.column, p.delay, p.delayMs)
      case 'AggregateNode':
        return AggregateNode.create(optimize(p.child), p.grouping, p.aggregates)
      case 'DeduplicateNode':
        return DeduplicateNode.create(optimize(p.child), p.keys, p.withinWatermark)
      case 'JoinNode':
        return JoinNode.create(
          optimize(p.left),
          optimize(p.right),
          p.using,
          p.joinType,
          p.condition,
        )
      case 'UnionNode':
        return UnionNode.create(p.children.map(optimize))
      case 'SortNode':
        return SortNode.create(optimize(p.child), p.orders)
      case 'SubqueryAliasNode':
        return SubqueryAliasNode.create(optimize(p.child), p.alias)
      default:
        return p
    }
  }

  /** `conds` (conjuncts) over `child` (already optimized), pushed as far as they go. */
  const pushFilter = (conds: readonly Expression[], child: LogicalPlan): LogicalPlan => {
    if (conds.length === 0) return child
    switch (child.kind) {
      case 'FilterNode':
        return pushFilter([...splitConjuncts(child.condition), ...conds], child.child)
      case 'ProjectNode': {
        const names = child.projections.map((e) => nameOf(e, schemaOf(child.child)))
        const sub = (c: Expression): Expression | undefined =>
          substitute(c, (name) => {
            const i = names.indexOf(name)
            return i < 0 ? undefined : unalias(child.projections[i]!)
          })
        const [down, up] = substituteWhere(conds, sub)
        return above(up, ProjectNode.create(pushFilter(down, child.child), child.projections))
      }
      case 'WatermarkNode': {
        const [down, up] = partition(conds, (c) => !referencedColumns(c).has(child.column))
        const inner = pushFilter(down, child.child)
        return above(up, WatermarkNode.create(inner, child.column, child.delay, child.delayMs))
      }
      case 'AggregateNode': {
        const inSchema = schemaOf(child.child)
        const plainKeys = new Map<string, string>()
        for (const g of child.grouping) {
          const inner = unalias(g)
          if (inner.kind === 'ColumnRefNode') plainKeys.set(nameOf(g, inSchema), inner.name)
        }
        const [down, up] = partition(conds, (c) =>
          [...referencedColumns(c)].every((n) => plainKeys.has(n)),
        )
        const pushed = down.map((c) =>
          substitute(c, (n) => ColumnRefNode.create(plainKeys.get(n)!))!,
        )
        const agg = AggregateNode.create(
          pushFilter(pushed, child.child),
          child.grouping,
          child.aggregates,
        )
        return above(up, agg)
      }
      case 'JoinNode': {
        const left = new Set(schemaOf(child.left).fields.map((f) => f.name))
        const right = new Set(schemaOf(child.right).fields.map((f) => f.name))
        const keys = new Set(child.using)
        // Which side a column of the join's output comes from (USING keys: the key's side).
        const sideOf = (n: string): 'left' | 'right' | undefined => {
          if (keys.has(n)) return child.joinType === 'right_outer' ? 'right' : 'left'
          if (left.has(n) && right.has(n)) return undefined
          if (left.has(n)) return 'left'
          if (right.has(n)) return 'right'
          // `l.x` of an aliased side (or a struct field): the one side it resolves in.
          const inLeft = resolvesIn(schemaOf(child.left), n)
          const inRight = resolvesIn(schemaOf(child.right), n)
          return inLeft === inRight ? undefined : inLeft ? 'left' : 'right'
        }
        const toLeft: Expression[] = []
        const toRight: Expression[] = []
        const up: Expression[] = []
        for (const c of conds) {
          const sides = new Set([...referencedColumns(c)].map(sideOf))
          const only = sides.size === 1 ? [...sides][0] : undefined
          if (only === 'left' && child.joinType !== 'right_outer') toLeft.push(c)
          else if (only === 'right' && child.joinType !== 'left_outer') toRight.push(c)
          else up.push(c)
        }
        const join = JoinNode.create(
          pushFilter(toLeft, child.left),
          pushFilter(toRight, child.right),
          child.using,
          child.joinType,
          child.condition,
        )
        return above(up, join)
      }
      case 'SubqueryAliasNode': {
        // Below the alias `a.x` is `x`; a name the child has twice stays above.
        const names = schemaOf(child.child).fields.map((f) => f.name)
        const prefix = `${child.alias}.`
        const sub = (c: Expression): Expression | undefined =>
          substitute(c, (name) => {
            const plain =
              name.startsWith(prefix) && !names.includes(name) ? name.slice(prefix.length) : name
            const i = names.indexOf(plain)
            return i >= 0 && i === names.lastIndexOf(plain)
              ? ColumnRefNode.create(plain)
              : undefined
          })
        const [down, up] = substituteWhere(conds, sub)
        return above(up, SubqueryAliasNode.create(pushFilter(down, child.child), child.alias))
      }
      default:
        return FilterNode.create(child, andAll(conds))
    }
  }

  return optimize(plan)
}

/**
 * The conjuncts of a condition, with `NOT (a OR b)` split as `NOT a`, `NOT b` and `NOT NOT a` as
 * `a` (Catalyst's BooleanSimplification runs before the push-down and the JSON reader sees the
 * simplified conjuncts).
 */
export function splitConjuncts(e: Expression): Expression[] {
  if (e.kind === 'BinaryOpNode' && e.op === 'and')
    return [...splitConjuncts(e.left), ...splitConjuncts(e.right)]
  if (e.kind === 'UnaryOpNode' && e.op === 'not') {
    const c = e.child
    if (c.kind === 'UnaryOpNode' && c.op === 'not') return splitConjuncts(c.child)
    if (c.kind === 'BinaryOpNode' && c.op === 'or')
      return [
        ...splitConjuncts(UnaryOpNode.create('not', c.left)),
        ...splitConjuncts(UnaryOpNode.create('not', c.right)),
      ]
  }
  return [e]
}

export function andAll(conds: readonly Expression[]): Expression {
  return conds.reduce((a, b) => BinaryOpNode.create('and', a, b))
}

function above(conds: readonly Expression[], child: LogicalPlan): LogicalPlan {
  return conds.length ? FilterNode.create(child, andAll(conds)) : child
}

/**
 * The conditions `sub` can rewrite for the child (rewritten), and the ones it cannot (as they
 * are), which stay above.
 */
function substituteWhere(
  conds: readonly Expression[],
  sub: (c: Expression) => Expression | undefined,
): [Expression[], Expression[]] {
  const down: Expression[] = []
  const up: Expression[] = []
  for (const c of conds) {
    const s = sub(c)
    if (s) down.push(s)
    else up.push(c)
  }
  return [down, up]
}

function partition<T>(xs: readonly T[], pred: (x: T) => boolean): [T[], T[]] {
  const yes: T[] = []
  const no: T[] = []
  for (const x of xs) (pred(x) ? yes : no).push(x)
  return [yes, no]
}

/** True when `name` names exactly one column of `schema` (qualified, nested or plain). */
function resolvesIn(schema: StructType, name: string): boolean {
  try {
    return resolveColumnName(schema, name) !== undefined
  } catch {
    return false
  }
}

function unalias(e: Expression): Expression {
  return e.kind === 'AliasNode' ? unalias(e.child) : e
}

function nameOf(e: Expression, schema: StructType): string {
  return e.kind === 'AliasNode' ? e.name : resolveExpression(e, schema).name
}

/** `e` with every column reference replaced by `lookup(name)`; undefined if one has none. */
export function substitute(
  e: Expression,
  lookup: (name: string) => Expression | undefined,
): Expression | undefined {
  if (e.kind === 'ColumnRefNode') return lookup(e.name)
  if (expressionChildren(e).length === 0) return e
  let failed = false
  const map = (x: Expression): Expression => {
    const s = substitute(x, lookup)
    if (!s) failed = true
    return s ?? x
  }
  let out: Expression
  switch (e.kind) {
    case 'BinaryOpNode':
      out = { ...e, left: map(e.left), right: map(e.right) }
      break
    case 'UnaryOpNode':
    case 'CastNode':
    case 'AliasNode':
      out = { ...e, child: map(e.child) }
      break
    case 'FunctionCallNode':
    case 'AggregateCallNode':
      out = { ...e, args: e.args.map(map) }
      break
    case 'CaseWhenNode':
      out = {
        ...e,
        branches: e.branches.map(([w, t]) => [map(w), map(t)] as const),
        ...(e.otherwise ? { otherwise: map(e.otherwise) } : {}),
      }
      break
    default:
      // Window expressions in a filter: leave the conjunct where it is.
      return undefined
  }
  return failed ? undefined : Object.freeze(out)
}

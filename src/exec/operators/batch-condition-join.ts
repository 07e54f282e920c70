/**
 * A join of two batch sides on a condition (`l.join(r, col('l.id').eq(col('r.id')))`), with the
 * output of Spark's: every pair of rows the condition is true for (left columns, then right
 * ones), plus, for an outer join, each preserved side's unmatched rows with nulls for the other
 * side. The condition's equi-join keys (ExtractEquiJoinKeys, as the stream-stream join splits
 * them) hash the right side; each pair that shares a key — every pair when there is none — is
 * checked against the whole condition.
 */
import { joinConditionSchema, splitJoinCondition, unbind } from '../../plan/join-condition.js'
import type { JoinNode } from '../../plan/nodes/index.js'
import { Decimal, decimalJoinKey } from '../../types/decimal-value.js'
import type { Row, StructType } from '../../types/index.js'
import { compileExpression } from '../expr/compile-expression.js'
import type { EvaluationContext } from '../expr/evaluation-context.js'
import { keyJson } from './state-key-json.js'

/** The rows of `node` (a join with a condition) over its two sides' rows. */
export type ConditionJoin = (left: readonly Row[], right: readonly Row[]) => Row[]

export function compileConditionJoin(
  node: JoinNode,
  leftSchema: StructType,
  rightSchema: StructType,
  ctx: () => EvaluationContext,
): ConditionJoin {
  const condition = compileExpression(
    node.condition!,
    joinConditionSchema(leftSchema, rightSchema),
    ctx,
  )
  const { keys } = splitJoinCondition(node.condition)
  const leftKeys = keys.map((k) => compileExpression(unbind(k.left), leftSchema, ctx))
  const rightKeys = keys.map((k) => compileExpression(unbind(k.right), rightSchema, ctx))
  // Decimal keys of different scales on the two sides are equal by value (as Spark's cast).
  const keyOf = (row: Row, of: typeof leftKeys): string | undefined => {
    const key = of.map((k) => {
      const v = k(row)
      return v instanceof Decimal ? decimalJoinKey(v) : v
    })
    return key.some((v) => v === null) ? undefined : keyJson(key)
  }
  const keepLeft = node.joinType === 'left_outer' || node.joinType === 'full_outer'
  const keepRight = node.joinType === 'right_outer' || node.joinType === 'full_outer'
  const leftNulls = leftSchema.fields.map(() => null)
  const rightNulls = rightSchema.fields.map(() => null)
  return (left, right) => {
    const byKey = new Map<string, number[]>()
    right.forEach((row, i) => {
      const k = keyOf(row, rightKeys)
      if (k === undefined) return
      const list = byKey.get(k)
      if (list) list.push(i)
      else byKey.set(k, [i])
    })
    const all = right.map((_, i) => i)
    const rightMatched = new Uint8Array(right.length)
    const out: Row[] = []
    for (const l of left) {
      const k = keyOf(l, leftKeys)
      const candidates = keys.length === 0 ? all : k === undefined ? [] : (byKey.get(k) ?? [])
      let matched = false
      for (const i of candidates) {
        const pair = [...l, ...right[i]!]
        if (condition(pair) !== true) continue
        out.push(pair)
        matched = true
        rightMatched[i] = 1
      }
      if (!matched && keepLeft) out.push([...l, ...rightNulls])
    }
    if (keepRight)
      right.forEach((r, i) => {
        if (rightMatched[i] === 0) out.push([...leftNulls, ...r])
      })
    return out
  }
}

/**
 * The aggregate calls of an AggregateNode laid out in one flat accumulator array: each call's
 * implementation, its argument evaluator and the offset of its slots (after `firstSlot` slots the
 * operator keeps for itself, e.g. a session's start and end).
 */
import { resolveExpression } from '../../plan/analyzer.js'
import type { AggregateCallNode, Expression } from '../../plan/expr/index.js'
import type { StructType } from '../../types/index.js'
import { compileExpression, type CompiledExpression } from '../expr/compile-expression.js'
import type { EvaluationContext } from '../expr/evaluation-context.js'
import { aggregateFunction, type AggregateFunction } from './aggregate-functions.js'

export interface CompiledAggregates {
  readonly functions: readonly AggregateFunction[]
  readonly argumentOf: readonly CompiledExpression[]
  readonly offsets: readonly number[]
  /** Total slots, including the leading `firstSlot`. */
  readonly width: number
}

export function compileAggregates(
  aggregates: readonly Expression[],
  schema: StructType,
  ctx: () => EvaluationContext,
  firstSlot = 0,
): CompiledAggregates {
  const functions: AggregateFunction[] = []
  const argumentOf: CompiledExpression[] = []
  const offsets: number[] = []
  let offset = firstSlot
  for (const a of aggregates) {
    const call = (a.kind === 'AliasNode' ? a.child : a) as AggregateCallNode
    const star = call.args.length === 0
    const argDataType = star ? undefined : resolveExpression(call.args[0]!, schema).dataType
    const argType = argDataType?.type
    const integral =
      argType === 'byte' || argType === 'short' || argType === 'integer' || argType === 'long'
    const fn = aggregateFunction(
      call.fn,
      star,
      integral,
      call.ignoreNulls,
      argDataType,
      ctx().ansi !== false,
    )
    functions.push(fn)
    argumentOf.push(star ? () => 1 : compileExpression(call.args[0]!, schema, ctx))
    offsets.push(offset)
    offset += fn.slots
  }
  return { functions, argumentOf, offsets, width: offset }
}

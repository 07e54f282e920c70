/**
 * Compiles a logical plan into a runnable pipeline for the embedded engine: one function per
 * node that turns the rows of its inputs into its output rows. Used both for micro-batches of a
 * streaming query (each source contributes the rows of its offset range) and for batch reads.
 * Stateful operators plug in here in later work; this file stays a dispatcher.
 */
import { outputSchema, type SourceSchemaResolver } from '../plan/analyzer.js'
import type { LogicalPlan } from '../plan/nodes/index.js'
import { fieldIndex, type Row, type StructType } from '../types/index.js'
import { EventTimeStats } from './event-time-stats.js'
import { compileExpression } from './expr/compile-expression.js'
import type { EvaluationContext } from './expr/evaluation-context.js'

/** Rows of each source for one execution, by `sourceId`. */
export type SourceRows = ReadonlyMap<string, readonly Row[]>

/** A compiled plan. */
export interface CompiledPlan {
  readonly schema: StructType
  /** Watermark nodes in plan order, with this batch's observed event-time statistics. */
  readonly watermarks: readonly { column: string; delayMs: number; stats: EventTimeStats }[]
  run(inputs: SourceRows): Row[]
}

/** Compiles `plan`; `ctx` is read at run time (batch timestamp changes per batch). */
export function compilePlan(
  plan: LogicalPlan,
  resolveSource: SourceSchemaResolver,
  ctx: () => EvaluationContext,
): CompiledPlan {
  const watermarks: { column: string; delayMs: number; stats: EventTimeStats }[] = []
  const run = build(plan)
  return { schema: outputSchema(plan, resolveSource), watermarks, run }

  function build(node: LogicalPlan): (inputs: SourceRows) => Row[] {
    switch (node.kind) {
      case 'SourceNode': {
        const id = node.sourceId
        return (inputs) => (inputs.get(id) ?? []) as Row[]
      }
      case 'LocalRelationNode': {
        const rows = node.rows as Row[]
        return () => rows
      }
      case 'FilterNode': {
        const child = build(node.child)
        const cond = compileExpression(node.condition, outputSchema(node.child, resolveSource), ctx)
        return (inputs) => child(inputs).filter((row) => cond(row) === true)
      }
      case 'ProjectNode': {
        const child = build(node.child)
        const schema = outputSchema(node.child, resolveSource)
        const exprs = node.projections.map((p) => compileExpression(p, schema, ctx))
        const n = exprs.length
        return (inputs) => {
          const rows = child(inputs)
          const out = new Array<Row>(rows.length)
          for (let r = 0; r < rows.length; r++) {
            const row = rows[r]!
            const o = new Array<unknown>(n)
            for (let i = 0; i < n; i++) o[i] = exprs[i]!(row)
            out[r] = o
          }
          return out
        }
      }
      case 'WatermarkNode': {
        const child = build(node.child)
        const index = fieldIndex(outputSchema(node.child, resolveSource), node.column)
        const stats = new EventTimeStats()
        watermarks.push({ column: node.column, delayMs: node.delayMs, stats })
        return (inputs) => {
          const rows = child(inputs)
          for (const row of rows) stats.add(row[index] as number | null)
          return rows
        }
      }
    }
  }
}

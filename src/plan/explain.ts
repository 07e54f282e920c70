/** Renders a logical plan as an indented tree (the text of `explain()`). */
import type { Expression } from './expr/index.js'
import { planChildren, type LogicalPlan } from './nodes/index.js'

export function explainPlan(plan: LogicalPlan): string {
  const lines: string[] = []
  const walk = (p: LogicalPlan, depth: number): void => {
    lines.push(`${depth === 0 ? '' : `${'   '.repeat(depth - 1)}+- `}${describe(p)}`)
    for (const c of planChildren(p)) walk(c, depth + 1)
  }
  walk(plan, 0)
  return lines.join('\n') + '\n'
}

function describe(p: LogicalPlan): string {
  switch (p.kind) {
    case 'SourceNode':
      return `${p.isStreaming ? 'StreamingRelation' : 'Relation'} ${p.format}${p.path ? ` [${p.path}]` : ''}`
    case 'LocalRelationNode':
      return `LocalRelation [${p.schema.fields.map((f) => f.name).join(', ')}], ${p.rows.length} rows`
    case 'ProjectNode':
      return `Project [${p.projections.map(exprString).join(', ')}]`
    case 'FilterNode':
      return `Filter ${exprString(p.condition)}`
    case 'WatermarkNode':
      return `EventTimeWatermark ${p.column}, ${p.delay}`
    case 'AggregateNode':
      return `Aggregate [${p.grouping.map(exprString).join(', ')}], [${p.aggregates.map(exprString).join(', ')}]`
    case 'DeduplicateNode':
      return `${p.withinWatermark ? 'DeduplicateWithinWatermark' : 'Deduplicate'} [${p.keys.join(', ') || '*'}]`
    case 'JoinNode':
      return p.condition
        ? `Join ${p.joinType} ON ${exprString(p.condition)}`
        : `Join ${p.joinType} USING (${p.using.join(', ')})`
    case 'UnionNode':
      return 'Union'
    case 'SubqueryAliasNode':
      return `SubqueryAlias ${p.alias}`
    case 'SortNode':
      return `Sort [${p.orders.map((o) => `${exprString(o.expr)} ${o.ascending ? 'ASC' : 'DESC'} NULLS ${o.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ')}], true`
  }
}

export function exprString(e: Expression): string {
  switch (e.kind) {
    case 'ColumnRefNode':
      return e.name
    case 'LiteralNode':
      return typeof e.value === 'string' ? JSON.stringify(e.value) : String(e.value)
    case 'AliasNode':
      return `${exprString(e.child)} AS ${e.name}`
    case 'CastNode':
      return `${e.evalMode === 'try' ? 'TRY_CAST' : 'CAST'}(${exprString(e.child)} AS ${e.dataType.type})`
    case 'UnaryOpNode':
      return `${e.op}(${exprString(e.child)})`
    case 'BinaryOpNode':
      return `(${exprString(e.left)} ${e.op} ${exprString(e.right)})`
    case 'FunctionCallNode':
      return `${e.name}(${e.args.map(exprString).join(', ')})`
    case 'AggregateCallNode':
      return `${e.fn}(${e.args.length === 0 ? '1' : e.args.map(exprString).join(', ')})`
    case 'CaseWhenNode':
      return `CASE ${e.branches.map(([c, v]) => `WHEN ${exprString(c)} THEN ${exprString(v)}`).join(' ')}${e.otherwise ? ` ELSE ${exprString(e.otherwise)}` : ''} END`
    case 'TimeWindowNode':
      return `window(${exprString(e.timeColumn)}, ${e.text})`
    case 'SessionWindowNode':
      return `session_window(${exprString(e.timeColumn)}, ${exprString(e.gap)})`
  }
}

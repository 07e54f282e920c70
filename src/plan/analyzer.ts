/**
 * Analysis: resolves column references and computes the output schema of every plan node,
 * rejecting unknown columns and type errors before a query starts (STYLE.md 2.4.6). Expression
 * typing lives in `resolve-expression.ts`.
 */
import { AnalysisError } from '../errors/index.js'
import {
  fieldIndex,
  isTimestampType,
  structField,
  structType,
  type DataType,
  type StructField,
  type StructType,
} from '../types/index.js'
import { exprString } from './explain.js'
import { joinConditionSchema } from './join-condition.js'
import { qualifiedColumn, withFieldOrigins } from './field-origins.js'
import {
  fieldQualifier,
  fieldQualifiers,
  resolveColumnName,
  withFieldQualifiers,
} from './field-qualifiers.js'
import { sourceIdsUnder } from './plan-qualifier.js'
import { unionSchema } from './union-schema.js'
import type { Expression } from './expr/index.js'
import { eventTimeColumnRef } from './window-time-column.js'
import type { LogicalPlan, SourceNode } from './nodes/index.js'
import {
  resolveExpression,
  typeMismatch,
  unresolvedColumn,
  type ResolvedExpression,
} from './resolve-expression.js'

export { resolveExpression, unresolvedColumn, typeMismatch, type ResolvedExpression }

/** The column metadata key carrying a watermark delay (as in Spark). */
export const WATERMARK_DELAY_KEY = 'spark.watermarkDelayMs'

/** Gives the schema of a source node (user schema, or the table's for Delta batch reads). */
export type SourceSchemaResolver = (source: SourceNode) => StructType

/** Default resolver: the user-given schema, else an error telling how to provide one. */
export const userSchemaResolver: SourceSchemaResolver = (source) => {
  if (source.schema) return source.schema
  throw new AnalysisError('SL_PLAN_SCHEMA_UNRESOLVED', {
    source: `${source.format} source ${source.path ?? ''}`.trim(),
    hint: 'Batch reads of Delta tables resolve their schema when executed; call an action first.',
  })
}

/** The output schema of a plan. */
export function outputSchema(
  plan: LogicalPlan,
  resolveSource: SourceSchemaResolver = userSchemaResolver,
): StructType {
  switch (plan.kind) {
    case 'SourceNode':
      return resolveSource(plan)
    case 'LocalRelationNode':
      return plan.schema
    case 'FilterNode': {
      const schema = outputSchema(plan.child, resolveSource)
      const cond = resolveExpression(plan.condition, schema)
      if (cond.dataType.type !== 'boolean')
        throw typeMismatch(
          'filter condition',
          'boolean',
          cond.dataType,
          'Compare values to get a boolean.',
        )
      return schema
    }
    case 'ProjectNode': {
      const schema = outputSchema(plan.child, resolveSource)
      return withFieldQualifiers(
        structType(plan.projections.map((p) => outputField(p, schema))),
        plan.projections.map((p) => keptQualifier(p, schema)),
      )
    }
    case 'SubqueryAliasNode': {
      const schema = outputSchema(plan.child, resolveSource)
      return withFieldQualifiers(
        structType(schema.fields),
        schema.fields.map(() => plan.alias),
      )
    }
    case 'WatermarkNode': {
      const schema = outputSchema(plan.child, resolveSource)
      const i = fieldIndex(schema, plan.column)
      if (i < 0) throw unresolvedColumn(plan.column, schema)
      const f = schema.fields[i]!
      if (!isTimestampType(f.dataType)) {
        throw typeMismatch(
          `withWatermark column ${plan.column}`,
          'timestamp',
          f.dataType,
          'Use to_timestamp() or a TIMESTAMP field in the schema.',
        )
      }
      // The delay travels in the column's metadata, as in Spark; downstream operators find the
      // event-time column by it.
      return withFieldQualifiers(
        structType(
          schema.fields.map((g, j) =>
            j === i
              ? structField(g.name, g.dataType, g.nullable, {
                  ...g.metadata,
                  [WATERMARK_DELAY_KEY]: plan.delayMs,
                })
              : g,
          ),
        ),
        fieldQualifiers(schema),
      )
    }
    case 'AggregateNode': {
      const schema = outputSchema(plan.child, resolveSource)
      const grouping = plan.grouping.map((g) => outputField(g, schema))
      const aggregates = plan.aggregates.map((a) => {
        const inner = a.kind === 'AliasNode' ? a.child : a
        if (inner.kind !== 'AggregateCallNode') {
          throw new AnalysisError('SL_PLAN_NOT_AN_AGGREGATE', {
            expression: exprString(a),
            hint: 'Use count(), sum(), avg(), min(), max(), first(), last(), collect_list() or collect_set().',
          })
        }
        return outputField(a, schema)
      })
      return withFieldQualifiers(structType([...grouping, ...aggregates]), [
        ...plan.grouping.map((g) => keptQualifier(g, schema)),
        ...plan.aggregates.map(() => undefined),
      ])
    }
    case 'DeduplicateNode': {
      const schema = outputSchema(plan.child, resolveSource)
      for (const k of plan.keys) if (fieldIndex(schema, k) < 0) throw unresolvedColumn(k, schema)
      return schema
    }
    case 'UnionNode': {
      // Spark's Union outputs its first child's attributes, qualifiers included.
      const schemas = plan.children.map((c) => outputSchema(c, resolveSource))
      return withFieldQualifiers(unionSchema(schemas), fieldQualifiers(schemas[0]!))
    }
    case 'SortNode': {
      const schema = outputSchema(plan.child, resolveSource)
      for (const o of plan.orders) {
        const t = resolveExpression(o.expr, schema).dataType
        // Spark: DATATYPE_MISMATCH.INVALID_ORDERING_TYPE (maps have no order).
        if (containsMap(t))
          throw typeMismatch(
            `sort key ${exprString(o.expr)}`,
            'an orderable type (not a map)',
            t,
            'Sort by map_keys/map_values or another column.',
          )
      }
      return schema
    }
    case 'JoinNode': {
      const left = outputSchema(plan.left, resolveSource)
      const right = outputSchema(plan.right, resolveSource)
      if (plan.condition) return conditionJoinSchema(plan, left, right)
      const keys = plan.using.map((k) => {
        const l = fieldIndex(left, k)
        if (l < 0) throw unresolvedColumn(k, left)
        const r = fieldIndex(right, k)
        if (r < 0) throw unresolvedColumn(k, right)
        const lf = left.fields[l]!
        const rf = right.fields[r]!
        if (lf.dataType.type !== rf.dataType.type)
          throw typeMismatch(
            `join key ${k}`,
            lf.dataType.type,
            rf.dataType,
            'Cast one side so both join keys have the same type.',
          )
        // USING join: the key column is the left one (inner/left), the right one (right outer).
        // Spark: coalesce(left.k, right.k) over two null-extended sides, so always nullable.
        if (plan.joinType === 'full_outer')
          return structField(lf.name, lf.dataType, true, lf.metadata)
        return plan.joinType === 'right_outer' ? rf : lf
      })
      const nullableIf = (fields: readonly StructField[], yes: boolean): StructField[] =>
        fields.map((f) => (yes ? structField(f.name, f.dataType, true, f.metadata) : f))
      const rest = (schema: StructType): number[] =>
        schema.fields.flatMap((f, i) => (plan.using.includes(f.name) ? [] : [i]))
      const leftRest = rest(left)
      const rightRest = rest(right)
      // A key column keeps its side's qualifier (Spark also keeps the other side's key as a
      // hidden column that b.key can still name; ours does not).
      const keySide = plan.joinType === 'right_outer' ? right : left
      return withFieldQualifiers(
        structType([
          ...keys,
          ...nullableIf(
            leftRest.map((i) => left.fields[i]!),
            plan.joinType === 'right_outer' || plan.joinType === 'full_outer',
          ),
          ...nullableIf(
            rightRest.map((i) => right.fields[i]!),
            plan.joinType === 'left_outer' || plan.joinType === 'full_outer',
          ),
        ]),
        [
          ...plan.using.map((k) => fieldQualifier(keySide, fieldIndex(keySide, k))),
          ...leftRest.map((i) => fieldQualifier(left, i)),
          ...rightRest.map((i) => fieldQualifier(right, i)),
        ],
      )
    }
  }
}

/**
 * The qualifier a projected or grouping expression keeps: a reference to a whole column keeps
 * that column's (Spark's Attribute keeps its qualifier); anything else has none.
 */
function keptQualifier(e: Expression, schema: StructType): string | undefined {
  if (e.kind !== 'ColumnRefNode') return undefined
  const path =
    (e.qualifier === undefined ? undefined : qualifiedColumn(schema, e.name, e.qualifier)) ??
    resolveColumnName(schema, e.name)
  return path && path.fields.length === 0 ? fieldQualifier(schema, path.index) : undefined
}

/** The output field of a projection or grouping expression; event-time metadata is kept. */
function outputField(e: Expression, schema: StructType): StructField {
  const r = resolveExpression(e, schema)
  return structField(r.name, r.dataType, r.nullable, eventTimeMetadata(e, schema))
}

/**
 * A column reference to the event-time column, or a window over it, stays an event-time column
 * (Spark: the window struct inherits the watermark metadata).
 */
function eventTimeMetadata(e: Expression, schema: StructType): Record<string, unknown> {
  const timeRef = eventTimeColumnRef(e)
  if (timeRef === undefined) return {}
  const f = schema.fields[fieldIndex(schema, timeRef.name)]
  const delay = f?.metadata[WATERMARK_DELAY_KEY]
  return delay === undefined ? {} : { [WATERMARK_DELAY_KEY]: delay }
}

/** A join on a condition: every left column, then every right column (outer sides nullable). */
function conditionJoinSchema(
  plan: Extract<LogicalPlan, { kind: 'JoinNode' }>,
  left: StructType,
  right: StructType,
): StructType {
  const cond = resolveExpression(plan.condition!, joinConditionSchema(left, right))
  if (cond.dataType.type !== 'boolean')
    throw typeMismatch(
      'join condition',
      'boolean',
      cond.dataType,
      'Compare columns to get a boolean.',
    )
  const nullable = (fields: readonly StructField[], yes: boolean): StructField[] =>
    fields.map((f) => (yes ? structField(f.name, f.dataType, true, f.metadata) : f))
  const fromLeft = sourceIdsUnder(plan.left)
  const fromRight = sourceIdsUnder(plan.right)
  return withFieldQualifiers(
    withFieldOrigins(
      structType([
        ...nullable(left.fields, plan.joinType === 'right_outer' || plan.joinType === 'full_outer'),
        ...nullable(right.fields, plan.joinType === 'left_outer' || plan.joinType === 'full_outer'),
      ]),
      [...left.fields.map(() => fromLeft), ...right.fields.map(() => fromRight)],
    ),
    [...fieldQualifiers(left), ...fieldQualifiers(right)],
  )
}

function containsMap(t: DataType): boolean {
  if (t.type === 'map') return true
  if (t.type === 'array') return containsMap(t.elementType)
  if (t.type === 'struct') return t.fields.some((f) => containsMap(f.dataType))
  return false
}

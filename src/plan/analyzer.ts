/**
 * Analysis: resolves column references and computes the output schema of plans and the type of
 * expressions, rejecting unknown columns and type errors before a query starts (STYLE.md 2.4.6).
 */
import { AnalysisError } from '../errors/index.js'
import {
  DataTypes,
  fieldIndex,
  isNumericType,
  isTimestampType,
  simpleString,
  structField,
  structType,
  type DataType,
  type StructType,
} from '../types/index.js'
import { ARITHMETIC_OPERATORS, COMPARISON_OPERATORS, type Expression } from './expr/index.js'
import { FUNCTION_CATALOGUE } from './function-catalogue.js'
import type { LogicalPlan, SourceNode } from './nodes/index.js'

/** Type, nullability and default output name of an expression. */
export interface ResolvedExpression {
  readonly dataType: DataType
  readonly nullable: boolean
  readonly name: string
}

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
      if (cond.dataType.type !== 'boolean') {
        throw typeMismatch(
          'filter condition',
          'boolean',
          cond.dataType,
          'Compare values to get a boolean.',
        )
      }
      return schema
    }
    case 'ProjectNode': {
      const schema = outputSchema(plan.child, resolveSource)
      return structType(
        plan.projections.map((p) => {
          const r = resolveExpression(p, schema)
          return structField(r.name, r.dataType, r.nullable)
        }),
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
      // The delay travels in the column's metadata, as in Spark (spark.watermarkDelayMs).
      return structType(
        schema.fields.map((g, j) =>
          j === i
            ? structField(g.name, g.dataType, g.nullable, {
                ...g.metadata,
                'spark.watermarkDelayMs': plan.delayMs,
              })
            : g,
        ),
      )
    }
  }
}

/** Resolves an expression against an input schema. */
export function resolveExpression(e: Expression, schema: StructType): ResolvedExpression {
  switch (e.kind) {
    case 'ColumnRefNode': {
      const i = fieldIndex(schema, e.name)
      if (i < 0) throw unresolvedColumn(e.name, schema)
      const f = schema.fields[i]!
      return { dataType: f.dataType, nullable: f.nullable, name: f.name }
    }
    case 'LiteralNode':
      return {
        dataType: e.dataType,
        nullable: e.value === null,
        name: e.value === null ? 'NULL' : String(e.value),
      }
    case 'AliasNode': {
      const r = resolveExpression(e.child, schema)
      return { ...r, name: e.name }
    }
    case 'CastNode': {
      const r = resolveExpression(e.child, schema)
      return { dataType: e.dataType, nullable: true, name: r.name }
    }
    case 'UnaryOpNode': {
      const r = resolveExpression(e.child, schema)
      switch (e.op) {
        case 'not':
          if (r.dataType.type !== 'boolean')
            throw typeMismatch(`NOT ${r.name}`, 'boolean', r.dataType, '')
          return { dataType: DataTypes.BooleanType, nullable: r.nullable, name: `(NOT ${r.name})` }
        case 'negate':
          if (!isNumericType(r.dataType))
            throw typeMismatch(`-${r.name}`, 'numeric', r.dataType, '')
          return { dataType: r.dataType, nullable: r.nullable, name: `(- ${r.name})` }
        case 'isNull':
          return { dataType: DataTypes.BooleanType, nullable: false, name: `(${r.name} IS NULL)` }
        case 'isNotNull':
          return {
            dataType: DataTypes.BooleanType,
            nullable: false,
            name: `(${r.name} IS NOT NULL)`,
          }
      }
      break
    }
    case 'BinaryOpNode': {
      const l = resolveExpression(e.left, schema)
      const r = resolveExpression(e.right, schema)
      const name = `(${l.name} ${e.op === 'and' ? 'AND' : e.op === 'or' ? 'OR' : e.op} ${r.name})`
      const nullable = l.nullable || r.nullable
      if (e.op === 'and' || e.op === 'or') {
        for (const side of [l, r]) {
          if (side.dataType.type !== 'boolean')
            throw typeMismatch(name, 'boolean', side.dataType, '')
        }
        return { dataType: DataTypes.BooleanType, nullable, name }
      }
      if (COMPARISON_OPERATORS.has(e.op)) {
        if (!comparable(l.dataType, r.dataType)) {
          throw typeMismatch(
            name,
            simpleString(l.dataType),
            r.dataType,
            'Cast one side so both have the same type.',
          )
        }
        return {
          dataType: DataTypes.BooleanType,
          nullable: e.op === '<=>' ? false : nullable,
          name,
        }
      }
      if (ARITHMETIC_OPERATORS.has(e.op)) {
        for (const side of [l, r]) {
          if (!isNumericType(side.dataType))
            throw typeMismatch(name, 'numeric', side.dataType, 'Cast it to a number first.')
        }
        const dataType = e.op === '/' ? DataTypes.DoubleType : widerNumeric(l.dataType, r.dataType)
        return { dataType, nullable: nullable || e.op === '/' || e.op === '%', name }
      }
      break
    }
    case 'FunctionCallNode': {
      const sig = FUNCTION_CATALOGUE[e.name]
      if (!sig) {
        throw new AnalysisError('SL_PLAN_UNKNOWN_FUNCTION', {
          name: e.name,
          known: Object.keys(FUNCTION_CATALOGUE),
        })
      }
      if (e.args.length < sig.minArgs || e.args.length > sig.maxArgs) {
        throw new AnalysisError('SL_PLAN_WRONG_ARGUMENT_COUNT', {
          name: e.name,
          count: e.args.length,
          expected: sig.minArgs === sig.maxArgs ? String(sig.minArgs) : `${sig.minArgs}+`,
        })
      }
      const args = e.args.map((a) => resolveExpression(a, schema))
      const r = sig.resultType(args)
      return { ...r, name: `${e.name}(${args.map((a) => a.name).join(', ')})` }
    }
  }
  throw new AnalysisError('SL_PLAN_TYPE_MISMATCH', {
    expression: e.kind,
    expected: 'a known expression',
    actual: 'unknown',
    hint: '',
  })
}

const NUMERIC_RANK: Readonly<Record<string, number>> = {
  byte: 1,
  short: 2,
  integer: 3,
  long: 4,
  decimal: 5,
  float: 6,
  double: 7,
}

function widerNumeric(a: DataType, b: DataType): DataType {
  return (NUMERIC_RANK[a.type] ?? 0) >= (NUMERIC_RANK[b.type] ?? 0) ? a : b
}

function comparable(a: DataType, b: DataType): boolean {
  if (a.type === 'void' || b.type === 'void') return true
  if (isNumericType(a) && isNumericType(b)) return true
  if (isTimestampType(a) && (isTimestampType(b) || b.type === 'string')) return true
  if (a.type === 'string' && isTimestampType(b)) return true
  return a.type === b.type
}

function typeMismatch(
  expression: string,
  expected: string,
  actual: DataType,
  hint: string,
): AnalysisError {
  return new AnalysisError('SL_PLAN_TYPE_MISMATCH', {
    expression,
    expected,
    actual: simpleString(actual),
    hint,
  })
}

/** The error for a column name not in the schema, suggesting the available columns. */
export function unresolvedColumn(name: string, schema: StructType): AnalysisError {
  return new AnalysisError(
    'SL_PLAN_UNRESOLVED_COLUMN',
    {
      name,
      columns: schema.fields.map((f) => f.name),
    },
    { option: name },
  )
}

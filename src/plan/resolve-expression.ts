/**
 * Expression typing: the type, nullability and default output name of every expression kind,
 * with Spark's rules (integral arithmetic stays integral, `/` is double, comparisons need
 * comparable types, `window(...)` is `struct<start, end>` of the time column's type …).
 */
import { AnalysisError } from '../errors/index.js'
import {
  DataTypes,
  isNumericType,
  isTimestampType,
  simpleString,
  structField,
  structType,
  type DataType,
  type DecimalType,
  type StructType,
} from '../types/index.js'
import { ARITHMETIC_OPERATORS, COMPARISON_OPERATORS, type Expression } from './expr/index.js'
import { exprString } from './explain.js'
import { qualifiedFieldNames, resolveColumnName } from './field-qualifiers.js'
import { qualifiedColumn } from './field-origins.js'
import { FUNCTION_CATALOGUE } from './function-catalogue.js'
import {
  decimalAvgType,
  decimalResultType,
  decimalSumType,
  integralAsDecimal,
  literalAsDecimal,
} from './decimal-precision.js'
import { expandStructStar } from './struct-star.js'
import { isWindowStructType } from './window-time-column.js'

/** Type, nullability and default output name of an expression. */
export interface ResolvedExpression {
  readonly dataType: DataType
  readonly nullable: boolean
  readonly name: string
}

/** `struct<start: T, end: T>` for a window over a column of type T. */
export function windowStructType(t: DataType): StructType {
  return structType([structField('start', t, true), structField('end', t, true)])
}

/** Resolves an expression against an input schema. */
export function resolveExpression(e: Expression, schema: StructType): ResolvedExpression {
  switch (e.kind) {
    case 'ColumnRefNode': {
      // Spark's AMBIGUOUS_REFERENCE: after a join on a condition both sides' columns are kept,
      // and a name both have cannot be resolved (taking the first would silently read the other
      // side's values — even for right.col(name), whose side our names do not carry).
      // A DataFrame's own column (right.col(name)) is the one field that came from it.
      let same = 0
      for (const f of schema.fields) if (f.name === e.name) same++
      if (same > 1) {
        const path =
          e.qualifier === undefined ? undefined : qualifiedColumn(schema, e.name, e.qualifier)
        if (!path)
          throw new AnalysisError(
            'SL_PLAN_AMBIGUOUS_REFERENCE',
            { name: e.name, count: same },
            { option: e.name },
          )
        return { dataType: path.dataType, nullable: path.nullable, name: path.name }
      }
      const path = resolveColumnName(schema, e.name)
      if (!path) throw unresolvedColumn(e.name, schema)
      return { dataType: path.dataType, nullable: path.nullable, name: path.name }
    }
    case 'LiteralNode':
      return {
        dataType: e.dataType,
        nullable: e.value === null,
        name: e.value === null ? 'NULL' : String(e.value),
      }
    case 'AliasNode':
      return { ...resolveExpression(e.child, schema), name: e.name }
    case 'CastNode':
      // Spark names CAST(x AS t) and TRY_CAST(x AS t) alike: x.
      return { dataType: e.dataType, nullable: true, name: resolveExpression(e.child, schema).name }
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
    case 'BinaryOpNode':
      return resolveBinary(e, schema)
    case 'FunctionCallNode': {
      if (e.name === 'struct') {
        const expanded = expandStructStar(e, schema)
        if (expanded !== e) return resolveExpression(expanded, schema)
      }
      const sig = FUNCTION_CATALOGUE[e.name]
      if (!sig)
        throw new AnalysisError('SL_PLAN_UNKNOWN_FUNCTION', {
          name: e.name,
          known: Object.keys(FUNCTION_CATALOGUE),
        })
      if (e.args.length < sig.minArgs || e.args.length > sig.maxArgs) {
        throw new AnalysisError('SL_PLAN_WRONG_ARGUMENT_COUNT', {
          name: e.name,
          count: e.args.length,
          expected: sig.minArgs === sig.maxArgs ? String(sig.minArgs) : `${sig.minArgs}+`,
        })
      }
      const args = e.args.map((a) => resolveExpression(a, schema))
      return {
        ...sig.resultType(args, e),
        name: sig.name?.(args, e) ?? `${e.name}(${args.map((a) => a.name).join(', ')})`,
      }
    }
    case 'CaseWhenNode': {
      const values = e.branches.map(([cond, value]) => {
        const c = resolveExpression(cond, schema)
        if (c.dataType.type !== 'boolean' && c.dataType.type !== 'void')
          throw typeMismatch(
            'when condition',
            'boolean',
            c.dataType,
            'Compare values to get a boolean.',
          )
        return resolveExpression(value, schema)
      })
      const otherwise = e.otherwise ? resolveExpression(e.otherwise, schema) : undefined
      const all = otherwise ? [...values, otherwise] : values
      const typed = all.find((v) => v.dataType.type !== 'void')
      const dataType = all.reduce<DataType>(
        (t, v) => (isNumericType(t) && isNumericType(v.dataType) ? widerNumeric(t, v.dataType) : t),
        typed?.dataType ?? DataTypes.NullType,
      )
      return {
        dataType,
        nullable: !otherwise || all.some((v) => v.nullable),
        name: `CASE WHEN ... END`,
      }
    }
    case 'TimeWindowNode': {
      const resolved = resolveExpression(e.timeColumn, schema)
      // window(windowCol, …) windows by window_time(windowCol): the end's type (§1.5).
      const t = isWindowStructType(resolved.dataType)
        ? { ...resolved, dataType: (resolved.dataType as StructType).fields[1]!.dataType }
        : resolved
      if (!isTimestampType(t.dataType))
        throw typeMismatch(
          `window(${t.name}, ...)`,
          'timestamp',
          t.dataType,
          'Window over a TIMESTAMP column (use to_timestamp(...) on strings).',
        )
      // Spark: a tumbling window is a non-null struct; sliding windows come out of an Expand and
      // are nullable (checked against Spark by the oracle suite).
      return {
        dataType: windowStructType(t.dataType),
        nullable: e.slideMicros !== e.windowMicros,
        name: 'window',
      }
    }
    case 'SessionWindowNode': {
      const t = resolveExpression(e.timeColumn, schema)
      if (!isTimestampType(t.dataType))
        throw typeMismatch(
          `session_window(${t.name}, ...)`,
          'timestamp',
          t.dataType,
          'Use a TIMESTAMP column.',
        )
      const gap = resolveExpression(e.gap, schema)
      if (gap.dataType.type !== 'string' && gap.dataType.type !== 'void')
        throw typeMismatch(
          'session_window gap',
          'an interval string such as "30 minutes"',
          gap.dataType,
          '',
        )
      return { dataType: windowStructType(t.dataType), nullable: false, name: 'session_window' }
    }
    case 'AggregateCallNode':
      return resolveAggregate(e, schema)
  }
  throw new AnalysisError('SL_PLAN_TYPE_MISMATCH', {
    expression: exprString(e),
    expected: 'a known expression',
    actual: 'unknown',
    hint: '',
  })
}

function resolveBinary(
  e: Extract<Expression, { kind: 'BinaryOpNode' }>,
  schema: StructType,
): ResolvedExpression {
  const l = resolveExpression(e.left, schema)
  const r = resolveExpression(e.right, schema)
  const name = `(${l.name} ${e.op === 'and' ? 'AND' : e.op === 'or' ? 'OR' : e.op} ${r.name})`
  const nullable = l.nullable || r.nullable
  if (e.op === 'and' || e.op === 'or') {
    for (const side of [l, r])
      if (side.dataType.type !== 'boolean') throw typeMismatch(name, 'boolean', side.dataType, '')
    return { dataType: DataTypes.BooleanType, nullable, name }
  }
  if (COMPARISON_OPERATORS.has(e.op)) {
    if (!comparable(l.dataType, r.dataType))
      throw typeMismatch(
        name,
        simpleString(l.dataType),
        r.dataType,
        'Cast one side so both have the same type.',
      )
    return { dataType: DataTypes.BooleanType, nullable: e.op === '<=>' ? false : nullable, name }
  }
  if (ARITHMETIC_OPERATORS.has(e.op)) {
    for (const side of [l, r])
      if (!isNumericType(side.dataType) && side.dataType.type !== 'void')
        throw typeMismatch(name, 'numeric', side.dataType, 'Cast it to a number first.')
    const decimals = decimalOperands(e.left, l.dataType, e.right, r.dataType)
    const dataType = decimals
      ? decimalResultType(e.op, decimals[0], decimals[1])
      : e.op === '/'
        ? DataTypes.DoubleType
        : widerNumeric(l.dataType, r.dataType)
    return { dataType, nullable: nullable || e.op === '/' || e.op === '%', name }
  }
  throw typeMismatch(name, 'a known operator', l.dataType, '')
}

/** Spark's result types: count → bigint not null, sum(integral) → bigint, avg → double … */
function resolveAggregate(
  e: Extract<Expression, { kind: 'AggregateCallNode' }>,
  schema: StructType,
): ResolvedExpression {
  if (e.fn === 'count' && e.args.length === 0)
    return { dataType: DataTypes.LongType, nullable: false, name: 'count(1)' }
  const arg = resolveExpression(e.args[0]!, schema)
  const name = `${e.fn}(${arg.name})`
  switch (e.fn) {
    case 'count':
    case 'approx_count_distinct':
      return { dataType: DataTypes.LongType, nullable: false, name }
    case 'sum': {
      if (!isNumericType(arg.dataType))
        throw typeMismatch(name, 'numeric', arg.dataType, 'sum() needs a numeric column.')
      const t = arg.dataType.type
      const dataType =
        t === 'float' || t === 'double'
          ? DataTypes.DoubleType
          : arg.dataType.type === 'decimal'
            ? decimalSumType(arg.dataType)
            : DataTypes.LongType
      return { dataType, nullable: true, name }
    }
    case 'avg':
      if (!isNumericType(arg.dataType))
        throw typeMismatch(name, 'numeric', arg.dataType, 'avg() needs a numeric column.')
      return {
        dataType:
          arg.dataType.type === 'decimal' ? decimalAvgType(arg.dataType) : DataTypes.DoubleType,
        nullable: true,
        name,
      }
    case 'min':
    case 'max':
    case 'first':
    case 'last':
      return { dataType: arg.dataType, nullable: true, name }
    case 'collect_list':
    case 'collect_set':
      return { dataType: DataTypes.array(arg.dataType, false), nullable: false, name }
  }
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

/**
 * The two operands as decimal types when the arithmetic is on decimals (Spark's DecimalPrecision:
 * a decimal with an integral operand; with a float or double it is double arithmetic). An
 * integral literal counts only its digits (spark.sql.legacy.literal.pickMinimumPrecision).
 */
function decimalOperands(
  left: Expression,
  a: DataType,
  right: Expression,
  b: DataType,
): [DecimalType, DecimalType] | undefined {
  if (a.type !== 'decimal' && b.type !== 'decimal') return undefined
  const asDecimal = (e: Expression, t: DataType, other: DecimalType): DecimalType | undefined => {
    if (t.type === 'decimal') return t
    if (t.type === 'void') return other
    if (
      e.kind === 'LiteralNode' &&
      (typeof e.value === 'bigint' || (typeof e.value === 'number' && Number.isInteger(e.value)))
    )
      return integralAsDecimal(t) && literalAsDecimal(e.value)
    return integralAsDecimal(t)
  }
  const x = asDecimal(left, a, b as DecimalType)
  const y = asDecimal(right, b, a as DecimalType)
  return x && y ? [x, y] : undefined
}

function widerNumeric(a: DataType, b: DataType): DataType {
  if (a.type === 'void') return b
  if (b.type === 'void') return a
  return (NUMERIC_RANK[a.type] ?? 0) >= (NUMERIC_RANK[b.type] ?? 0) ? a : b
}

function comparable(a: DataType, b: DataType): boolean {
  if (a.type === 'void' || b.type === 'void') return true
  if (isNumericType(a) && isNumericType(b)) return true
  if (isTimestampType(a) && (isTimestampType(b) || b.type === 'string')) return true
  if (a.type === 'string' && isTimestampType(b)) return true
  return a.type === b.type
}

export function typeMismatch(
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
    { name, columns: qualifiedFieldNames(schema) },
    { option: name },
  )
}

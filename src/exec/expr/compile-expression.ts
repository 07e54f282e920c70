/**
 * Turns an analysed {@link Expression} into a closure over a row array. Compilation happens once
 * per query (not per row), so the hot path is plain function calls with SQL null semantics.
 */
import { AnalysisError, EngineError } from '../../errors/index.js'
import { resolveExpression } from '../../plan/analyzer.js'
import { readColumnPath } from '../../plan/column-path.js'
import { resolveColumnName } from '../../plan/field-qualifiers.js'
import { qualifiedColumn } from '../../plan/field-origins.js'
import type { Expression } from '../../plan/expr/index.js'
import { expandStructStar } from '../../plan/struct-star.js'
import { fieldIndex, type Row, type StructType } from '../../types/index.js'
import { castValue } from './cast-value.js'
import { compileDateFormat } from './date-format.js'
import { compileFromJson } from './from-json.js'
import { compileGetField, compileStruct } from './struct-functions.js'
import { compileToJson } from './to-json.js'
import type { EvaluationContext } from './evaluation-context.js'
import { canonicalLong, longArithmetic, type LongValue } from '../../types/long-value.js'
import { compareDecimalNumber, compareDecimals, Decimal } from '../../types/decimal-value.js'
import { decimalArithmetic, decimalOperand, negateDecimal } from './decimal-arithmetic.js'

/** Spark's ARITHMETIC_OVERFLOW for a long result past 64 bits (ANSI mode, Spark 4's default). */
export function longOverflow(expression: string): EngineError {
  return new EngineError('SL_EXEC_ARITHMETIC_OVERFLOW', { type: 'long', expression })
}

/** A compiled expression: reads one input row, returns the value (null for SQL NULL). */
export type CompiledExpression = (row: Row) => unknown

/** Compiles `e` against `schema`. The context getter is read per batch (batch time changes). */
export function compileExpression(
  e: Expression,
  schema: StructType,
  ctx: () => EvaluationContext,
): CompiledExpression {
  switch (e.kind) {
    case 'ColumnRefNode': {
      // After a join, right.col(name) is the right side's column even when both have `name`.
      const path =
        (e.qualifier === undefined ? undefined : qualifiedColumn(schema, e.name, e.qualifier)) ??
        resolveColumnName(schema, e.name)
      if (!path) {
        const i = fieldIndex(schema, e.name)
        return (row) => row[i] ?? null
      }
      return readColumnPath(path)
    }
    case 'LiteralNode': {
      const v = e.value
      return () => v
    }
    case 'AliasNode':
      return compileExpression(e.child, schema, ctx)
    case 'CastNode': {
      const from = resolveExpression(e.child, schema).dataType
      const child = compileExpression(e.child, schema, ctx)
      const to = e.dataType
      // spark.sql.ansi.enabled as the query started (the plan fixes it in Spark).
      const mode = e.evalMode === 'try' ? 'try' : ctx().ansi === false ? 'legacy' : 'ansi'
      return (row) => castValue(child(row), from, to, ctx().timeZone, mode)
    }
    case 'UnaryOpNode': {
      const child = compileExpression(e.child, schema, ctx)
      switch (e.op) {
        case 'not':
          return (row) => {
            const v = child(row)
            return v === null ? null : !v
          }
        case 'negate': {
          const minimum = integralMinimum(e.child, schema, ctx)
          return (row) => {
            const v = child(row)
            if (typeof v === 'bigint') {
              const n = longArithmetic('-', 0, v)
              if (n !== undefined) return n
              return minimum(v, `-(${v})`)
            }
            if (v instanceof Decimal) return negateDecimal(v)
            if (v === null) return null
            return v === minimum.value ? minimum(v, `-(${String(v)})`) : -(v as number)
          }
        }
        case 'isNull':
          return (row) => child(row) === null
        case 'isNotNull':
          return (row) => child(row) !== null
      }
      break
    }
    case 'CaseWhenNode': {
      const branches = e.branches.map(
        ([c, v]) => [compileExpression(c, schema, ctx), compileExpression(v, schema, ctx)] as const,
      )
      const otherwise = e.otherwise ? compileExpression(e.otherwise, schema, ctx) : () => null
      return (row) => {
        for (const [c, v] of branches) if (c(row) === true) return v(row)
        return otherwise(row)
      }
    }
    case 'TimeWindowNode': {
      if (e.slideMicros === e.windowMicros) {
        // A tumbling window is one struct per row, so it may be selected (e.g. to join two
        // streams on it, spark-semantics §8); sliding windows multiply rows (groupBy only).
        const time = compileExpression(e.timeColumn, schema, ctx)
        const { windowMicros, startMicros } = e
        return (row) => {
          const t = time(row) as number | null
          if (t === null) return null
          let r = (t - startMicros) % windowMicros
          if (r < 0) r += windowMicros
          return [t - r, t - r + windowMicros]
        }
      }
    }
    // falls through
    case 'AggregateCallNode':
    case 'SessionWindowNode':
      throw new AnalysisError('SL_PLAN_UNSUPPORTED_OPERATION', {
        operation: `${e.kind === 'AggregateCallNode' ? `${e.fn}()` : e.kind === 'TimeWindowNode' ? 'window()' : 'session_window()'} outside groupBy/agg`,
        hint: 'Use aggregate functions inside agg(...) and window()/session_window() inside groupBy(...).',
      })
    case 'BinaryOpNode':
      return compileBinary(
        e.op,
        compileExpression(e.left, schema, ctx),
        compileExpression(e.right, schema, ctx),
        e,
        schema,
        ctx().ansi !== false,
      )
    case 'FunctionCallNode': {
      if (e.name === 'struct') {
        const expanded = expandStructStar(e, schema)
        if (expanded !== e) return compileExpression(expanded, schema, ctx)
      }
      const args = e.args.map((a) => compileExpression(a, schema, ctx))
      switch (e.name) {
        case 'current_timestamp':
          return () => ctx().batchTimestampMs * 1000
        case 'current_date':
          return () => Math.floor(ctx().batchTimestampMs / 86_400_000)
        case 'coalesce':
          return (row) => {
            for (const a of args) {
              const v = a(row)
              if (v !== null) return v
            }
            return null
          }
        case 'upper':
          return (row) => {
            const v = args[0]!(row)
            return v === null ? null : (v as string).toUpperCase()
          }
        case 'lower':
          return (row) => {
            const v = args[0]!(row)
            return v === null ? null : (v as string).toLowerCase()
          }
        case 'window_time':
          return (row) => {
            const v = args[0]!(row) as unknown[] | null
            return v === null ? null : (v[1] as number) - 1
          }
        case 'date_format':
          return compileDateFormat(e.args, args, schema, ctx)
        case 'from_json':
          return compileFromJson(e, args[0]!, ctx)
        case 'to_json':
          return compileToJson(e, args[0]!, schema, ctx)
        case 'struct':
          return compileStruct(args)
        case 'get_field':
          return compileGetField(e, args[0]!, schema)
        case 'abs': {
          const minimum = integralMinimum(e.args[0]!, schema, ctx)
          return (row) => {
            const v = args[0]!(row)
            if (typeof v === 'bigint') {
              const n = v < 0n ? longArithmetic('-', 0, v) : v
              if (n !== undefined) return n
              return minimum(v, `abs(${v})`)
            }
            if (v instanceof Decimal) return v.unscaled < 0n ? negateDecimal(v) : v
            if (v === null) return null
            return v === minimum.value ? minimum(v, `abs(${String(v)})`) : Math.abs(v as number)
          }
        }
      }
      break
    }
  }
  throw new EngineError('SL_INTERNAL_INVARIANT', {
    message: `no compiler for expression ${JSON.stringify(e)}`,
  })
}

function compileBinary(
  op: string,
  l: CompiledExpression,
  r: CompiledExpression,
  e: Expression,
  schema: StructType,
  ansi: boolean,
): CompiledExpression {
  const integral = isIntegral(e, schema)
  switch (op) {
    case 'and':
      // SQL three-valued logic: false wins over null.
      return (row) => {
        const a = l(row)
        if (a === false) return false
        const b = r(row)
        if (b === false) return false
        return a === null || b === null ? null : true
      }
    case 'or':
      return (row) => {
        const a = l(row)
        if (a === true) return true
        const b = r(row)
        if (b === true) return true
        return a === null || b === null ? null : false
      }
    case '<=>':
      return (row) => {
        const a = l(row)
        const b = r(row)
        return a === null || b === null ? a === b : compare(a, b) === 0
      }
  }
  const f = BINARY_FUNCTIONS[op]!
  const resultType = ARITHMETIC.has(op) ? resolveExpression(e, schema).dataType : undefined
  if (resultType?.type === 'decimal') {
    // Exact (decimal-arithmetic.ts), with Spark's result type (plan/decimal-precision.ts).
    // Without ANSI mode Spark gives null for a division by zero and a result past the type.
    return (row) => {
      const a = l(row)
      const b = r(row)
      if (a === null || b === null) return null
      const y = decimalOperand(b)
      if ((op === '/' || op === '%') && y.isZero()) {
        if (!ansi) return null
        throw new EngineError('SL_EXEC_DIVIDE_BY_ZERO', { expression: 'division' })
      }
      if (ansi) return decimalArithmetic(op, decimalOperand(a), y, resultType)
      try {
        return decimalArithmetic(op, decimalOperand(a), y, resultType)
      } catch (error) {
        if (error instanceof EngineError && error.code === 'SL_EXEC_DECIMAL_OVERFLOW') return null
        throw error
      }
    }
  }
  if (op === '/' || op === '%') {
    return (row) => {
      const a = l(row)
      const b = r(row)
      if (a === null || b === null) return null
      if (b === 0 || (b instanceof Decimal && b.isZero())) {
        // Spark 4 runs with ANSI mode on: division by zero fails the query (null without it).
        if (!ansi) return null
        throw new EngineError('SL_EXEC_DIVIDE_BY_ZERO', { expression: 'division' })
      }
      return f(a, b)
    }
  }
  if (integral && (op === '+' || op === '-' || op === '*')) {
    const type = resolveExpression(e, schema).dataType.type
    if (type === 'long') {
      // Exact long arithmetic; past 64 bits Spark 4 (ANSI mode) fails with ARITHMETIC_OVERFLOW,
      // and without ANSI mode wraps around as Java's long does.
      return (row) => {
        const a = l(row)
        const b = r(row)
        if (a === null || b === null) return null
        const v = longArithmetic(op, a as LongValue, b as LongValue)
        if (v !== undefined) return v
        if (!ansi) return canonicalLong(BigInt.asIntN(64, exactInteger(op, a, b)))
        throw longOverflow(`${String(a)} ${op} ${String(b)}`)
      }
    }
    // int, smallint, tinyint: the same past their own width (Spark: ARITHMETIC_OVERFLOW,
    // BINARY_ARITHMETIC_OVERFLOW for the two narrow ones).
    const bits = type === 'integer' ? 32 : type === 'short' ? 16 : 8
    const limit = 2 ** (bits - 1)
    return (row) => {
      const a = l(row)
      const b = r(row)
      if (a === null || b === null) return null
      const v = Math.trunc(f(a, b) as number)
      if (v >= -limit && v < limit) return v
      if (!ansi) return Number(BigInt.asIntN(bits, exactInteger(op, a, b)))
      throw new EngineError('SL_EXEC_ARITHMETIC_OVERFLOW', {
        type: type === 'integer' ? 'int' : type === 'short' ? 'smallint' : 'tinyint',
        expression: `${String(a)} ${op} ${String(b)}`,
      })
    }
  }
  return (row) => {
    const a = l(row)
    const b = r(row)
    return a === null || b === null ? null : f(a, b)
  }
}

/**
 * For `-x` and `abs(x)` of an int/smallint/tinyint/bigint `x`: the type's minimum (`value`, whose
 * negation does not fit) and what that case gives — ARITHMETIC_OVERFLOW under ANSI mode, the
 * minimum itself (Java's wrap-around) without it.
 */
function integralMinimum(
  e: Expression,
  schema: StructType,
  ctx: () => EvaluationContext,
): ((v: unknown, expression: string) => unknown) & { value: number | undefined } {
  const type = resolveExpression(e, schema).dataType.type
  const bits = type === 'integer' ? 32 : type === 'short' ? 16 : type === 'byte' ? 8 : undefined
  const ansi = ctx().ansi !== false
  const name = type === 'integer' ? 'int' : type === 'short' ? 'smallint' : 'tinyint'
  const onMinimum = (v: unknown, expression: string): unknown => {
    if (!ansi) return v
    if (typeof v === 'bigint') throw longOverflow(expression)
    throw new EngineError('SL_EXEC_ARITHMETIC_OVERFLOW', { type: name, expression })
  }
  return Object.assign(onMinimum, { value: bits === undefined ? undefined : -(2 ** (bits - 1)) })
}

/** `a op b` of two integral values, exact. */
function exactInteger(op: '+' | '-' | '*', a: unknown, b: unknown): bigint {
  const x = BigInt(a as number | bigint)
  const y = BigInt(b as number | bigint)
  return op === '+' ? x + y : op === '-' ? x - y : x * y
}

function isIntegral(e: Expression, schema: StructType): boolean {
  const t = resolveExpression(e, schema).dataType.type
  return t === 'integer' || t === 'long' || t === 'short' || t === 'byte'
}

/** Total order used by comparisons: numbers numerically, strings by code unit, booleans false<true. */
export function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  // Decimals are exact (types/decimal-value.ts): compared by value, any scales.
  if (a instanceof Decimal) {
    if (b instanceof Decimal) return compareDecimals(a, b)
    if (typeof b === 'number') return compareDecimalNumber(a, b)
    if (typeof b === 'bigint') return compareDecimals(a, Decimal.fromInteger(b))
  } else if (b instanceof Decimal) {
    if (typeof a === 'number') return -compareDecimalNumber(b, a)
    if (typeof a === 'bigint') return compareDecimals(Decimal.fromInteger(a), b)
  }
  // A long past 2^53 is a bigint (long-value.ts); JS compares it with a number exactly.
  if (
    (typeof a === 'bigint' && (typeof b === 'bigint' || typeof b === 'number')) ||
    (typeof b === 'bigint' && typeof a === 'number')
  )
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0
}

const ARITHMETIC = new Set(['+', '-', '*', '/', '%'])

const BINARY_FUNCTIONS: Readonly<Record<string, (a: unknown, b: unknown) => unknown>> = {
  '+': (a, b) => (a as number) + (b as number),
  '-': (a, b) => (a as number) - (b as number),
  '*': (a, b) => (a as number) * (b as number),
  '/': (a, b) => (a as number) / (b as number),
  '%': (a, b) => (a as number) % (b as number),
  '=': (a, b) => compare(a, b) === 0,
  '!=': (a, b) => compare(a, b) !== 0,
  '<': (a, b) => compare(a, b) < 0,
  '<=': (a, b) => compare(a, b) <= 0,
  '>': (a, b) => compare(a, b) > 0,
  '>=': (a, b) => compare(a, b) >= 0,
}

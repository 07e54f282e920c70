/**
 * Our expression nodes as Spark Connect `Expression` messages (spark/connect/expressions.proto).
 * Columns become unresolved attributes and operators and functions unresolved functions under
 * the names of Spark's function registry, so Spark's analyzer resolves them exactly as it does
 * for PySpark (whose `Column` methods send the same names: `==`, `and`, `isnull`, `negative` …).
 */
import type { MessageInitShape } from '@bufbuild/protobuf'
import { EngineError } from '../errors/index.js'
import type { BinaryOperator, Expression } from '../plan/expr/index.js'
import { simpleString, type DataType } from '../types/index.js'
import { AGGREGATE_FUNCTION_NAMES, SCALAR_FUNCTION_NAMES } from './function-names.js'
import {
  Expression_Cast_EvalMode,
  type Expression_LiteralSchema,
  type ExpressionSchema,
} from './gen/expressions_pb.js'
import { unsupported } from './unsupported.js'

/** @internal An Expression message, as `create()` takes it. */
export type ExpressionInit = MessageInitShape<typeof ExpressionSchema>

/**
 * @internal Where a join condition's bound columns (`left.<name>` / `right.<name>`, see
 * plan/join-condition.ts) point: the plan ids of the join's two input relations. Spark resolves
 * an attribute carrying a plan id against that relation only, as it does for PySpark's
 * `df1['key'] == df2['key']`.
 */
export interface JoinSides {
  readonly left: bigint
  readonly right: bigint
}

const BINARY: Readonly<Record<Exclude<BinaryOperator, '!='>, string>> = {
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '%': '%',
  '=': '==',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '<=>': '<=>',
  and: 'and',
  or: 'or',
}

/**
 * @internal The plan id of the relation translated from the DataFrame a `df.col(name)` came from
 * (its qualifier), or undefined when that DataFrame is not in the relation being translated.
 */
export type QualifierPlanIds = (qualifier: string) => bigint | undefined

/**
 * @internal `sides` is given for a join condition only. With `planIdOf`, `df.col(name)` carries
 * the plan id of `df`'s relation, as PySpark's `df['name']` does, so that Spark resolves it
 * against that DataFrame even when a join's output has two columns of that name.
 */
export function expressionToProto(
  e: Expression,
  sides?: JoinSides,
  planIdOf?: QualifierPlanIds,
): ExpressionInit {
  const proto = (x: Expression): ExpressionInit => expressionToProto(x, sides, planIdOf)
  switch (e.kind) {
    case 'ColumnRefNode': {
      if (sides) return boundColumn(e.name, sides)
      // struct('*'): every input column, as PySpark's col('*') sends it (a quoted `*` is a
      // column of that name to Spark).
      if (e.name === '*') return { exprType: { case: 'unresolvedStar', value: {} } }
      const planId = e.qualifier === undefined ? undefined : planIdOf?.(e.qualifier)
      return column(e.name, planId)
    }
    case 'LiteralNode':
      return literalToProto(e.value, e.dataType)
    case 'AliasNode':
      return alias(proto(e.child), e.name)
    case 'CastNode':
      return {
        exprType: {
          case: 'cast',
          value: {
            expr: proto(e.child),
            castToType: { case: 'typeStr', value: simpleString(e.dataType) },
            ...(e.evalMode === 'try' ? { evalMode: Expression_Cast_EvalMode.TRY } : {}),
          },
        },
      }
    case 'BinaryOpNode':
      if (e.op === '!=') return call('not', [call('==', [proto(e.left), proto(e.right)])])
      return call(BINARY[e.op], [proto(e.left), proto(e.right)])
    case 'UnaryOpNode': {
      const name = { not: 'not', negate: 'negative', isNull: 'isnull', isNotNull: 'isnotnull' }[
        e.op
      ]
      return call(name, [proto(e.child)])
    }
    case 'FunctionCallNode': {
      const name = SCALAR_FUNCTION_NAMES[e.name]
      if (name === undefined || name === null)
        throw unsupported(`${e.name}()`, `The function ${e.name}`, FUNCTION_HINT)
      if (e.name === 'from_json') return withOptionsMap('from_json', e, 2, proto)
      if (e.name === 'to_json') return withOptionsMap('to_json', e, 1, proto)
      if (e.name === 'get_field') {
        const [child, field] = e.args
        return {
          exprType: {
            case: 'unresolvedExtractValue',
            value: { child: proto(child!), extraction: proto(field!) },
          },
        }
      }
      return call(name, e.args.map(proto))
    }
    case 'CaseWhenNode':
      // Spark's `when` function takes condition/value pairs, then the optional else value.
      return call('when', [
        ...e.branches.flatMap(([c, v]) => [proto(c), proto(v)]),
        ...(e.otherwise ? [proto(e.otherwise)] : []),
      ])
    case 'AggregateCallNode': {
      const name = AGGREGATE_FUNCTION_NAMES[e.fn]
      // count(*): PySpark sends count(lit(1)), which Spark names count(1); our analyzer names
      // the column count(1) too, and the plan aliases it anyway.
      if (e.fn === 'count' && e.args.length === 0)
        return call(name, [literal({ case: 'integer', value: 1 })])
      const args = e.args.map(proto)
      if (e.fn === 'first' || e.fn === 'last')
        return call(name, [...args, literal({ case: 'boolean', value: e.ignoreNulls })])
      return call(name, args)
    }
    case 'TimeWindowNode':
      return call('window', [
        proto(e.timeColumn),
        literal({ case: 'string', value: `${e.windowMicros} microseconds` }),
        literal({ case: 'string', value: `${e.slideMicros} microseconds` }),
        literal({ case: 'string', value: `${e.startMicros} microseconds` }),
      ])
    case 'SessionWindowNode':
      return call('session_window', [proto(e.timeColumn), proto(e.gap)])
  }
}

const FUNCTION_HINT =
  'Compute the value with other functions, or run this query on the embedded engine (a session without .remote()).'

/** @internal A column by name (quoted, so names with dots or spaces stay one part). */
export function column(name: string, planId?: bigint): ExpressionInit {
  return {
    exprType: {
      case: 'unresolvedAttribute',
      value: {
        // `data.user_id` is a field of struct `data` to Spark as to our resolver (column-path.ts),
        // so each part is quoted on its own. (A top-level column whose name contains a dot, which
        // our resolver matches first, is then not found by Spark: a clear error, not a silent
        // difference.)
        unparsedIdentifier: name.split('.').map(quoteIdentifier).join('.'),
        ...(planId === undefined ? {} : { planId }),
      },
    },
  }
}

/**
 * from_json(json, schema, options) / to_json(value, options): our plan keeps the options as one
 * JSON-object literal after the `fixed` arguments; Spark takes a map of strings, which PySpark
 * builds with `map(k1, v1, …)`.
 */
function withOptionsMap(
  name: string,
  e: Extract<Expression, { kind: 'FunctionCallNode' }>,
  fixed: number,
  proto: (x: Expression) => ExpressionInit,
): ExpressionInit {
  const args = e.args.slice(0, fixed).map(proto)
  const options = e.args[fixed]
  if (options?.kind === 'LiteralNode' && typeof options.value === 'string') {
    const entries = Object.entries(JSON.parse(options.value) as Record<string, string>)
    if (entries.length > 0)
      args.push(
        call(
          'map',
          entries.flatMap(([k, v]) => [
            literal({ case: 'string', value: k }),
            literal({ case: 'string', value: String(v) }),
          ]),
        ),
      )
  }
  return call(name, args)
}

/** A join condition's `left.<name>` / `right.<name>` as the column of that side's relation. */
function boundColumn(bound: string, sides: JoinSides): ExpressionInit {
  if (bound.startsWith('left.')) return column(bound.slice('left.'.length), sides.left)
  if (bound.startsWith('right.')) return column(bound.slice('right.'.length), sides.right)
  throw new EngineError('SL_INTERNAL_INVARIANT', {
    message: `join condition column ${bound} is not bound to a side`,
  })
}

/** @internal */
export function alias(expr: ExpressionInit, name: string): ExpressionInit {
  return { exprType: { case: 'alias', value: { expr, name: [name] } } }
}

function call(functionName: string, args: ExpressionInit[]): ExpressionInit {
  return {
    exprType: {
      case: 'unresolvedFunction',
      value: { functionName, arguments: args, isDistinct: false },
    },
  }
}

type LiteralInit = NonNullable<MessageInitShape<typeof Expression_LiteralSchema>['literalType']>

function literal(literalType: LiteralInit): ExpressionInit {
  return { exprType: { case: 'literal', value: { literalType } } }
}

/** A constant in the engine's value form (data-type.ts) as a Connect literal. */
function literalToProto(value: unknown, t: DataType): ExpressionInit {
  if (value === null) {
    const nul = literal({ case: 'null', value: { kind: { case: 'null', value: {} } } })
    if (t.type === 'void') return nul
    return {
      exprType: {
        case: 'cast',
        value: { expr: nul, castToType: { case: 'typeStr', value: simpleString(t) } },
      },
    }
  }
  switch (t.type) {
    case 'string':
      return literal({ case: 'string', value: value as string })
    case 'boolean':
      return literal({ case: 'boolean', value: value as boolean })
    case 'integer':
    case 'short':
    case 'byte':
    case 'float':
    case 'double':
      return literal({ case: t.type, value: value as number })
    case 'long':
      return literal({ case: 'long', value: BigInt(value as number) })
    case 'timestamp':
      return literal({ case: 'timestamp', value: BigInt(value as number) })
    case 'timestamp_ntz':
      return literal({ case: 'timestampNtz', value: BigInt(value as number) })
    case 'date':
      return literal({ case: 'date', value: value as number })
    case 'decimal':
      return literal({
        case: 'decimal',
        value: {
          // Exact text at the type's scale (types/decimal-value.ts).
          value: String(value),
          precision: t.precision,
          scale: t.scale,
        },
      })
    default:
      throw unsupported(
        'lit()',
        `A literal of type ${simpleString(t)}`,
        'Build the value from supported literals (strings, numbers, booleans, timestamps, dates) with functions or casts.',
      )
  }
}

/** Spark's identifier quoting: plain names as they are, others in backticks. */
function quoteIdentifier(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replace(/`/g, '``')}\``
}

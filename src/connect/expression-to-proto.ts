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
import type { Expression_LiteralSchema, ExpressionSchema } from './gen/expressions_pb.js'

/** @internal An Expression message, as `create()` takes it. */
export type ExpressionInit = MessageInitShape<typeof ExpressionSchema>

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

/** @internal */
export function expressionToProto(e: Expression): ExpressionInit {
  switch (e.kind) {
    case 'ColumnRefNode':
      return column(e.name)
    case 'LiteralNode':
      return literalToProto(e.value, e.dataType)
    case 'AliasNode':
      return alias(expressionToProto(e.child), e.name)
    case 'CastNode':
      return {
        exprType: {
          case: 'cast',
          value: {
            expr: expressionToProto(e.child),
            castToType: { case: 'typeStr', value: simpleString(e.dataType) },
          },
        },
      }
    case 'BinaryOpNode':
      if (e.op === '!=')
        return call('not', [call('==', [expressionToProto(e.left), expressionToProto(e.right)])])
      return call(BINARY[e.op], [expressionToProto(e.left), expressionToProto(e.right)])
    case 'UnaryOpNode': {
      const name = { not: 'not', negate: 'negative', isNull: 'isnull', isNotNull: 'isnotnull' }[
        e.op
      ]
      return call(name, [expressionToProto(e.child)])
    }
    case 'FunctionCallNode':
      return call(e.name, e.args.map(expressionToProto))
    case 'CaseWhenNode':
      // Spark's `when` function takes condition/value pairs, then the optional else value.
      return call('when', [
        ...e.branches.flatMap(([c, v]) => [expressionToProto(c), expressionToProto(v)]),
        ...(e.otherwise ? [expressionToProto(e.otherwise)] : []),
      ])
    case 'AggregateCallNode': {
      if (e.fn === 'count' && e.args.length === 0)
        return call('count', [literal({ case: 'integer', value: 1 })])
      const args = e.args.map(expressionToProto)
      if (e.fn === 'first' || e.fn === 'last')
        return call(e.fn, [...args, literal({ case: 'boolean', value: e.ignoreNulls })])
      return call(e.fn, args)
    }
    case 'TimeWindowNode':
      return call('window', [
        expressionToProto(e.timeColumn),
        literal({ case: 'string', value: `${e.windowMicros} microseconds` }),
        literal({ case: 'string', value: `${e.slideMicros} microseconds` }),
        literal({ case: 'string', value: `${e.startMicros} microseconds` }),
      ])
    case 'SessionWindowNode':
      return call('session_window', [expressionToProto(e.timeColumn), expressionToProto(e.gap)])
  }
}

/** @internal A column by name (quoted, so names with dots or spaces stay one part). */
export function column(name: string): ExpressionInit {
  return {
    exprType: { case: 'unresolvedAttribute', value: { unparsedIdentifier: quoteIdentifier(name) } },
  }
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
          value: (value as number).toFixed(t.scale),
          precision: t.precision,
          scale: t.scale,
        },
      })
    default:
      throw new EngineError('SL_CONNECT_UNSUPPORTED', {
        feature: `A literal of type ${simpleString(t)}`,
        hint: 'Build the value from supported literals (strings, numbers, booleans, timestamps, dates) with functions or casts.',
      })
  }
}

/** Spark's identifier quoting: plain names as they are, others in backticks. */
function quoteIdentifier(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replace(/`/g, '``')}\``
}

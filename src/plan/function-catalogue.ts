/**
 * Type rules of the built-in scalar functions a {@link FunctionCallNode} may name. Executors
 * implement the same names; a name missing here is rejected at analysis.
 */
import { AnalysisError } from '../errors/index.js'
import type { FunctionCallNode } from './expr/index.js'
import {
  DataTypes,
  schemaFromJson,
  simpleString,
  type DataType,
  type StructType,
} from '../types/index.js'
import { compileDateTimeFormatter } from '../internal/time/datetime-formatter.js'

/** Output type and nullability of a function given its argument types. */
export interface FunctionSignature {
  readonly minArgs: number
  readonly maxArgs: number
  resultType(
    args: readonly { dataType: DataType; nullable: boolean }[],
    call: FunctionCallNode,
  ): {
    dataType: DataType
    nullable: boolean
  }
}

const stringFn = (name: string): FunctionSignature => ({
  minArgs: 1,
  maxArgs: 1,
  resultType: ([a]) => {
    if (a!.dataType.type !== 'string') throw argType(name, 'string', a!.dataType)
    return { dataType: DataTypes.StringType, nullable: a!.nullable }
  },
})

export const FUNCTION_CATALOGUE: Readonly<Record<string, FunctionSignature>> = {
  current_timestamp: {
    minArgs: 0,
    maxArgs: 0,
    resultType: () => ({ dataType: DataTypes.TimestampType, nullable: false }),
  },
  current_date: {
    minArgs: 0,
    maxArgs: 0,
    resultType: () => ({ dataType: DataTypes.DateType, nullable: false }),
  },
  coalesce: {
    minArgs: 1,
    maxArgs: Infinity,
    resultType: (args) => ({
      dataType: args[0]!.dataType,
      nullable: args.every((a) => a.nullable),
    }),
  },
  window_time: {
    minArgs: 1,
    maxArgs: 1,
    resultType: ([a]) => {
      if (a!.dataType.type !== 'struct')
        throw argType('window_time', 'a window struct', a!.dataType)
      return { dataType: a!.dataType.fields[1]!.dataType, nullable: a!.nullable }
    },
  },
  date_format: {
    minArgs: 2,
    maxArgs: 2,
    resultType: ([a, p], call) => {
      const t = a!.dataType.type
      if (t !== 'timestamp' && t !== 'timestamp_ntz' && t !== 'date' && t !== 'string')
        throw argType('date_format', 'a timestamp, date or string', a!.dataType)
      if (p!.dataType.type !== 'string')
        throw argType('date_format', 'a string pattern', p!.dataType)
      // A literal pattern is checked here, before the first batch, as Spark checks it.
      const pattern = call.args[1]
      if (pattern?.kind === 'LiteralNode' && typeof pattern.value === 'string')
        compileDateTimeFormatter(pattern.value)
      return { dataType: DataTypes.StringType, nullable: a!.nullable || p!.nullable }
    },
  },
  from_json: {
    // from_json(json STRING, schema, options): the schema travels as a literal of Spark's JSON
    // schema text, the options as a literal JSON object (functions.ts builds both).
    minArgs: 3,
    maxArgs: 3,
    resultType: ([a], call) => {
      if (a!.dataType.type !== 'string')
        throw argType(
          'from_json',
          'a string (cast binary Kafka values with .cast("string"))',
          a!.dataType,
        )
      return { dataType: fromJsonSchema(call), nullable: true }
    },
  },
  upper: stringFn('upper'),
  lower: stringFn('lower'),
  abs: {
    minArgs: 1,
    maxArgs: 1,
    resultType: ([a]) => ({ dataType: a!.dataType, nullable: a!.nullable }),
  },
}

/** The struct a from_json call parses into (its second argument). */
export function fromJsonSchema(call: FunctionCallNode): StructType {
  const schema = call.args[1]
  if (schema?.kind !== 'LiteralNode' || typeof schema.value !== 'string')
    throw new AnalysisError('SL_PLAN_TYPE_MISMATCH', {
      expression: 'from_json(...)',
      expected: 'a schema (DDL string or StructType)',
      actual: schema?.kind ?? 'nothing',
      hint: 'Pass the schema as from_json(col, "a INT, b STRING") or a StructType.',
    })
  return schemaFromJson(schema.value)
}

function argType(fn: string, expected: string, got: DataType): AnalysisError {
  return new AnalysisError('SL_PLAN_TYPE_MISMATCH', {
    expression: `${fn}(...)`,
    expected,
    actual: simpleString(got),
    hint: `Cast the argument to ${expected} first.`,
  })
}

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
  structField,
  structType,
  type DataType,
  type StructType,
} from '../types/index.js'
import { compileDateTimeFormatter } from '../internal/time/datetime-formatter.js'

/** Output type and nullability of a function given its argument types. */
export interface FunctionSignature {
  readonly minArgs: number
  readonly maxArgs: number
  resultType(
    /** `name`: the argument's column name, as Spark would print it. */
    args: readonly { dataType: DataType; nullable: boolean; name?: string }[],
    call: FunctionCallNode,
  ): {
    dataType: DataType
    nullable: boolean
  }
  /**
   * The column name Spark gives the call, when it is not `name(arg, …)`: functions whose plan
   * carries extra literal arguments (to_json's options) or that Spark prints as a path (getField).
   */
  name?(args: readonly { name: string; dataType: DataType }[], call: FunctionCallNode): string
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
  struct: {
    // struct(c1, c2, …): fields named as Spark's CreateStruct names them — a column or an alias
    // by its name, any other expression col<position> — never null itself.
    minArgs: 1,
    maxArgs: Infinity,
    resultType: (args, call) => ({
      dataType: structType(
        args.map((a, i) => {
          const e = call.args[i]!
          const named = e.kind === 'ColumnRefNode' || e.kind === 'AliasNode'
          return structField(
            named && a.name !== undefined ? a.name : `col${i + 1}`,
            a.dataType,
            a.nullable,
          )
        }),
      ),
      nullable: false,
    }),
  },
  to_json: {
    // to_json(struct | map | array, options): the options travel as a JSON-object literal.
    minArgs: 2,
    maxArgs: 2,
    resultType: ([a]) => {
      const t = a!.dataType.type
      if (t !== 'struct' && t !== 'map' && t !== 'array')
        throw argType('to_json', 'a struct, map or array', a!.dataType)
      // Spark's StructsToJson is always nullable (oracle: functions.ts scenarios).
      return { dataType: DataTypes.StringType, nullable: true }
    },
    name: ([a]) => `to_json(${a!.name})`,
  },
  get_field: {
    // Column.getField(name): a struct's field (matched case-insensitively, as Spark's default
    // resolver) or a map's value for that key. Spark names the column <child>.<name>.
    minArgs: 2,
    maxArgs: 2,
    resultType: ([a], call) => {
      const name = getFieldName(call)
      const t = a!.dataType
      if (t.type === 'map') return { dataType: t.valueType, nullable: true }
      if (t.type !== 'struct') throw argType('getField', 'a struct or map', t)
      const field = t.fields[structFieldIndex(t, name)]
      if (!field)
        throw new AnalysisError('SL_PLAN_TYPE_MISMATCH', {
          expression: `getField(${JSON.stringify(name)})`,
          expected: `a field of ${simpleString(t)}`,
          actual: 'no such struct field',
          hint: `Use one of ${t.fields.map((f) => f.name).join(', ')}.`,
        })
      return { dataType: field.dataType, nullable: a!.nullable || field.nullable }
    },
    name: ([a], call) => {
      // Spark prints the struct field's own spelling (GetStructField.sql), whatever case asked.
      const t = a!.dataType
      const wanted = getFieldName(call)
      const field = t.type === 'struct' ? t.fields[structFieldIndex(t, wanted)] : undefined
      return `${a!.name}.${field?.name ?? wanted}`
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

/** The field name of a get_field call (its literal second argument). */
export function getFieldName(call: FunctionCallNode): string {
  const name = call.args[1]
  if (name?.kind !== 'LiteralNode' || typeof name.value !== 'string')
    throw new AnalysisError('SL_PLAN_TYPE_MISMATCH', {
      expression: 'getField(...)',
      expected: 'a field name (string literal)',
      actual: name?.kind ?? 'nothing',
      hint: "Pass the field's name: col('data').getField('user_id').",
    })
  return name.value
}

/** The index of a struct's field by name: exact match first, else case-insensitive; -1 if none. */
export function structFieldIndex(t: StructType, name: string): number {
  const exact = t.fields.findIndex((f) => f.name === name)
  if (exact >= 0) return exact
  const lower = name.toLowerCase()
  return t.fields.findIndex((f) => f.name.toLowerCase() === lower)
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

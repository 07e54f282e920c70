/**
 * `from_json(json, schema, options)`: each value is parsed by the JSON source's record parser
 * (the same type conversions, modes and options as reading JSON files), so a Kafka value and a
 * JSON line give the same struct. Spark's from_json reads the whole string as one document: line
 * breaks are whitespace there, so they are turned into spaces before the line parser sees them.
 */
import { fromJsonSchema } from '../../plan/function-catalogue.js'
import type { FunctionCallNode } from '../../plan/expr/index.js'
import { JsonRecordParser, parseOptions } from '../../sources/file/json-record-parser.js'
import type { Row } from '../../types/index.js'
import type { CompiledExpression } from './compile-expression.js'
import type { EvaluationContext } from './evaluation-context.js'

const LINE_BREAK = /[\r\n]/g

export function compileFromJson(
  call: FunctionCallNode,
  input: CompiledExpression,
  ctx: () => EvaluationContext,
): CompiledExpression {
  const schema = fromJsonSchema(call)
  const optionsArg = call.args[2]
  const options =
    optionsArg?.kind === 'LiteralNode' && typeof optionsArg.value === 'string'
      ? (JSON.parse(optionsArg.value) as Record<string, string>)
      : {}
  let parser: JsonRecordParser | undefined
  let parserZone: string | undefined
  return (row: Row) => {
    const text = input(row)
    if (text === null || text === undefined) return null
    const zone = ctx().timeZone
    if (!parser || parserZone !== zone) {
      parser = new JsonRecordParser(schema, parseOptions(options, zone), { arraysAsRecords: false })
      parserZone = zone
    }
    // Most values are one line: skip the regular expression's scan and copy for them.
    const raw = text as string
    const json = raw.indexOf('\n') < 0 && raw.indexOf('\r') < 0 ? raw : raw.replace(LINE_BREAK, ' ')
    const parsed = parser.parse(json, 'from_json')
    // A blank value is no record at all: null, as Spark.
    return parsed.rows[0] ?? null
  }
}

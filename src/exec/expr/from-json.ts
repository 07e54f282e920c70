/**
 * `from_json(json, schema, options)`: each value is parsed by the JSON source's record parser
 * (the same type conversions, modes and options as reading JSON files), so a Kafka value and a
 * JSON line give the same struct (see parse-json-value.ts for the one-document rule).
 */
import { fromJsonSchema } from '../../plan/function-catalogue.js'
import type { FunctionCallNode } from '../../plan/expr/index.js'
import { JsonRecordParser, parseOptions } from '../../sources/file/json-record-parser.js'
import { parseJsonValue } from '../../sources/file/parse-json-value.js'
import type { Row } from '../../types/index.js'
import type { CompiledExpression } from './compile-expression.js'
import type { EvaluationContext } from './evaluation-context.js'

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
    return parseJsonValue(parser, text as string)
  }
}

/**
 * `to_json(struct | map | array, options)`: the value as JSON text, written by the JSON file
 * writer's encoder (sinks/file/json-row-encoder.ts), so a row sent to Kafka reads as the same line
 * df.write.json would write: null fields left out (`ignoreNullFields`, Spark's default true),
 * timestamps as `timestampFormat` (default yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX], i.e. milliseconds
 * and the offset) in `timeZone` (default the session's), dates as `dateFormat`.
 */
import type { FunctionCallNode } from '../../plan/expr/index.js'
import { resolveExpression } from '../../plan/analyzer.js'
import { jsonValueEncoder } from '../../sinks/file/json-row-encoder.js'
import { textValueFormat } from '../../sinks/file/text-value-format.js'
import type { Row, StructType } from '../../types/index.js'
import type { CompiledExpression } from './compile-expression.js'
import type { EvaluationContext } from './evaluation-context.js'

export function compileToJson(
  call: FunctionCallNode,
  input: CompiledExpression,
  schema: StructType,
  ctx: () => EvaluationContext,
): CompiledExpression {
  const type = resolveExpression(call.args[0]!, schema).dataType
  const optionsArg = call.args[1]
  const raw =
    optionsArg?.kind === 'LiteralNode' && typeof optionsArg.value === 'string'
      ? (JSON.parse(optionsArg.value) as Record<string, string>)
      : {}
  // Spark's JSON options are case-insensitive.
  const options: Record<string, string> = {}
  for (const name of ['timestampFormat', 'timestampNTZFormat', 'dateFormat', 'timeZone']) {
    const key = Object.keys(raw).find((k) => k.toLowerCase() === name.toLowerCase())
    if (key !== undefined) options[name] = raw[key]!
  }
  const ignoreKey = Object.keys(raw).find((k) => k.toLowerCase() === 'ignorenullfields')
  const ignoreNullFields = ignoreKey === undefined || raw[ignoreKey]!.toLowerCase() !== 'false'
  let encode: ((v: unknown) => string) | undefined
  let encodeZone: string | undefined
  return (row: Row) => {
    const v = input(row)
    if (v === null || v === undefined) return null
    const zone = ctx().timeZone
    if (!encode || encodeZone !== zone) {
      encode = jsonValueEncoder(type, textValueFormat(options, zone), ignoreNullFields)
      encodeZone = zone
    }
    return encode(v)
  }
}

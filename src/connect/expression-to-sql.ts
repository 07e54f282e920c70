/**
 * Our expression nodes as Spark SQL text, for the Delta statements a remote session sends
 * (delta-sql.ts: `DELETE … WHERE`, `UPDATE … SET`, `MERGE … ON … WHEN …`), where Spark takes
 * conditions and values only as SQL. The text must parse in Spark to the expression
 * expression-to-proto.ts would send for the same node: every identifier part in backticks,
 * every operator in parentheses (no precedence to get wrong), literals typed exactly (numbers
 * through `CAST('<text>' AS <type>)`, so no digit is lost and no literal suffix rule matters),
 * functions under Spark's names (function-names.ts). What has no SQL text here is refused with
 * SL_CONNECT_DELTA_UNSUPPORTED naming the method, before anything is sent.
 */
import { EngineError } from '../errors/index.js'
import type { BinaryOperator, Expression } from '../plan/expr/index.js'
import type { DataType } from '../types/index.js'
import { SCALAR_FUNCTION_NAMES } from './function-names.js'

/**
 * @internal How column references resolve: `qualifier` maps the qualifier of a `df.col(name)`
 * (plan/plan-qualifier.ts) to the SQL name of that DataFrame in the statement (the MERGE
 * source's alias); a qualifier it does not know is refused.
 */
export interface SqlScope {
  /** The method the expression was given to, for errors (`DeltaTable.delete`). */
  readonly method: string
  readonly qualifier?: (qualifier: string) => string | undefined
}

const BINARY: Readonly<Record<BinaryOperator, string>> = {
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '%': '%',
  '=': '=',
  '!=': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '<=>': '<=>',
  and: 'AND',
  or: 'OR',
}

/** @internal `e` as Spark SQL text. */
export function expressionToSql(e: Expression, scope: SqlScope): string {
  const sql = (x: Expression): string => expressionToSql(x, scope)
  switch (e.kind) {
    case 'ColumnRefNode': {
      if (e.name === '*') return '*'
      const path = e.name.split('.').map(quoteIdentifier).join('.')
      if (e.qualifier === undefined) return path
      const name = scope.qualifier?.(e.qualifier)
      if (name === undefined)
        throw refused(
          scope,
          `the column ${e.name} is taken from a DataFrame (df.col('${e.name}')) that is not part of this statement`,
          'Name the column by its name, or by the alias of the MERGE source or target (s.name, t.name).',
        )
      return `${quoteIdentifier(name)}.${path}`
    }
    case 'LiteralNode':
      return literalSql(e.value, e.dataType, scope)
    case 'AliasNode':
      return sql(e.child)
    case 'CastNode':
      // try_cast: null where the cast fails, under any spark.sql.ansi.enabled (Spark's TRY_CAST).
      return `${e.evalMode === 'try' ? 'TRY_CAST' : 'CAST'}(${sql(e.child)} AS ${typeSql(e.dataType)})`
    case 'BinaryOpNode':
      return `(${sql(e.left)} ${BINARY[e.op]} ${sql(e.right)})`
    case 'UnaryOpNode':
      switch (e.op) {
        case 'not':
          return `(NOT ${sql(e.child)})`
        case 'negate':
          return `(- ${sql(e.child)})`
        case 'isNull':
          return `(${sql(e.child)} IS NULL)`
        case 'isNotNull':
          return `(${sql(e.child)} IS NOT NULL)`
      }
      break
    case 'CaseWhenNode':
      return `CASE ${e.branches.map(([c, v]) => `WHEN ${sql(c)} THEN ${sql(v)}`).join(' ')}${
        e.otherwise ? ` ELSE ${sql(e.otherwise)}` : ''
      } END`
    case 'FunctionCallNode': {
      const name = SCALAR_FUNCTION_NAMES[e.name]
      if (name === undefined || name === null)
        throw refused(
          scope,
          `the function ${e.name} has no Spark equivalent`,
          'Write the condition or value as a SQL string Spark evaluates.',
        )
      if (e.name === 'get_field') {
        const [child, field] = e.args
        if (field?.kind === 'LiteralNode' && typeof field.value === 'string')
          return `(${sql(child!)}).${quoteIdentifier(field.value)}`
      }
      if (e.name === 'from_json' || e.name === 'to_json') {
        // Our plan keeps the options as one JSON-object literal; Spark takes map(k, v, …).
        const fixed = e.name === 'from_json' ? 2 : 1
        const args = e.args.slice(0, fixed).map(sql)
        const options = e.args[fixed]
        if (options?.kind === 'LiteralNode' && typeof options.value === 'string') {
          const entries = Object.entries(JSON.parse(options.value) as Record<string, string>)
          if (entries.length > 0)
            args.push(
              `map(${entries.flatMap(([k, v]) => [stringLiteral(k), stringLiteral(String(v))]).join(', ')})`,
            )
        }
        return `${name}(${args.join(', ')})`
      }
      return `${name}(${e.args.map(sql).join(', ')})`
    }
    case 'AggregateCallNode':
    case 'TimeWindowNode':
    case 'SessionWindowNode':
      throw refused(
        scope,
        `${e.kind === 'AggregateCallNode' ? `the aggregate ${e.fn}()` : 'a window'} is not a row expression`,
        'Conditions and values of a Delta statement are computed per row: aggregate in the source DataFrame first.',
      )
  }
  throw new EngineError('SL_INTERNAL_INVARIANT', {
    message: `no SQL text for the expression ${(e as { kind: string }).kind}`,
  })
}

/** @internal A type as Spark SQL parses it in CAST (struct field names quoted). */
export function typeSql(t: DataType): string {
  switch (t.type) {
    case 'struct':
      return `STRUCT<${t.fields.map((f) => `${quoteIdentifier(f.name)}: ${typeSql(f.dataType)}`).join(', ')}>`
    case 'array':
      return `ARRAY<${typeSql(t.elementType)}>`
    case 'map':
      return `MAP<${typeSql(t.keyType)}, ${typeSql(t.valueType)}>`
    case 'decimal':
      return `DECIMAL(${t.precision},${t.scale})`
    case 'long':
      return 'BIGINT'
    case 'integer':
      return 'INT'
    case 'short':
      return 'SMALLINT'
    case 'byte':
      return 'TINYINT'
    case 'void':
      return 'VOID'
    default:
      return t.type.toUpperCase()
  }
}

/** @internal Spark's identifier quoting: always backticks, a backtick doubled. */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``
}

/**
 * @internal A string literal. Spark unescapes backslashes in literals by default
 * (spark.sql.parser.escapedStringLiterals=false), so `\` and `'` are escaped with one.
 */
export function stringLiteral(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

/** A constant in the engine's value form (types/data-type.ts) as typed SQL text. */
function literalSql(value: unknown, t: DataType, scope: SqlScope): string {
  if (value === null || value === undefined)
    return t.type === 'void' ? 'NULL' : `CAST(NULL AS ${typeSql(t)})`
  switch (t.type) {
    case 'string':
      return stringLiteral(value as string)
    case 'boolean':
      return value === true ? 'TRUE' : 'FALSE'
    case 'integer':
    case 'short':
    case 'byte':
    case 'long':
    case 'float':
    case 'double':
    case 'decimal':
      // The exact text (a double's shortest round-trip form, a decimal at its scale) cast in
      // Spark: Java parses the same value from it. NaN and ±Infinity parse too.
      return `CAST(${stringLiteral(String(value))} AS ${typeSql(t)})`
    case 'date':
      return `DATE_FROM_UNIX_DATE(${String(value)})`
    case 'timestamp':
      return `TIMESTAMP_MICROS(${String(value)})`
    case 'timestamp_ntz':
      // Wall-clock microseconds: the UTC rendering of the same number is that wall clock.
      return `TIMESTAMP_NTZ${stringLiteral(microsText(Number(value)))}`
    case 'binary':
      return `X'${Buffer.from(value as Uint8Array).toString('hex')}'`
    default:
      throw refused(
        scope,
        `a literal of type ${typeSql(t)} has no SQL text here`,
        'Build the value from strings, numbers, booleans, dates and timestamps, or write it as a SQL string.',
      )
  }
}

function microsText(micros: number): string {
  const ms = Math.floor(micros / 1000)
  const iso = new Date(ms).toISOString() // yyyy-MM-ddTHH:mm:ss.SSSZ
  const sub = String(micros - ms * 1000).padStart(3, '0')
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}${sub}`
}

function refused(scope: SqlScope, problem: string, hint: string): EngineError {
  return new EngineError(
    'SL_CONNECT_DELTA_UNSUPPORTED',
    { method: scope.method, problem, hint },
    { operator: scope.method },
  )
}

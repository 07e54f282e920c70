/**
 * Column functions with Spark's names (`pyspark.sql.functions`).
 */
import {
  CaseWhenNode,
  ColumnRefNode,
  FunctionCallNode,
  type Expression,
} from '../plan/expr/index.js'
import { EngineError } from '../errors/index.js'
import { parseDdlSchema, schemaToJson, type StructType } from '../types/index.js'
import type { Decimal } from '../types/decimal-value.js'
import { Column, toExpr, type ColumnOrValue } from './column.js'
import { literalNode } from './literal.js'

/**
 * A column by name.
 *
 * @example
 * ```ts
 * import { col } from 'streamlake'
 * const v = col('value')
 * ```
 */
export function col(name: string): Column {
  return new Column(ColumnRefNode.create(name))
}

/** Alias of {@link col}. */
export const column = col

/** `col(name).asc()`: a sort key, ascending with nulls first. */
export function asc(name: string): Column {
  return col(name).asc()
}

/** `col(name).desc()`: a sort key, descending with nulls last. */
export function desc(name: string): Column {
  return col(name).desc()
}

/**
 * A literal value. A {@link Decimal} is an exact decimal(max(precision, scale), scale) literal,
 * as Spark's `lit(BigDecimal)`.
 *
 * @example
 * ```ts
 * import { col, lit } from 'streamlake'
 * const isClick = col('event_type').equalTo(lit('click'))
 * ```
 */
export function lit(value: string | number | bigint | boolean | null | Date | Decimal): Column {
  return new Column(literalNode(value))
}

/**
 * The batch's timestamp (identical for every row of a micro-batch and on re-execution).
 *
 * @example
 * ```ts
 * import { current_timestamp } from 'streamlake'
 * const ingestedAt = current_timestamp().alias('ingested_at')
 * ```
 */
export function current_timestamp(): Column {
  return new Column(FunctionCallNode.create('current_timestamp', []))
}

/** The batch's date in UTC. */
export function current_date(): Column {
  return new Column(FunctionCallNode.create('current_date', []))
}

/** The first non-null argument. */
export function coalesce(...cols: ColumnOrValue[]): Column {
  return new Column(FunctionCallNode.create('coalesce', cols.map(toExpr)))
}

/** Upper-case a string column. */
export function upper(c: Column | string): Column {
  return new Column(
    FunctionCallNode.create('upper', [typeof c === 'string' ? col(c).expr : c.expr]),
  )
}

/** Lower-case a string column. */
export function lower(c: Column | string): Column {
  return new Column(
    FunctionCallNode.create('lower', [typeof c === 'string' ? col(c).expr : c.expr]),
  )
}

/** Absolute value. */
export function abs(c: Column | string): Column {
  return new Column(FunctionCallNode.create('abs', [typeof c === 'string' ? col(c).expr : c.expr]))
}

/**
 * `when(cond, value).when(...).otherwise(value)`: the value of the first true condition.
 *
 * @example
 * ```ts
 * import { col, when } from 'streamlake'
 * const tier = when(col('value').gt(500), 'high').otherwise('low').alias('tier')
 * ```
 */
export function when(condition: Column, value: ColumnOrValue): CaseWhen {
  return new CaseWhen([[condition.expr, toExpr(value)]], undefined)
}

/** A `when` chain; itself a column (null when no branch matches and no otherwise). */
export class CaseWhen extends Column {
  /** @internal */
  constructor(
    private readonly branches: readonly (readonly [Expression, Expression])[],
    otherwise: Expression | undefined,
  ) {
    super(CaseWhenNode.create(branches, otherwise))
  }

  when(condition: Column, value: ColumnOrValue): CaseWhen {
    return new CaseWhen([...this.branches, [condition.expr, toExpr(value)]], undefined)
  }

  otherwise(value: ColumnOrValue): Column {
    return new Column(CaseWhenNode.create(this.branches, toExpr(value)))
  }
}

/** Parses a string column to a TIMESTAMP with Spark's cast rules (session time zone). */
export function to_timestamp(c: Column | string): Column {
  return (typeof c === 'string' ? col(c) : c).cast('timestamp')
}

/** `window.end - 1 µs`: the last instant inside a window (for chaining windows). */
export function window_time(c: Column | string): Column {
  return new Column(
    FunctionCallNode.create('window_time', [typeof c === 'string' ? col(c).expr : c.expr]),
  )
}

/**
 * Formats a timestamp (or a date, or a string cast to a timestamp) as a string with a Spark
 * datetime pattern, in the session time zone (`spark.sql.session.timeZone`). An invalid pattern
 * fails at `start()` with SL_PLAN_INVALID_DATETIME_PATTERN.
 *
 * @param c the timestamp column (or its name)
 * @param format a pattern such as `'yyyy-MM-dd HH:mm'`, `'EEE'` or `"yyyy-MM-dd'T'HH:mm:ssXXX"`
 * @example
 * ```ts
 * import { col, date_format } from 'streamlake'
 * const day = date_format(col('timestamp'), 'yyyy-MM-dd').alias('day')
 * ```
 */
export function date_format(c: Column | string, format: string): Column {
  return new Column(
    FunctionCallNode.create('date_format', [
      typeof c === 'string' ? col(c).expr : c.expr,
      literalNode(format),
    ]),
  )
}

/**
 * Parses a JSON string column into a struct with the given schema, as Spark's `from_json`: mode
 * PERMISSIVE (the default) keeps what parsed and leaves the rest null, FAILFAST fails the batch
 * on a malformed value (DROPMALFORMED is refused, as in Spark); a null or blank input gives null.
 * Other options are the JSON reader's (`timestampFormat`, `dateFormat`, `allowComments`, …).
 *
 * @param c the JSON text (a Kafka value: `col('value').cast('string')`)
 * @param schema a DDL string (`'user_id INT, event_type STRING'`) or a StructType
 * @example
 * ```ts
 * import { col, from_json } from 'streamlake'
 * const event = from_json(col('value').cast('string'), 'event_id STRING, user_id INT').alias('event')
 * ```
 */
export function from_json(
  c: Column | string,
  schema: StructType | string,
  options: Readonly<Record<string, string>> = {},
): Column {
  const struct = typeof schema === 'string' ? parseDdlSchema(schema) : schema
  const mode = Object.entries(options).find(([k]) => k.toLowerCase() === 'mode')?.[1]
  if (mode !== undefined && !['PERMISSIVE', 'FAILFAST'].includes(mode.toUpperCase())) {
    throw new EngineError(
      'SL_API_INVALID_OPTION',
      {
        option: 'mode',
        problem: 'is not supported by from_json',
        value: mode,
        hint: 'Use PERMISSIVE (the default: malformed values give nulls) or FAILFAST; filter nulls afterwards to drop malformed values.',
      },
      { option: 'mode' },
    )
  }
  return new Column(
    FunctionCallNode.create('from_json', [
      typeof c === 'string' ? col(c).expr : c.expr,
      literalNode(schemaToJson(struct)),
      literalNode(JSON.stringify(options)),
    ]),
  )
}

/**
 * A struct of the given columns, as Spark's `struct`: each field is named after its column or
 * alias, any other expression `col<position>`.
 *
 * @example
 * ```ts
 * import { col, struct, to_json } from 'streamlake'
 * const value = to_json(struct(col('event_id'), col('user_id'))).alias('value')
 * ```
 */
export function struct(...cols: (Column | string)[]): Column {
  return new Column(
    FunctionCallNode.create(
      'struct',
      cols.map((c) => (typeof c === 'string' ? col(c).expr : c.expr)),
    ),
  )
}

/**
 * The JSON text of a struct, map or array column, as Spark's `to_json` (and its JSON writer):
 * null fields left out unless `ignoreNullFields` is `'false'`, timestamps with `timestampFormat`
 * (default `yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]`: milliseconds and the zone offset) in `timeZone`
 * (default the session's), dates with `dateFormat`; null input gives null.
 *
 * @example
 * ```ts
 * import { col, struct, to_json } from 'streamlake'
 * const value = to_json(struct(col('event_id'), col('timestamp')), { timestampFormat: 'yyyy-MM-dd HH:mm:ss' })
 * ```
 */
export function to_json(
  c: Column | string,
  options: Readonly<Record<string, string>> = {},
): Column {
  return new Column(
    FunctionCallNode.create('to_json', [
      typeof c === 'string' ? col(c).expr : c.expr,
      literalNode(JSON.stringify(options)),
    ]),
  )
}

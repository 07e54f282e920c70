/**
 * Column expressions with Spark's method names. A Column only wraps an immutable plan
 * expression; nothing is evaluated until a query runs.
 */
import type { LiteralNode } from '../plan/expr/index.js'
import {
  AliasNode,
  BinaryOpNode,
  CastNode,
  FunctionCallNode,
  UnaryOpNode,
  type BinaryOperator,
  type Expression,
} from '../plan/expr/index.js'
import { AnalysisError } from '../errors/index.js'
import { exprString } from '../plan/explain.js'
import { parseDdlSchema, type DataType } from '../types/index.js'
import type { Decimal } from '../types/decimal-value.js'
import { literalNode } from './literal.js'

/** A value or a column: plain values become literals. */
export type ColumnOrValue = Column | string | number | bigint | boolean | null | Date | Decimal

/**
 * A column expression.
 *
 * @example
 * ```ts
 * import { col, lit } from 'streamlake'
 * const expensive = col('value').gt(500).and(col('event_type').eqNullSafe(lit('purchase')))
 * ```
 */
export class Column {
  readonly #expr: Expression

  /**
   * @internal
   * @param sortOrder the direction when the Column is a sort key (`asc()`, `desc()`, …). Such a
   *   Column is only an `orderBy`/`sort` key: using it anywhere else throws
   *   SL_API_SORT_ORDER_OUTSIDE_SORT (Spark's analyzer lets its SortOrder through a projection and
   *   the query then fails with INTERNAL_ERROR "Cannot evaluate expression").
   */
  constructor(
    expr: Expression,
    readonly sortOrder?: { readonly ascending: boolean; readonly nullsFirst: boolean },
  ) {
    this.#expr = expr
  }

  /**
   * @internal The expression; throws when this Column is a sort order, which has no value.
   */
  get expr(): Expression {
    return this.valueExpr('a function')
  }

  /** @internal The expression under a sort order (for `orderBy`/`sort` only). */
  get sortKey(): Expression {
    return this.#expr
  }

  /**
   * @internal The expression as a value, for `usage` (a method name such as `select`); a sort
   * order there is SL_API_SORT_ORDER_OUTSIDE_SORT.
   */
  valueExpr(usage: string): Expression {
    if (this.sortOrder) {
      const { ascending, nullsFirst } = this.sortOrder
      const method = ascending
        ? nullsFirst
          ? 'asc'
          : 'asc_nulls_last'
        : nullsFirst
          ? 'desc_nulls_first'
          : 'desc'
      throw new AnalysisError('SL_API_SORT_ORDER_OUTSIDE_SORT', {
        expression: `${exprString(this.#expr)} ${ascending ? 'ASC' : 'DESC'} NULLS ${nullsFirst ? 'FIRST' : 'LAST'}`,
        method,
        usage,
      })
    }
    return this.#expr
  }

  /** Sort key, ascending with nulls first (Spark's default), for `orderBy`/`sort`. */
  asc(): Column {
    return new Column(this.valueExpr('asc'), { ascending: true, nullsFirst: true })
  }
  /** Sort key, ascending with nulls first. */
  asc_nulls_first(): Column {
    return new Column(this.valueExpr('asc_nulls_first'), { ascending: true, nullsFirst: true })
  }
  /** Sort key, ascending with nulls last. */
  asc_nulls_last(): Column {
    return new Column(this.valueExpr('asc_nulls_last'), { ascending: true, nullsFirst: false })
  }
  /** Sort key, descending with nulls last (Spark's default for descending). */
  desc(): Column {
    return new Column(this.valueExpr('desc'), { ascending: false, nullsFirst: false })
  }
  /** Sort key, descending with nulls first. */
  desc_nulls_first(): Column {
    return new Column(this.valueExpr('desc_nulls_first'), { ascending: false, nullsFirst: true })
  }
  /** Sort key, descending with nulls last. */
  desc_nulls_last(): Column {
    return new Column(this.valueExpr('desc_nulls_last'), { ascending: false, nullsFirst: false })
  }

  private bin(op: BinaryOperator, other: ColumnOrValue, method: string): Column {
    return new Column(BinaryOpNode.create(op, this.valueExpr(method), toValueExpr(other, method)))
  }

  /** `this + other` */
  plus(other: ColumnOrValue): Column {
    return this.bin('+', other, 'plus')
  }
  /** `this - other` */
  minus(other: ColumnOrValue): Column {
    return this.bin('-', other, 'minus')
  }
  /** `this * other` */
  multiply(other: ColumnOrValue): Column {
    return this.bin('*', other, 'multiply')
  }
  /** `this / other` (always double, as in Spark) */
  divide(other: ColumnOrValue): Column {
    return this.bin('/', other, 'divide')
  }
  /** `this % other` */
  mod(other: ColumnOrValue): Column {
    return this.bin('%', other, 'mod')
  }
  /** `this = other` (SQL equality: null if either side is null) */
  equalTo(other: ColumnOrValue): Column {
    return this.bin('=', other, 'equalTo')
  }
  /** Alias of {@link Column.equalTo}. */
  eq(other: ColumnOrValue): Column {
    return this.bin('=', other, 'eq')
  }
  /** `this <=> other` (null-safe equality) */
  eqNullSafe(other: ColumnOrValue): Column {
    return this.bin('<=>', other, 'eqNullSafe')
  }
  /** `this != other` */
  notEqual(other: ColumnOrValue): Column {
    return this.bin('!=', other, 'notEqual')
  }
  /** `this < other` */
  lt(other: ColumnOrValue): Column {
    return this.bin('<', other, 'lt')
  }
  /** `this <= other` */
  leq(other: ColumnOrValue): Column {
    return this.bin('<=', other, 'leq')
  }
  /** `this > other` */
  gt(other: ColumnOrValue): Column {
    return this.bin('>', other, 'gt')
  }
  /** `this >= other` */
  geq(other: ColumnOrValue): Column {
    return this.bin('>=', other, 'geq')
  }
  /** `this AND other` (three-valued) */
  and(other: ColumnOrValue): Column {
    return this.bin('and', other, 'and')
  }
  /** `this OR other` (three-valued) */
  or(other: ColumnOrValue): Column {
    return this.bin('or', other, 'or')
  }
  /** `NOT this` */
  not(): Column {
    return new Column(UnaryOpNode.create('not', this.valueExpr('not')))
  }
  /** `-this` */
  negate(): Column {
    return new Column(UnaryOpNode.create('negate', this.valueExpr('negate')))
  }
  /** `this IS NULL` */
  isNull(): Column {
    return new Column(UnaryOpNode.create('isNull', this.valueExpr('isNull')))
  }
  /** `this IS NOT NULL` */
  isNotNull(): Column {
    return new Column(UnaryOpNode.create('isNotNull', this.valueExpr('isNotNull')))
  }
  /** Names the output column. */
  alias(name: string): Column {
    return new Column(AliasNode.create(this.valueExpr('alias'), name))
  }
  /** Alias of {@link Column.alias}. */
  as(name: string): Column {
    return this.alias(name)
  }
  /** `CAST(this AS type)`; `type` is a DataType or a DDL type name such as `"bigint"`. */
  cast(type: DataType | string): Column {
    const dataType =
      typeof type === 'string' ? parseDdlSchema(`x ${type}`).fields[0]!.dataType : type
    return new Column(CastNode.create(this.valueExpr('cast'), dataType))
  }
  /**
   * `TRY_CAST(this AS type)` (PySpark 4's `try_cast`): null where the value does not fit or parse
   * as `type`, instead of failing as `cast` does under ANSI mode.
   *
   * @example
   * ```ts
   * import { col } from 'streamlake'
   * const n = col('text').try_cast('int')
   * ```
   */
  try_cast(type: DataType | string): Column {
    const dataType =
      typeof type === 'string' ? parseDdlSchema(`x ${type}`).fields[0]!.dataType : type
    return new Column(CastNode.create(this.valueExpr('try_cast'), dataType, 'try'))
  }
  /**
   * A field of a struct column (matched case-insensitively, as Spark), or a map column's value
   * for that key. Spark names the result `<column>.<name>`.
   *
   * @example
   * ```ts
   * import { col, from_json } from 'streamlake'
   * const user = from_json(col('value').cast('string'), 'user_id INT').getField('user_id')
   * ```
   */
  getField(name: string): Column {
    return new Column(
      FunctionCallNode.create('get_field', [this.valueExpr('getField'), literalNode(name)]),
    )
  }
}

/** @internal Plain values become literals; strings are literals here (use col() for names). */
export function toExpr(v: ColumnOrValue): Expression {
  return toValueExpr(v, 'a function')
}

/** @internal {@link toExpr} naming the method that takes the value (for a sort order's error). */
export function toValueExpr(v: ColumnOrValue, usage: string): Expression {
  if (v instanceof Column) return v.valueExpr(usage)
  return literalNode(v)
}

/** @internal Column names given as strings (select("a"), groupBy("a")) become references. */
export function isLiteralNode(e: Expression): e is LiteralNode {
  return e.kind === 'LiteralNode'
}

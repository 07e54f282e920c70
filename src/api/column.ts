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
  /**
   * @internal
   * @param sortOrder the direction when the Column is a sort key (`asc()`, `desc()`, …); any other
   *   method gives a plain Column again.
   */
  constructor(
    readonly expr: Expression,
    readonly sortOrder?: { readonly ascending: boolean; readonly nullsFirst: boolean },
  ) {}

  /** Sort key, ascending with nulls first (Spark's default), for `orderBy`/`sort`. */
  asc(): Column {
    return new Column(this.expr, { ascending: true, nullsFirst: true })
  }
  /** Sort key, ascending with nulls first. */
  asc_nulls_first(): Column {
    return new Column(this.expr, { ascending: true, nullsFirst: true })
  }
  /** Sort key, ascending with nulls last. */
  asc_nulls_last(): Column {
    return new Column(this.expr, { ascending: true, nullsFirst: false })
  }
  /** Sort key, descending with nulls last (Spark's default for descending). */
  desc(): Column {
    return new Column(this.expr, { ascending: false, nullsFirst: false })
  }
  /** Sort key, descending with nulls first. */
  desc_nulls_first(): Column {
    return new Column(this.expr, { ascending: false, nullsFirst: true })
  }
  /** Sort key, descending with nulls last. */
  desc_nulls_last(): Column {
    return new Column(this.expr, { ascending: false, nullsFirst: false })
  }

  private bin(op: BinaryOperator, other: ColumnOrValue): Column {
    return new Column(BinaryOpNode.create(op, this.expr, toExpr(other)))
  }

  /** `this + other` */
  plus(other: ColumnOrValue): Column {
    return this.bin('+', other)
  }
  /** `this - other` */
  minus(other: ColumnOrValue): Column {
    return this.bin('-', other)
  }
  /** `this * other` */
  multiply(other: ColumnOrValue): Column {
    return this.bin('*', other)
  }
  /** `this / other` (always double, as in Spark) */
  divide(other: ColumnOrValue): Column {
    return this.bin('/', other)
  }
  /** `this % other` */
  mod(other: ColumnOrValue): Column {
    return this.bin('%', other)
  }
  /** `this = other` (SQL equality: null if either side is null) */
  equalTo(other: ColumnOrValue): Column {
    return this.bin('=', other)
  }
  /** Alias of {@link Column.equalTo}. */
  eq(other: ColumnOrValue): Column {
    return this.bin('=', other)
  }
  /** `this <=> other` (null-safe equality) */
  eqNullSafe(other: ColumnOrValue): Column {
    return this.bin('<=>', other)
  }
  /** `this != other` */
  notEqual(other: ColumnOrValue): Column {
    return this.bin('!=', other)
  }
  /** `this < other` */
  lt(other: ColumnOrValue): Column {
    return this.bin('<', other)
  }
  /** `this <= other` */
  leq(other: ColumnOrValue): Column {
    return this.bin('<=', other)
  }
  /** `this > other` */
  gt(other: ColumnOrValue): Column {
    return this.bin('>', other)
  }
  /** `this >= other` */
  geq(other: ColumnOrValue): Column {
    return this.bin('>=', other)
  }
  /** `this AND other` (three-valued) */
  and(other: ColumnOrValue): Column {
    return this.bin('and', other)
  }
  /** `this OR other` (three-valued) */
  or(other: ColumnOrValue): Column {
    return this.bin('or', other)
  }
  /** `NOT this` */
  not(): Column {
    return new Column(UnaryOpNode.create('not', this.expr))
  }
  /** `-this` */
  negate(): Column {
    return new Column(UnaryOpNode.create('negate', this.expr))
  }
  /** `this IS NULL` */
  isNull(): Column {
    return new Column(UnaryOpNode.create('isNull', this.expr))
  }
  /** `this IS NOT NULL` */
  isNotNull(): Column {
    return new Column(UnaryOpNode.create('isNotNull', this.expr))
  }
  /** Names the output column. */
  alias(name: string): Column {
    return new Column(AliasNode.create(this.expr, name))
  }
  /** Alias of {@link Column.alias}. */
  as(name: string): Column {
    return this.alias(name)
  }
  /** `CAST(this AS type)`; `type` is a DataType or a DDL type name such as `"bigint"`. */
  cast(type: DataType | string): Column {
    const dataType =
      typeof type === 'string' ? parseDdlSchema(`x ${type}`).fields[0]!.dataType : type
    return new Column(CastNode.create(this.expr, dataType))
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
    return new Column(FunctionCallNode.create('get_field', [this.expr, literalNode(name)]))
  }
}

/** @internal Plain values become literals; strings are literals here (use col() for names). */
export function toExpr(v: ColumnOrValue): Expression {
  if (v instanceof Column) return v.expr
  return literalNode(v)
}

/** @internal Column names given as strings (select("a"), groupBy("a")) become references. */
export function isLiteralNode(e: Expression): e is LiteralNode {
  return e.kind === 'LiteralNode'
}

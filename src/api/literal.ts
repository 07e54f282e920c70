import { EngineError } from '../errors/index.js'
import { LiteralNode } from '../plan/expr/index.js'
import { DataTypes } from '../types/index.js'
import { canonicalLong, fitsLong } from '../types/long-value.js'
import { Decimal, MAX_DECIMAL_PRECISION } from '../types/decimal-value.js'
import { Timestamp } from './timestamp.js'

/** @internal A JS value as a typed literal (integers → int/bigint, a JS bigint → bigint exactly, other numbers → double). */
export function literalNode(v: unknown): LiteralNode {
  if (v === null || v === undefined) return LiteralNode.create(null, DataTypes.NullType)
  if (typeof v === 'string') return LiteralNode.create(v, DataTypes.StringType)
  if (typeof v === 'boolean') return LiteralNode.create(v, DataTypes.BooleanType)
  if (typeof v === 'number') {
    if (Number.isInteger(v)) {
      return LiteralNode.create(
        v,
        Math.abs(v) <= 2147483647 ? DataTypes.IntegerType : DataTypes.LongType,
      )
    }
    return LiteralNode.create(v, DataTypes.DoubleType)
  }
  if (typeof v === 'bigint' && fitsLong(v))
    return LiteralNode.create(canonicalLong(v), DataTypes.LongType)
  if (v instanceof Date) return LiteralNode.create(Timestamp.microsOf(v), DataTypes.TimestampType)
  // As Spark's Literal(BigDecimal): decimal(max(precision, scale), scale) of the value's digits.
  if (v instanceof Decimal && Math.max(v.precision(), v.scale) <= MAX_DECIMAL_PRECISION)
    return LiteralNode.create(v, DataTypes.decimal(Math.max(v.precision(), v.scale), v.scale))
  throw new EngineError('SL_API_INVALID_ARGUMENT', {
    argument: 'value',
    function: 'lit',
    value: String(v),
    hint: 'Use a string, number, bigint (within 64 bits), Decimal (precision ≤ 38), boolean, Date or null.',
  })
}

/**
 * Spark's result types of arithmetic on decimals (`DecimalPrecision`, with Spark 4's defaults
 * `spark.sql.decimalOperations.allowPrecisionLoss=true` and
 * `spark.sql.legacy.literal.pickMinimumPrecision=true`), and of sum/avg over decimals. Checked
 * against Spark 4.2: decimal(5,2) + decimal(10,4) → decimal(11,4), × → (16,6), ÷ → (20,13),
 * % → (7,4); decimal(5,2) + INT column → (13,2), + the literal 1 → (6,2), ÷ 2 → (9,6);
 * decimal(38,18) × decimal(38,18) → (38,6); sum(decimal(9,3)) → (19,3), avg → (13,7).
 * Only types live here: the executor computes the values (exec/expr/decimal-arithmetic.ts).
 */
import { DataTypes, type DataType, type DecimalType } from '../types/index.js'

const MAX_PRECISION = 38
/** Spark's `DecimalType.MINIMUM_ADJUSTED_SCALE`. */
const MINIMUM_ADJUSTED_SCALE = 6

/** The decimal type an integral type widens to (`DecimalType.forType`); undefined otherwise. */
export function integralAsDecimal(t: DataType): DecimalType | undefined {
  switch (t.type) {
    case 'byte':
      return DataTypes.decimal(3, 0)
    case 'short':
      return DataTypes.decimal(5, 0)
    case 'integer':
      return DataTypes.decimal(10, 0)
    case 'long':
      return DataTypes.decimal(20, 0)
    default:
      return undefined
  }
}

/** The decimal type of an integral literal: just its digits (`DecimalType.fromLiteral`). */
export function literalAsDecimal(value: number | bigint): DecimalType {
  const digits = String(value < 0 ? -value : value).length
  return DataTypes.decimal(digits, 0)
}

/** `DecimalType.adjustPrecisionScale`: past 38 digits, keep the integer digits, lose scale. */
export function adjustPrecisionScale(precision: number, scale: number): DecimalType {
  if (precision <= MAX_PRECISION) return DataTypes.decimal(precision, scale)
  const intDigits = precision - scale
  const minScale = Math.min(scale, MINIMUM_ADJUSTED_SCALE)
  return DataTypes.decimal(MAX_PRECISION, Math.max(MAX_PRECISION - intDigits, minScale))
}

/** `DecimalType.bounded`: each of precision and scale capped at 38. */
function bounded(precision: number, scale: number): DecimalType {
  return DataTypes.decimal(Math.min(precision, MAX_PRECISION), Math.min(scale, MAX_PRECISION))
}

/** The result type of `a op b` on two decimals (op one of + - * / %). */
export function decimalResultType(op: string, a: DecimalType, b: DecimalType): DecimalType {
  const { precision: p1, scale: s1 } = a
  const { precision: p2, scale: s2 } = b
  switch (op) {
    case '+':
    case '-': {
      const scale = Math.max(s1, s2)
      return adjustPrecisionScale(Math.max(p1 - s1, p2 - s2) + scale + 1, scale)
    }
    case '*':
      return adjustPrecisionScale(p1 + p2 + 1, s1 + s2)
    case '/': {
      const scale = Math.max(MINIMUM_ADJUSTED_SCALE, s1 + p2 + 1)
      return adjustPrecisionScale(p1 - s1 + s2 + scale, scale)
    }
    default: {
      const scale = Math.max(s1, s2)
      return adjustPrecisionScale(Math.min(p1 - s1, p2 - s2) + scale, scale)
    }
  }
}

/** `sum(decimal(p,s))`: decimal(min(38, p + 10), s). */
export function decimalSumType(t: DecimalType): DecimalType {
  return bounded(t.precision + 10, t.scale)
}

/** `avg(decimal(p,s))`: decimal(min(38, p + 4), min(38, s + 4)). */
export function decimalAvgType(t: DecimalType): DecimalType {
  return bounded(t.precision + 4, t.scale + 4)
}

/**
 * The type Spark divides at inside `avg(decimal)`: the sum's type ÷ decimal(20,0) (the count as
 * a long decimal); the quotient is rounded at this scale, then cast to {@link decimalAvgType}.
 */
export function decimalAvgDivisionType(t: DecimalType): DecimalType {
  return decimalResultType('/', decimalSumType(t), DataTypes.decimal(20, 0))
}

/**
 * The type both sides of a union widen to when one is a decimal and the other a decimal or an
 * integral (Spark's `DecimalPrecision.widerDecimalType`): the larger scale and the larger number
 * of integer digits, bounded to 38; undefined for other types.
 */
export function widerDecimalType(a: DataType, b: DataType): DecimalType | undefined {
  const x = a.type === 'decimal' ? a : integralAsDecimal(a)
  const y = b.type === 'decimal' ? b : integralAsDecimal(b)
  if (!x || !y) return undefined
  const scale = Math.max(x.scale, y.scale)
  return bounded(Math.max(x.precision - x.scale, y.precision - y.scale) + scale, scale)
}

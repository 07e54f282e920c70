/**
 * Exact arithmetic on decimals, as Spark computes it: the exact result of the operands (integral
 * operands taken as decimals of scale 0), rounded HALF_UP to the result type that
 * plan/decimal-precision.ts derived (Spark's DecimalPrecision), and an error when its integer
 * digits do not fit — Spark 4 runs with ANSI mode on (Spark: NUMERIC_VALUE_OUT_OF_RANGE, and
 * ARITHMETIC_OVERFLOW for sum).
 */
import { EngineError } from '../../errors/index.js'
import { Decimal, divideHalfUp, fitDecimal, pow10, setScale } from '../../types/decimal-value.js'
import { simpleString, type DecimalType } from '../../types/index.js'

/** The error for a decimal result that does not fit its type. */
export function decimalOverflow(expression: string, value: string, t: DecimalType): EngineError {
  return new EngineError('SL_EXEC_DECIMAL_OVERFLOW', {
    expression,
    value,
    type: simpleString(t),
  })
}

/** An operand as a decimal: a Decimal, or an integral number / bigint at scale 0. */
export function decimalOperand(v: unknown): Decimal {
  if (v instanceof Decimal) return v
  if (typeof v === 'bigint') return Decimal.fromInteger(v)
  return Decimal.fromInteger(v as number)
}

/** `a op b` fitted to `t`; an error naming the exact result when it does not fit. */
export function decimalArithmetic(op: string, a: Decimal, b: Decimal, t: DecimalType): Decimal {
  const exact = exactResult(op, a, b, t.scale)
  const v = fitDecimal(exact, t.precision, t.scale)
  if (v === null) throw decimalOverflow(`${String(a)} ${op} ${String(b)}`, String(exact), t)
  return v
}

/** `a op b` exact (a quotient rounded HALF_UP at `resultScale`). */
function exactResult(op: string, a: Decimal, b: Decimal, resultScale: number): Decimal {
  switch (op) {
    case '*':
      return Decimal.of(a.unscaled * b.unscaled, a.scale + b.scale)
    case '/': {
      // a/b at resultScale: (ua·10^-sa) / (ub·10^-sb) = ua·10^(resultScale+sb-sa) / ub · 10^-resultScale.
      const shift = resultScale + b.scale - a.scale
      const q =
        shift >= 0
          ? divideHalfUp(a.unscaled * pow10(shift), b.unscaled)
          : divideHalfUp(a.unscaled, b.unscaled * pow10(-shift))
      return Decimal.of(q, resultScale)
    }
    default: {
      const scale = Math.max(a.scale, b.scale)
      const x = setScale(a, scale).unscaled
      const y = setScale(b, scale).unscaled
      // % is Java's BigDecimal.remainder: the sign of the dividend (bigint % truncates too).
      return Decimal.of(op === '+' ? x + y : op === '-' ? x - y : x % y, scale)
    }
  }
}

/** `-d` (never overflows: the type's range is symmetric). */
export function negateDecimal(d: Decimal): Decimal {
  return Decimal.of(-d.unscaled, d.scale)
}

/**
 * Aggregate functions as fixed-size slices of a flat accumulator array (the state row of a
 * group): `init` writes the empty buffer, `update` folds one input value in, `merge` folds a
 * partial buffer in, `evaluate` gives the result. Semantics follow Spark: nulls are skipped
 * (count(col), sum, avg, min, max, collect_*); sum of no values is null; count is never null;
 * first/last keep nulls unless ignoreNulls; approx_count_distinct is Spark's HyperLogLog++
 * (hyperloglog-plus-plus.ts).
 */
import { EngineError } from '../../errors/index.js'
import type { AggregateFunctionName } from '../../plan/expr/index.js'
import { DataTypes, type DataType, type DecimalType } from '../../types/index.js'
import { Decimal, fitDecimal } from '../../types/decimal-value.js'
import {
  decimalAvgDivisionType,
  decimalAvgType,
  decimalSumType,
} from '../../plan/decimal-precision.js'
import { decimalArithmetic, decimalOverflow } from '../expr/decimal-arithmetic.js'
import { canonicalLong, longArithmetic, type LongValue } from '../../types/long-value.js'
import { compare, longOverflow } from '../expr/compile-expression.js'
import { approxCountDistinct } from './hyperloglog-plus-plus.js'
import { keyJson } from './state-key-json.js'

export interface AggregateFunction {
  readonly slots: number
  init(acc: unknown[], at: number): void
  update(acc: unknown[], at: number, value: unknown): void
  merge(acc: unknown[], at: number, other: readonly unknown[], otherAt: number): void
  evaluate(acc: readonly unknown[], at: number): unknown
}

const isNull = (v: unknown): boolean => v === null || v === undefined

const count = (star: boolean): AggregateFunction => ({
  slots: 1,
  init: (a, i) => void (a[i] = 0),
  update: (a, i, v) => void (star || !isNull(v) ? (a[i] = (a[i] as number) + 1) : undefined),
  merge: (a, i, o, j) => void (a[i] = (a[i] as number) + (o[j] as number)),
  evaluate: (a, i) => a[i],
})

const sum = (integral: boolean, ansi: boolean): AggregateFunction => {
  // An integral sum is a long, exact (long-value.ts); past 64 bits Spark 4 (ANSI mode) fails,
  // and without ANSI mode wraps around as Java's long.
  const add = integral
    ? (x: unknown, y: unknown): unknown => {
        const v = longArithmetic('+', x as LongValue, y as LongValue)
        if (v !== undefined) return v
        if (!ansi)
          return canonicalLong(BigInt.asIntN(64, BigInt(x as LongValue) + BigInt(y as LongValue)))
        throw longOverflow(`sum(...) adding ${String(y)} to ${String(x)}`)
      }
    : (x: unknown, y: unknown): unknown => (x as number) + (y as number)
  return {
    slots: 1,
    init: (a, i) => void (a[i] = null),
    update: (a, i, v) => {
      if (isNull(v)) return
      a[i] = a[i] === null ? v : add(a[i], v)
    },
    merge: (a, i, o, j) => {
      if (o[j] === null) return
      a[i] = a[i] === null ? o[j] : add(a[i], o[j])
    },
    evaluate: (a, i) => a[i],
  }
}

const avg: AggregateFunction = {
  slots: 2,
  init: (a, i) => {
    a[i] = 0
    a[i + 1] = 0
  },
  update: (a, i, v) => {
    if (isNull(v)) return
    // avg is a double in Spark (a long past 2^53 is converted, as Spark casts it).
    a[i] = (a[i] as number) + Number(v)
    a[i + 1] = (a[i + 1] as number) + 1
  },
  merge: (a, i, o, j) => {
    a[i] = (a[i] as number) + (o[j] as number)
    a[i + 1] = (a[i + 1] as number) + (o[j + 1] as number)
  },
  evaluate: (a, i) => ((a[i + 1] as number) === 0 ? null : (a[i] as number) / (a[i + 1] as number)),
}

/** Exact sum of decimals (all at the argument's scale): the unscaled values add as bigints. */
function addDecimals(x: unknown, y: unknown): Decimal {
  const a = x as Decimal
  const b = y as Decimal
  return a.scale === b.scale
    ? Decimal.of(a.unscaled + b.unscaled, a.scale)
    : decimalArithmetic('+', a, b, DataTypes.decimal(38, Math.max(a.scale, b.scale)))
}

/** The sum as its type decimal(min(38, p + 10), s); past it Spark 4 (ANSI) fails the query. */
function decimalSumResult(total: Decimal, t: DecimalType): Decimal {
  const v = fitDecimal(total, t.precision, t.scale)
  if (v === null) throw decimalOverflow('sum(...)', String(total), t)
  return v
}

/** `f()`, or null where it overflows a decimal type and ANSI mode is off (Spark: null then). */
function nullOnOverflow(ansi: boolean, f: () => unknown): unknown {
  if (ansi) return f()
  try {
    return f()
  } catch (error) {
    if (
      error instanceof EngineError &&
      (error.code === 'SL_EXEC_DECIMAL_OVERFLOW' || error.code === 'SL_EXEC_ARITHMETIC_OVERFLOW')
    )
      return null
    throw error
  }
}

const decimalSum = (arg: DecimalType, ansi: boolean): AggregateFunction => {
  const resultType = decimalSumType(arg)
  return {
    slots: 1,
    init: (a, i) => void (a[i] = null),
    update: (a, i, v) => {
      if (isNull(v)) return
      a[i] = a[i] === null ? v : addDecimals(a[i], v)
    },
    merge: (a, i, o, j) => {
      if (o[j] === null) return
      a[i] = a[i] === null ? o[j] : addDecimals(a[i], o[j])
    },
    evaluate: (a, i) =>
      a[i] === null
        ? null
        : nullOnOverflow(ansi, () => decimalSumResult(a[i] as Decimal, resultType)),
  }
}

/**
 * avg of decimals as Spark computes it: the sum (at decimal(p+10, s)) divided by the count as a
 * decimal(20,0) at that division's type (HALF_UP), then cast to decimal(p+4, s+4) (HALF_UP).
 * Slots: sum (null before the first value), count.
 */
const decimalAvg = (arg: DecimalType, ansi: boolean): AggregateFunction => {
  const sumType = decimalSumType(arg)
  const divisionType = decimalAvgDivisionType(arg)
  const resultType = decimalAvgType(arg)
  return {
    slots: 2,
    init: (a, i) => {
      a[i] = null
      a[i + 1] = 0
    },
    update: (a, i, v) => {
      if (isNull(v)) return
      a[i] = a[i] === null ? v : addDecimals(a[i], v)
      a[i + 1] = (a[i + 1] as number) + 1
    },
    merge: (a, i, o, j) => {
      if (o[j] !== null) a[i] = a[i] === null ? o[j] : addDecimals(a[i], o[j])
      a[i + 1] = (a[i + 1] as number) + (o[j + 1] as number)
    },
    evaluate: (a, i) => {
      const n = a[i + 1] as number
      if (n === 0 || a[i] === null) return null
      return nullOnOverflow(ansi, () => {
        const total = decimalSumResult(a[i] as Decimal, sumType)
        const q = decimalArithmetic('/', total, Decimal.fromInteger(n), divisionType)
        // The cast to the result type can fail: decimal(38,18) values with 20 integer digits do
        // not fit decimal(38,22) (Spark 4.2: NUMERIC_VALUE_OUT_OF_RANGE).
        const v = fitDecimal(q, resultType.precision, resultType.scale)
        if (v === null) throw decimalOverflow('avg(...)', String(q), resultType)
        return v
      })
    },
  }
}

const extreme = (sign: 1 | -1): AggregateFunction => ({
  slots: 1,
  init: (a, i) => void (a[i] = null),
  update: (a, i, v) => {
    if (isNull(v)) return
    if (a[i] === null || compare(v, a[i]) * sign > 0) a[i] = v
  },
  merge: (a, i, o, j) => {
    const v = o[j]
    if (v === null) return
    if (a[i] === null || compare(v, a[i]) * sign > 0) a[i] = v
  },
  evaluate: (a, i) => a[i],
})

// Slots: value, isSet.
const firstOrLast = (last: boolean, ignoreNulls: boolean): AggregateFunction => ({
  slots: 2,
  init: (a, i) => {
    a[i] = null
    a[i + 1] = false
  },
  update: (a, i, v) => {
    if (ignoreNulls && isNull(v)) return
    if (last || a[i + 1] !== true) {
      a[i] = v ?? null
      a[i + 1] = true
    }
  },
  merge: (a, i, o, j) => {
    if (o[j + 1] !== true) return
    if (last || a[i + 1] !== true) {
      a[i] = o[j]
      a[i + 1] = true
    }
  },
  evaluate: (a, i) => a[i],
})

const collect = (set: boolean): AggregateFunction => ({
  slots: 1,
  init: (a, i) => void (a[i] = []),
  update: (a, i, v) => {
    if (isNull(v)) return
    const list = a[i] as unknown[]
    if (set && list.some((x) => compare(x, v) === 0 && keyJson([x]) === keyJson([v]))) return
    list.push(v)
  },
  merge: (a, i, o, j) => {
    for (const v of o[j] as unknown[]) collect(set).update(a, i, v)
  },
  evaluate: (a, i) => [...(a[i] as unknown[])],
})

/**
 * The implementation of one aggregate call. `integral` tells sum to return a bigint; `argType`
 * is the argument's type (approx_count_distinct hashes by it).
 */
export function aggregateFunction(
  fn: AggregateFunctionName,
  star: boolean,
  integral: boolean,
  ignoreNulls: boolean,
  argType: DataType = DataTypes.StringType,
  ansi = true,
): AggregateFunction {
  switch (fn) {
    case 'count':
      return count(star)
    case 'sum':
      return argType.type === 'decimal' ? decimalSum(argType, ansi) : sum(integral, ansi)
    case 'avg':
      return argType.type === 'decimal' ? decimalAvg(argType, ansi) : avg
    case 'min':
      return extreme(-1)
    case 'max':
      return extreme(1)
    case 'first':
      return firstOrLast(false, ignoreNulls)
    case 'last':
      return firstOrLast(true, ignoreNulls)
    case 'collect_list':
      return collect(false)
    case 'collect_set':
      return collect(true)
    case 'approx_count_distinct':
      return approxCountDistinct(argType)
  }
}

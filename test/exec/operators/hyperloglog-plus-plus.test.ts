import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  approxCountDistinct,
  sparkXxHash64,
} from '../../../src/exec/operators/hyperloglog-plus-plus.js'
import { Decimal } from '../../../src/types/decimal-value.js'
import { DataTypes, structField, structType, type DataType } from '../../../src/types/index.js'

// Real Spark outputs (PySpark 4.2.0), recorded in the fixture.
interface SparkOutputs {
  readonly xxhash64: Record<string, number>
  readonly acd: Record<string, { i: number; l: number; s: number; d: number; t: number }>
  readonly grouped: readonly (readonly [number, number])[]
}
const spark = JSON.parse(
  readFileSync(
    new URL('../../fixtures/approx-count-distinct/spark-outputs.json', import.meta.url),
    'utf8',
  ),
) as SparkOutputs

// JSON numbers lose the low bits of a 64-bit hash; compare as doubles (53 bits are plenty).
const signed = (h: bigint): number => Number(BigInt.asIntN(64, h))

const estimate = (type: DataType, values: Iterable<unknown>): number => {
  const f = approxCountDistinct(type)
  const acc: unknown[] = []
  f.init(acc, 0)
  for (const v of values) f.update(acc, 0, v)
  return f.evaluate(acc, 0) as number
}
const range = function* <T>(n: number, f: (i: number) => T): Generator<T> {
  for (let i = 0; i < n; i++) yield f(i)
}

describe('HyperLogLog++ (approx_count_distinct)', () => {
  it("hashes each type's binary form as Spark's xxhash64 (seed 42) does", () => {
    const h = spark.xxhash64
    const cases: [string, unknown, DataType][] = [
      ['a', 7, DataTypes.IntegerType],
      ['b', -7, DataTypes.IntegerType],
      ['c', 7, DataTypes.LongType],
      ['d', -1234567890123, DataTypes.LongType],
      ['e', '', DataTypes.StringType],
      ['f', 'a', DataTypes.StringType],
      ['g', 'hello world, a string longer than thirty-two bytes!', DataTypes.StringType],
      ['h', 1.5, DataTypes.DoubleType],
      ['i', -0, DataTypes.DoubleType],
      ['j', 0, DataTypes.DoubleType],
      ['k', Number.NaN, DataTypes.DoubleType],
      ['l', true, DataTypes.BooleanType],
      ['m', Date.UTC(2026, 0, 1) * 1000, DataTypes.TimestampType],
      ['n', Date.UTC(2026, 0, 1) / 86_400_000, DataTypes.DateType],
      [
        'o',
        [1, 'z'],
        structType([
          structField('x', DataTypes.IntegerType, false),
          structField('y', DataTypes.StringType, false),
        ]),
      ],
      ['p', 'naïve ✓ 日本', DataTypes.StringType],
      ['q', 2.5, DataTypes.FloatType],
    ]
    for (const [k, v, t] of cases) expect(signed(sparkXxHash64(v, t, 42n)), k).toBe(h[k])
  })

  it("hashes decimals as Spark: by the unscaled long up to precision 18, else BigInteger's bytes", () => {
    // PySpark 4.2.0: SELECT xxhash64(CAST('12345.678900000000794535' AS DECIMAL(38,18))), …
    const d = (s: string) => Decimal.parse(s)!
    const cases: [unknown, DataType, bigint][] = [
      [d('12345.678900000000794535'), DataTypes.decimal(38, 18), -1175164316807351391n],
      [d('-1.500000000000000000'), DataTypes.decimal(38, 18), -6547324647486731969n],
      [d('12.34'), DataTypes.decimal(10, 2), -3802813071951760351n],
      [
        d('-99999999999999999999.99999999999999999'),
        DataTypes.decimal(38, 17),
        5285558157060541831n,
      ],
    ]
    for (const [v, t, want] of cases) expect(BigInt.asIntN(64, sparkXxHash64(v, t, 42n))).toBe(want)
  })

  it("gives Spark's estimate for 0 … 100,000 distinct ints, longs, strings, doubles, timestamps", () => {
    for (const [n, want] of Object.entries(spark.acd)) {
      const count = Number(n)
      const got = {
        i: estimate(
          DataTypes.IntegerType,
          range(count, (i) => i),
        ),
        l: estimate(
          DataTypes.LongType,
          range(count, (i) => i),
        ),
        s: estimate(
          DataTypes.StringType,
          range(count, (i) => `user-${i}`),
        ),
        d: estimate(
          DataTypes.DoubleType,
          range(count, (i) => i * 1.5),
        ),
        t: estimate(
          DataTypes.TimestampType,
          range(count, (i) => i * 1_000_000),
        ),
      }
      expect(got, `n = ${n}`).toEqual(want)
    }
  })

  it('merging partial sketches gives the estimate of the whole (per group)', () => {
    const f = approxCountDistinct(DataTypes.IntegerType)
    for (const [k, want] of spark.grouped) {
      const parts = [[], [], []].map(() => {
        const acc: unknown[] = []
        f.init(acc, 0)
        return acc
      })
      for (let id = k; id < 20000; id += 7) f.update(parts[id % 3]!, 0, id)
      f.merge(parts[0]!, 0, parts[1]!, 0)
      f.merge(parts[0]!, 0, parts[2]!, 0)
      expect(f.evaluate(parts[0]!, 0), `k = ${k}`).toBe(want)
    }
  })

  it('keeps a bounded sketch: 103 small integers whatever the cardinality, nulls skipped', () => {
    const f = approxCountDistinct(DataTypes.LongType)
    const acc: unknown[] = []
    f.init(acc, 0)
    for (let i = 0; i < 50_000; i++) f.update(acc, 0, i)
    f.update(acc, 0, null)
    const words = acc[0] as number[]
    expect(words).toHaveLength(103)
    expect(words.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 30)).toBe(true)
    expect(JSON.parse(JSON.stringify(words))).toEqual(words)
  })
})

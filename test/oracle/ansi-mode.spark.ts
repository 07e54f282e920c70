/**
 * `spark.sql.ansi.enabled` against Spark 4.2: the casts of ansi-casts.spark.ts, TRY_CAST and
 * integral, decimal and fractional arithmetic (overflow, division by zero) with the setting true
 * and false — the same value (as text) or the same failure from both engines. Without ANSI mode
 * Spark's legacy rules hold: narrowing wraps, double to integral saturates, a fraction in a string
 * is dropped, decimal overflow and division by zero are null, integral arithmetic wraps. And
 * `Column.try_cast` (PySpark 4) names its column and nulls its failures as Spark.
 */
import { describe, expect, it } from 'vitest'
import { abs, avg, col, sum, type Column } from '../../src/index.js'
import { EngineError } from '../../src/errors/index.js'
import { CASES } from './support/cast-cases.js'
import { oracleCall } from './support/oracle-client.js'
import { oursSession } from './support/run-ours.js'

interface Arithmetic {
  type: string
  a: string
  op: '+' | '-' | '*' | '/' | '%'
  b: string
}

const ARITHMETIC: Arithmetic[] = [
  { type: 'INT', a: '2147483647', op: '+', b: '1' },
  { type: 'INT', a: '2147483647', op: '*', b: '2' },
  { type: 'INT', a: '-2147483648', op: '-', b: '1' },
  { type: 'INT', a: '7', op: '-', b: '3' },
  { type: 'BIGINT', a: '9223372036854775807', op: '+', b: '1' },
  { type: 'BIGINT', a: '-9223372036854775808', op: '*', b: '-1' },
  { type: 'BIGINT', a: '4611686018427387904', op: '*', b: '3' },
  { type: 'SMALLINT', a: '32767', op: '+', b: '1' },
  { type: 'TINYINT', a: '127', op: '+', b: '1' },
  { type: 'DECIMAL(38,0)', a: '99999999999999999999999999999999999999', op: '+', b: '1' },
  { type: 'DECIMAL(38,0)', a: '12345678901234567890123456789012345678', op: '*', b: '10' },
  { type: 'DECIMAL(3,2)', a: '9.99', op: '*', b: '9.99' },
  { type: 'DECIMAL(2,1)', a: '1.5', op: '/', b: '0' },
  { type: 'INT', a: '1', op: '/', b: '0' },
  { type: 'INT', a: '5', op: '%', b: '0' },
  { type: 'DOUBLE', a: '1.0', op: '/', b: '0' },
]

/** `-x` (negative, Spark's SQL name) and `abs(x)` of a value of a type. */
const UNARY: { fn: 'negative' | 'abs'; type: string; a: string }[] = [
  { fn: 'negative', type: 'INT', a: '-2147483648' },
  { fn: 'abs', type: 'INT', a: '-2147483648' },
  { fn: 'negative', type: 'BIGINT', a: '-9223372036854775808' },
  { fn: 'abs', type: 'TINYINT', a: '-128' },
  { fn: 'negative', type: 'SMALLINT', a: '-32767' },
]

/**
 * sum() (or avg()) over the values (as text) cast to a type. Two values only: where the order of the additions
 * matters (MIN, -1, 5), Spark's partial sums may not overflow where ours do.
 */
const SUMS: { fn?: 'avg'; type: string; values: string[] }[] = [
  { type: 'BIGINT', values: ['9223372036854775807', '1'] },
  { type: 'BIGINT', values: ['-9223372036854775808', '-1'] },
  { type: 'INT', values: ['2147483647', '1'] },
  { type: 'DECIMAL(38,0)', values: ['9'.repeat(38), '1'] },
  {
    fn: 'avg',
    type: 'DECIMAL(38,18)',
    values: ['99999999999999999999.5', '99999999999999999999.5'],
  },
]

type Outcome = { value: string | null; error: string | null }
interface SparkSide {
  casts: Outcome[]
  tryCasts: Outcome[]
  arithmetic: Outcome[]
  unary: Outcome[]
  sums: Outcome[]
  tryCastColumn: { columns: string[]; rows: (number | null)[] }
}

/** Spark's error class → ours. */
const SPARK_TO_OURS: Record<string, string> = {
  CAST_OVERFLOW: 'SL_EXEC_CAST_OVERFLOW',
  CAST_INVALID_INPUT: 'SL_EXEC_CAST_INVALID_INPUT',
  'NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION': 'SL_EXEC_DECIMAL_OVERFLOW',
  ARITHMETIC_OVERFLOW: 'SL_EXEC_ARITHMETIC_OVERFLOW',
  BINARY_ARITHMETIC_OVERFLOW: 'SL_EXEC_ARITHMETIC_OVERFLOW',
  DIVIDE_BY_ZERO: 'SL_EXEC_DIVIDE_BY_ZERO',
  REMAINDER_BY_ZERO: 'SL_EXEC_DIVIDE_BY_ZERO',
}

const OPS: Record<Arithmetic['op'], (a: Column, b: Column) => Column> = {
  '+': (a, b) => a.plus(b),
  '-': (a, b) => a.minus(b),
  '*': (a, b) => a.multiply(b),
  '/': (a, b) => a.divide(b),
  '%': (a, b) => a.mod(b),
}

async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { value: (await run()) as string | null, error: null }
  } catch (e) {
    if (e instanceof EngineError) return { value: null, error: e.code }
    throw e
  }
}

describe('spark.sql.ansi.enabled vs Spark 4.2', () => {
  it('casts, try_cast and arithmetic with ANSI mode on and off give Spark’s values and errors', async () => {
    const spark42 = await oracleCall<Record<'true' | 'false', SparkSide>>('ansi_mode', 'run', {
      casts: CASES,
      arithmetic: ARITHMETIC,
      unary: UNARY,
      sums: SUMS,
    })
    const ours = oursSession()
    const first = async (c: Column, row: unknown[], ddl: string): Promise<unknown> =>
      (await ours.createDataFrame([row], ddl).select(c.cast('string')).collectRows()).rows[0]![0]
    for (const ansi of ['true', 'false'] as const) {
      ours.conf.set('spark.sql.ansi.enabled', ansi)
      const theirs = spark42[ansi]
      const spark = (o: Outcome[]): Outcome[] =>
        o.map((x) => ({
          value: x.value,
          error: x.error === null ? null : (SPARK_TO_OURS[x.error] ?? x.error),
        }))
      const casts: Outcome[] = []
      const tryCasts: Outcome[] = []
      for (const c of CASES) {
        const x = col('x').cast(c.from)
        casts.push(await outcome(() => first(x.cast(c.to), [c.value], 'x STRING')))
        tryCasts.push(await outcome(() => first(x.try_cast(c.to), [c.value], 'x STRING')))
      }
      const show = (o: Outcome[]) =>
        CASES.map((c, i) => `ansi=${ansi} ${c.value} ${c.from}→${c.to}: ${JSON.stringify(o[i])}`)
      expect(show(casts)).toEqual(show(spark(theirs.casts)))
      expect(show(tryCasts)).toEqual(show(spark(theirs.tryCasts)))
      const arithmetic: Outcome[] = []
      for (const a of ARITHMETIC) {
        const e = OPS[a.op](col('a').cast(a.type), col('b').cast(a.type))
        arithmetic.push(await outcome(() => first(e, [a.a, a.b], 'a STRING, b STRING')))
      }
      const showArithmetic = (o: Outcome[]) =>
        ARITHMETIC.map(
          (a, i) => `ansi=${ansi} ${a.type} ${a.a} ${a.op} ${a.b}: ${JSON.stringify(o[i])}`,
        )
      expect(showArithmetic(arithmetic)).toEqual(showArithmetic(spark(theirs.arithmetic)))
      const unary: Outcome[] = []
      for (const u of UNARY) {
        const x = col('a').cast(u.type)
        const e = u.fn === 'abs' ? abs(x) : x.negate()
        unary.push(await outcome(() => first(e, [u.a], 'a STRING')))
      }
      const sums: Outcome[] = []
      for (const s of SUMS) {
        const df = ours.createDataFrame(
          s.values.map((v) => [v]),
          'x STRING',
        )
        sums.push(
          await outcome(
            async () =>
              (
                await df
                  .agg((s.fn === 'avg' ? avg : sum)(col('x').cast(s.type)).alias('s'))
                  .select(col('s').cast('string'))
                  .collectRows()
              ).rows[0]![0],
          ),
        )
      }
      const showOthers = (u: Outcome[], s: Outcome[]) => [
        ...UNARY.map((x, i) => `ansi=${ansi} ${x.fn}(${x.a} ${x.type}): ${JSON.stringify(u[i])}`),
        ...SUMS.map(
          (x, i) =>
            `ansi=${ansi} ${x.fn ?? 'sum'} ${x.type} ${x.values.join(',')}: ${JSON.stringify(s[i])}`,
        ),
      ]
      expect(showOthers(unary, sums)).toEqual(showOthers(spark(theirs.unary), spark(theirs.sums)))
      const t = await ours
        .createDataFrame([['12'], ['1.9'], ['x']], 'x STRING')
        .select(col('x').try_cast('int'))
        .collectRows()
      expect({
        columns: t.schema.fields.map((f) => f.name),
        rows: t.rows.map((r) => r[0]),
      }).toEqual(theirs.tryCastColumn)
    }
  })
})

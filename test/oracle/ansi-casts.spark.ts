/**
 * Casts under Spark 4's default ANSI mode (exec/expr/cast-value.ts): CAST(CAST(text AS from) AS to)
 * for integral narrowing, fractional and decimal to integral (NaN and infinities included),
 * values past a decimal's precision, and strings that are not numbers, booleans, dates or
 * timestamps — each run by Spark (oracle/scenarios/ansi_casts.py) and by our engine over a
 * DataFrame. The same result (as text) or the same failure: Spark's CAST_OVERFLOW is our
 * SL_EXEC_CAST_OVERFLOW, CAST_INVALID_INPUT SL_EXEC_CAST_INVALID_INPUT, NUMERIC_VALUE_OUT_OF_RANGE
 * SL_EXEC_DECIMAL_OVERFLOW. Our non-ANSI cast (castValue with ansi = false, used where a cast is a
 * best-effort parse) equals Spark's try_cast.
 */
import { describe, expect, it } from 'vitest'
import { col } from '../../src/index.js'
import { EngineError } from '../../src/errors/index.js'
import { castValue } from '../../src/exec/expr/cast-value.js'
import { DataTypes, parseDdlSchema, type DataType } from '../../src/types/index.js'
import { oracleCall } from './support/oracle-client.js'
import { oursSession } from './support/run-ours.js'

const spark = oursSession()

interface CastCase {
  from: string
  value: string | null
  to: string
}

const CASES: CastCase[] = [
  { from: 'BIGINT', value: '2147483647', to: 'INT' },
  { from: 'BIGINT', value: '2147483648', to: 'INT' },
  { from: 'BIGINT', value: '-2147483649', to: 'INT' },
  { from: 'INT', value: '32768', to: 'SMALLINT' },
  { from: 'INT', value: '-129', to: 'TINYINT' },
  { from: 'DOUBLE', value: '3e10', to: 'INT' },
  { from: 'DOUBLE', value: '2147483647.9', to: 'INT' },
  { from: 'DOUBLE', value: '-2147483648.9', to: 'INT' },
  { from: 'DOUBLE', value: 'NaN', to: 'INT' },
  { from: 'DOUBLE', value: 'Infinity', to: 'BIGINT' },
  { from: 'DOUBLE', value: '9.3e18', to: 'BIGINT' },
  { from: 'DOUBLE', value: '-1.5', to: 'BIGINT' },
  { from: 'DOUBLE', value: '1e40', to: 'FLOAT' },
  { from: 'DECIMAL(11,1)', value: '9999999999.5', to: 'INT' },
  { from: 'DECIMAL(11,1)', value: '-12.7', to: 'INT' },
  { from: 'INT', value: '12345', to: 'DECIMAL(3,0)' },
  { from: 'DOUBLE', value: '123.456', to: 'DECIMAL(4,2)' },
  { from: 'STRING', value: '9999999999', to: 'INT' },
  { from: 'STRING', value: '9223372036854775808', to: 'BIGINT' },
  { from: 'STRING', value: 'abc', to: 'INT' },
  { from: 'STRING', value: ' 42 ', to: 'INT' },
  { from: 'STRING', value: '1.9', to: 'INT' },
  { from: 'STRING', value: '-1.9', to: 'BIGINT' },
  { from: 'STRING', value: '1e3', to: 'INT' },
  { from: 'STRING', value: '', to: 'INT' },
  { from: 'STRING', value: '0x10', to: 'INT' },
  { from: 'STRING', value: '300', to: 'TINYINT' },
  { from: 'STRING', value: 'abc', to: 'DOUBLE' },
  { from: 'STRING', value: '1e3', to: 'DOUBLE' },
  { from: 'STRING', value: 'Infinity', to: 'DOUBLE' },
  { from: 'STRING', value: '-inf', to: 'DOUBLE' },
  { from: 'STRING', value: '1.5d', to: 'DOUBLE' },
  { from: 'STRING', value: '12.5x', to: 'DECIMAL(10,2)' },
  { from: 'STRING', value: '123456', to: 'DECIMAL(4,1)' },
  { from: 'STRING', value: 'maybe', to: 'BOOLEAN' },
  { from: 'STRING', value: 'yes', to: 'BOOLEAN' },
  { from: 'STRING', value: '2026-13-45', to: 'DATE' },
  { from: 'STRING', value: 'nope', to: 'TIMESTAMP' },
  { from: 'STRING', value: '2026-01-02 03:04:05', to: 'TIMESTAMP' },
  { from: 'STRING', value: null, to: 'INT' },
]

type Outcome = { value: string | null; error: string | null }

const SPARK_TO_OURS: Record<string, string> = {
  CAST_OVERFLOW: 'SL_EXEC_CAST_OVERFLOW',
  CAST_INVALID_INPUT: 'SL_EXEC_CAST_INVALID_INPUT',
  'NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION': 'SL_EXEC_DECIMAL_OVERFLOW',
}

async function ours(c: CastCase): Promise<Outcome> {
  try {
    const df = spark
      .createDataFrame([[c.value]], 'x STRING')
      .select(col('x').cast(c.from).cast(c.to).cast('string').alias('v'))
    const { rows } = await df.collectRows()
    return { value: rows[0]![0] as string | null, error: null }
  } catch (e) {
    if (e instanceof EngineError) return { value: null, error: e.code }
    throw e
  }
}

const typeOf = (sql: string): DataType => parseDdlSchema(`x ${sql}`).fields[0]!.dataType

/** try_cast: our cast with ansi = false on the value CAST(text AS from) gives. */
function oursTry(c: CastCase): string | null {
  const from = typeOf(c.from)
  const to = typeOf(c.to)
  const v = castValue(c.value, DataTypes.StringType, from, 'UTC')
  const out = castValue(v, from, to, 'UTC', false)
  return castValue(out, to, DataTypes.StringType, 'UTC') as string | null
}

describe('ANSI casts vs Spark 4.2', () => {
  it("CAST gives Spark's value or fails with its error; the non-ANSI cast is try_cast", async () => {
    const spark42 = await oracleCall<{ CAST: Outcome; TRY_CAST: Outcome }[]>(
      'ansi_casts',
      'casts',
      {
        cases: CASES,
      },
    )
    const theirs = spark42.map((r) => ({
      value: r.CAST.value,
      error: r.CAST.error === null ? null : (SPARK_TO_OURS[r.CAST.error] ?? r.CAST.error),
    }))
    const mine: Outcome[] = []
    for (const c of CASES) mine.push(await ours(c))
    const show = (o: Outcome[]) =>
      CASES.map((c, i) => `${c.value} ${c.from}→${c.to}: ${JSON.stringify(o[i])}`)
    expect(show(mine)).toEqual(show(theirs))
    expect(CASES.map(oursTry)).toEqual(spark42.map((r) => r.TRY_CAST.value))
  })
})

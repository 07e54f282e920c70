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
import { CASES, type CastCase } from './support/cast-cases.js'
import { oursSession } from './support/run-ours.js'

const spark = oursSession()

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

/**
 * DataFrame.alias against Spark: columns named `a.x` through an alias in select, filter,
 * withColumn and groupBy — on one DataFrame, after a join of two aliased DataFrames, and after a
 * self-join of one DataFrame as `l` and `r` (two columns `x`, told apart only by `l.x` / `r.x`) —
 * give Spark's columns and rows; an unknown alias, an alias an expression dropped and a name
 * still ambiguous fail as Spark's do.
 */
import { describe, expect, it } from 'vitest'
import { col, count, lit, sum, type DataFrame } from '../../src/index.js'
import { EngineError } from '../../src/errors/index.js'
import { encodeValue } from './support/engine-result.js'
import { oracleCall, type OracleError, type OracleRow } from './support/oracle-client.js'
import { oursSession } from './support/run-ours.js'

const PEOPLE = [
  [1, 'x', 10],
  [2, 'y', 20],
  [3, null, 30],
]
const ORDERS = [
  [1, 'p'],
  [3, 'q'],
  [4, 'r'],
]

type Outcome = { columns: string[]; rows: OracleRow[] } | { error: OracleError | string }

function queries(): Record<string, () => DataFrame> {
  const spark = oursSession()
  const df = spark.createDataFrame(PEOPLE, 'id INT, x STRING, v INT')
  const other = spark.createDataFrame(ORDERS, 'id INT, y STRING')
  const [a, b] = [df.alias('a'), other.alias('b')]
  const [l, r] = [df.alias('l'), df.alias('r')]
  const j = () => a.join(b, col('a.id').eq(col('b.id')))
  const s = () => l.join(r, col('l.id').eq(col('r.id')))
  return {
    single_select: () => a.select('a.x', col('a.v').plus(1)),
    single_filter: () => a.filter(col('a.v').gt(10)).select('a.id'),
    single_withColumn: () => a.withColumn('w', col('a.v').multiply(2)).select('a.x', 'w'),
    single_groupBy: () => a.groupBy('a.x').agg(sum('a.v')).select('a.x', 'sum(v)'),
    after_select: () => a.select('x', 'v').select('a.x'),
    join_select: () => j().select('a.x', 'b.y', col('a.id'), col('b.id')),
    join_filter: () => j().filter(col('b.y').eq('q')).select('a.v'),
    join_withColumn: () => j().withColumn('s', col('a.v').plus(col('b.id'))),
    join_groupBy: () => j().groupBy('a.x').agg(count('b.y')),
    join_left_outer: () => a.join(b, col('a.id').eq(col('b.id')), 'left').select('a.id', 'b.y'),
    join_full_outer: () => a.join(b, col('a.id').eq(col('b.id')), 'full').select('a.id', 'b.id'),
    self_select: () => s().select('l.x', 'r.x'),
    self_less_than: () => l.join(r, col('l.id').lt(col('r.id'))).select('l.id', 'r.id', 'r.x'),
    self_star: () => s().select('*'),
    err_unknown_alias: () => a.select('z.x'),
    err_old_alias: () => a.alias('c').select('a.x'),
    err_expression_has_no_alias: () => a.select(col('x').alias('x2')).select('a.x2'),
    err_join_ambiguous: () => j().select('id'),
    err_self_ambiguous: () => s().select('x'),
    err_same_alias_twice: () =>
      df
        .alias('t')
        .join(df.alias('t'), col('t.id').eq(lit(1)))
        .select('t.x'),
  }
}

async function ours(q: () => DataFrame): Promise<Outcome> {
  try {
    const { schema, rows } = await q().collectRows()
    return {
      columns: schema.fields.map((f) => f.name),
      rows: rows.map((row) => row.map(encodeValue)),
    }
  } catch (e) {
    if (e instanceof EngineError) return { error: e.code }
    throw e
  }
}

/** Spark's error class → ours. */
const ERRORS: Record<string, string> = {
  'UNRESOLVED_COLUMN.WITH_SUGGESTION': 'SL_PLAN_UNRESOLVED_COLUMN',
  AMBIGUOUS_REFERENCE: 'SL_PLAN_AMBIGUOUS_REFERENCE',
}

/** Rows in a fixed order (neither engine orders a join's or an aggregation's output). */
const sorted = (rows: OracleRow[]): OracleRow[] =>
  [...rows].sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1))

describe('DataFrame.alias: qualified column names as Spark resolves them', () => {
  it('select, filter, withColumn and groupBy through an alias, after joins and a self-join', async () => {
    const spark = await oracleCall<Record<string, Outcome>>('dataframe_alias', 'run', {
      people: PEOPLE,
      orders: ORDERS,
    })
    const mine = queries()
    expect(Object.keys(mine)).toEqual(Object.keys(spark))
    for (const [name, q] of Object.entries(mine)) {
      const theirs = spark[name]!
      const got = await ours(q)
      if ('error' in theirs) {
        const sparkClass = typeof theirs.error === 'string' ? theirs.error : theirs.error.errorClass
        expect(ERRORS[sparkClass ?? ''], `${name}: Spark's ${sparkClass}`).toBeDefined()
        // A self-join's condition naming `t.id` on both sides: our join binds it at join().
        const expected =
          name === 'err_same_alias_twice' ? 'SL_PLAN_AMBIGUOUS_COLUMN' : ERRORS[sparkClass!]
        expect(got, name).toEqual({ error: expected })
      } else {
        expect('error' in got ? got : got.columns, name).toEqual(theirs.columns)
        if ('rows' in got) expect(sorted(got.rows), name).toEqual(sorted(theirs.rows))
      }
    }
  })
})

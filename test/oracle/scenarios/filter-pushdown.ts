/**
 * Filter push-down (DIFFERENCES.md D2): which filters Spark hands to the JSON reader (its dropped
 * rows are not in `numInputRows`), and where Catalyst moves a filter — below a projection, below
 * `withWatermark` (then the watermark only sees rows that pass it), below an aggregation (then the
 * state only holds the groups that pass it), but not below a deduplication. Rows with nulls in
 * every column make the inferred `isNotNull` filters visible.
 */
import { EVENT_SCHEMA_DDL } from '../../../src/apps/event-schema.js'
import {
  abs,
  coalesce,
  col,
  count,
  lit,
  upper,
  when,
  window,
  type DataFrame,
} from '../../../src/index.js'
import { defineScenarios, type InputFile, type Scenario } from '../support/scenario.js'

const TYPES = ['click', 'view', 'purchase', 'add_to_cart']
const event = (i: number, minute = i, value: number | null = i * 5): Record<string, unknown> => ({
  event_id: `e${i}`,
  timestamp: `2026-01-01T00:${String(minute).padStart(2, '0')}:00`,
  user_id: i === 3 ? null : i % 7,
  event_type: i === 5 ? null : TYPES[i % 4],
  value: i === 7 ? null : value,
  session_id: i % 3 === 0 ? null : `s${i}`,
})
const file = (name: string, rows: Record<string, unknown>[]): InputFile => ({
  name,
  lines: rows.map((r) => JSON.stringify(r)),
})
const FILES: InputFile[] = [
  file(
    'a.json',
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => event(i)),
  ),
  file(
    'b.json',
    [10, 11, 12, 13, 14, 15, 16, 17, 18, 19].map((i) => event(i)),
  ),
  // Late-ish rows for the watermark scenarios: minute 3 and 8 (value < 40), and minute 30.
  file('c.json', [event(20, 3, 1), event(21, 8, 2), event(22, 30, 3)]),
]

/** A stateless filter scenario over FILES: ours and Spark's query, both written out. */
const stateless = (
  what: string,
  query: (df: DataFrame) => DataFrame,
  pyQuery: string,
): Scenario => ({
  name: `filter push-down: ${what}`,
  input: { files: FILES },
  schema: EVENT_SCHEMA_DDL,
  query,
  pyQuery,
})

export const pushdownScenarios = defineScenarios(
  stateless(
    'comparisons, isNull/isNotNull, OR, NOT OR, !=, <=> (all pushed)',
    (df) =>
      df
        .filter(col('value').geq(10).or(col('event_type').equalTo('click')))
        .filter(col('user_id').isNotNull().and(col('session_id').isNull().not()))
        .filter(col('value').gt(80).or(col('user_id').eqNullSafe(6)).not())
        .filter(col('event_id').notEqual('e2')),
    `(df.filter((F.col('value') >= 10) | (F.col('event_type') == 'click'))
        .filter(F.col('user_id').isNotNull() & ~F.col('session_id').isNull())
        .filter(~((F.col('value') > 80) | F.col('user_id').eqNullSafe(6)))
        .filter(F.col('event_id') != 'e2'))`,
  ),
  stateless(
    'an expression (value * 2 > 100) is not pushed, its isNotNull(value) is',
    (df) => df.filter(col('value').multiply(2).gt(100)),
    "df.filter(F.col('value') * 2 > 100)",
  ),
  stateless(
    'non-pushable shapes: column vs column, coalesce, upper, abs, when, cast to int, OR with one',
    (df) =>
      df
        .filter(coalesce(col('user_id'), lit(0)).lt(6))
        .filter(col('value').gt(col('user_id')).or(col('event_type').equalTo('view')))
        .filter(
          upper(col('event_type'))
            .notEqual('PURCHASE')
            .or(abs(col('value')).gt(1000)),
        )
        .filter(when(col('value').gt(90), false).otherwise(true))
        .filter(col('value').cast('int').geq(0)),
    `(df.filter(F.coalesce(F.col('user_id'), F.lit(0)) < 6)
        .filter((F.col('value') > F.col('user_id')) | (F.col('event_type') == 'view'))
        .filter((F.upper(F.col('event_type')) != 'PURCHASE') | (F.abs(F.col('value')) > 1000))
        .filter(F.when(F.col('value') > 90, False).otherwise(True))
        .filter(F.col('value').cast('int') >= 0))`,
  ),
  stateless(
    'a widening cast of the column is unwrapped and pushed; upper(...) infers isNotNull',
    (df) =>
      df
        .filter(col('user_id').cast('double').gt(2.5))
        .filter(upper(col('event_type')).notEqual('X')),
    "df.filter(F.col('user_id').cast('double') > 2.5).filter(F.upper(F.col('event_type')) != 'X')",
  ),
  stateless(
    'after projections: a renamed column is pushed, a computed one only as isNotNull',
    (df) =>
      df
        .withColumnRenamed('value', 'v')
        .withColumn('u2', col('user_id').multiply(2))
        .select('event_id', 'v', 'u2', 'event_type')
        .filter(col('v').lt(70))
        .filter(col('u2').geq(2)),
    `(df.withColumnRenamed('value', 'v')
        .withColumn('u2', F.col('user_id') * 2)
        .select('event_id', 'v', 'u2', 'event_type')
        .filter(F.col('v') < 70)
        .filter(F.col('u2') >= 2))`,
  ),
  stateless(
    'a constant false filter reads no rows',
    (df) => df.filter(col('event_type').equalTo(lit(null))),
    "df.filter(F.col('event_type') == F.lit(None))",
  ),
  {
    name: 'filter push-down: below withWatermark — the watermark sees only rows that pass',
    input: { files: FILES },
    schema: EVENT_SCHEMA_DDL,
    query: (df) =>
      df
        .withWatermark('timestamp', '2 minutes')
        .filter(col('value').lt(40))
        .groupBy(window('timestamp', '5 minutes'))
        .agg(count('*').alias('n')),
    pyQuery:
      "df.withWatermark('timestamp', '2 minutes').filter(F.col('value') < 40).groupBy(F.window('timestamp', '5 minutes')).agg(F.count('*').alias('n'))",
    outputMode: 'append',
  },
  {
    name: 'filter push-down: a filter on the event time stays above withWatermark',
    input: { files: FILES },
    schema: EVENT_SCHEMA_DDL,
    query: (df) =>
      df
        .withWatermark('timestamp', '2 minutes')
        .filter(col('timestamp').lt(lit(new Date('2026-01-01T00:07:00Z'))))
        .groupBy(window('timestamp', '5 minutes'))
        .agg(count('*').alias('n')),
    pyQuery:
      "df.withWatermark('timestamp', '2 minutes').filter(F.col('timestamp') < F.lit('2026-01-01 00:07:00').cast('timestamp')).groupBy(F.window('timestamp', '5 minutes')).agg(F.count('*').alias('n'))",
    outputMode: 'append',
  },
  {
    name: 'filter push-down: below an aggregation on a grouping column (state holds one group)',
    input: { files: FILES },
    schema: EVENT_SCHEMA_DDL,
    query: (df) =>
      df
        .groupBy('event_type')
        .agg(count('*').alias('n'))
        .filter(col('event_type').equalTo('click').and(col('n').gt(1))),
    pyQuery:
      "df.groupBy('event_type').agg(F.count('*').alias('n')).filter((F.col('event_type') == 'click') & (F.col('n') > 1))",
    outputMode: 'complete',
  },
  {
    name: 'filter push-down: not below dropDuplicates',
    input: { files: FILES },
    schema: EVENT_SCHEMA_DDL,
    query: (df) => df.dropDuplicates(['event_type']).filter(col('value').gt(20)),
    pyQuery: "df.dropDuplicates(['event_type']).filter(F.col('value') > 20)",
    outputMode: 'append',
  },
)

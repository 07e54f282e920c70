/**
 * A stateless query — filter, select, withColumn (arithmetic, cast, upper, coalesce, when, a
 * timestamp cast), withColumnRenamed, drop — on generated events. `current_timestamp()` is in the
 * output but its value is excluded from the comparison (it is the batch's wall-clock time).
 */
import { EVENT_SCHEMA_DDL } from '../../../src/apps/event-schema.js'
import {
  coalesce,
  col,
  current_timestamp,
  lit,
  upper,
  when,
  type DataFrame,
} from '../../../src/index.js'
import { defineScenarios } from '../support/scenario.js'

const query = (df: DataFrame): DataFrame =>
  df
    .filter(col('value').gt(20).or(col('event_type').equalTo('purchase')))
    .withColumn('value2', col('value').multiply(2).plus(1))
    .withColumn('uid', col('user_id').cast('string'))
    .withColumn('kind', upper(col('event_type')))
    .withColumn(
      'tier',
      when(col('value').gt(60), 'high').when(col('value').gt(30), 'mid').otherwise('low'),
    )
    .withColumn('sid', coalesce(col('session_id'), lit('none')))
    .withColumn('secs', col('timestamp').cast('long'))
    .withColumn('half', col('user_id').divide(2))
    .withColumn('now', current_timestamp())
    .withColumnRenamed('event_id', 'id')
    .drop('session_id')
    .select('id', 'timestamp', 'uid', 'kind', 'tier', 'value2', 'sid', 'secs', 'half', 'now')

const pyQuery = `(df
    .filter((F.col('value') > 20) | (F.col('event_type') == 'purchase'))
    .withColumn('value2', F.col('value') * 2 + 1)
    .withColumn('uid', F.col('user_id').cast('string'))
    .withColumn('kind', F.upper(F.col('event_type')))
    .withColumn('tier', F.when(F.col('value') > 60, 'high').when(F.col('value') > 30, 'mid').otherwise('low'))
    .withColumn('sid', F.coalesce(F.col('session_id'), F.lit('none')))
    .withColumn('secs', F.col('timestamp').cast('long'))
    .withColumn('half', F.col('user_id') / 2)
    .withColumn('now', F.current_timestamp())
    .withColumnRenamed('event_id', 'id')
    .drop('session_id')
    .select('id', 'timestamp', 'uid', 'kind', 'tier', 'value2', 'sid', 'secs', 'half', 'now'))`

export const statelessQueryScenarios = defineScenarios({
  name: 'filter/select/withColumn query (current_timestamp excluded) → per batch and Delta table',
  input: {
    generate: {
      batches: 5,
      eventsPerBatch: 30,
      seed: 7,
      startTime: '2026-11-24T10:00:00Z',
      duplicateFraction: 0.1,
    },
  },
  schema: EVENT_SCHEMA_DDL,
  query,
  pyQuery,
  ignoreColumns: ['now'],
  compareDelta: true,
})

/**
 * Spark pushes simple filters into the JSON reader (`spark.sql.json.filterPushdown.enabled`), and
 * rows the reader drops are not counted in `numInputRows`.
 */
export const filterPushdownScenarios = defineScenarios({
  name: 'a filter the JSON reader can push down: rows and numInputRows',
  input: {
    generate: { batches: 3, eventsPerBatch: 20, seed: 9, startTime: '2026-11-24T10:00:00Z' },
  },
  schema: EVENT_SCHEMA_DDL,
  query: (df) => df.filter(col('value').gt(50)),
  pyQuery: "df.filter(F.col('value') > 50)",
})

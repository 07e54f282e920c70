/**
 * The one error for "this has no Spark Connect translation": thrown while a plan is translated,
 * so before any request reaches the server, naming the operator, function or option.
 */
import { EngineError } from '../errors/index.js'

const DEFAULT_HINT =
  'Run this query on the embedded engine (a session without .remote()), or express it with operators Spark Connect runs: sources json/delta/parquet/csv/text, createDataFrame, select, filter, withColumn, withColumnRenamed, drop, withWatermark, groupBy().agg(), dropDuplicates, join, union.'

/** @internal `operator` is what the user wrote (`union`, `format('memory')`, `badRecordsPath`). */
export function unsupported(
  operator: string,
  feature: string,
  hint = DEFAULT_HINT,
  context: { option?: string } = {},
): EngineError {
  return new EngineError(
    'SL_CONNECT_UNSUPPORTED',
    { feature: feature.includes(operator) ? feature : `${feature} (${operator})`, hint },
    { operator, ...context },
  )
}

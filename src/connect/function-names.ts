/**
 * The Spark function each of our functions becomes on Spark Connect: the name PySpark's
 * `pyspark.sql.functions` sends in an `UnresolvedFunction` for the same call. Our catalogue uses
 * Spark's names already, so most entries map a name to itself; the table exists so that every
 * function is a decision (a function added to the catalogue without an entry here fails
 * test/connect/function-names.test.ts, and is refused at start() instead of being sent blindly).
 *
 * Not here because they are not function calls in our plan: `to_timestamp(c)` (a cast to
 * timestamp, which is what Spark's `to_timestamp` without a format is), `when`/`otherwise`
 * (CaseWhenNode → Spark's `when`), `window` and `session_window` (their own nodes), and the
 * operators (expression-to-proto.ts).
 */
import type { AggregateFunctionName } from '../plan/expr/index.js'

/** Our scalar function name (plan/function-catalogue.ts) → Spark's, or null: no equivalent. */
export const SCALAR_FUNCTION_NAMES: Readonly<Record<string, string | null>> = {
  current_timestamp: 'current_timestamp',
  current_date: 'current_date',
  coalesce: 'coalesce',
  window_time: 'window_time',
  date_format: 'date_format',
  upper: 'upper',
  lower: 'lower',
  abs: 'abs',
  // The schema goes as its JSON text (Spark parses a schema string as JSON, else DDL) and the
  // options as a map(...) of string literals, as PySpark sends them (expression-to-proto.ts).
  from_json: 'from_json',
  // Spark builds the same struct from the same arguments (field names by its CreateStruct rule).
  struct: 'struct',
  // Options (to_json's, like from_json's) go as map(...) of strings; getField goes as Spark
  // Connect's UnresolvedExtractValue, as PySpark sends it (expression-to-proto.ts).
  to_json: 'to_json',
  get_field: 'get_field',
}

/**
 * Our aggregate function → Spark's. Typed over every {@link AggregateFunctionName}, so a new
 * aggregate does not compile without its entry.
 */
export const AGGREGATE_FUNCTION_NAMES: Readonly<Record<AggregateFunctionName, string>> = {
  count: 'count',
  sum: 'sum',
  avg: 'avg',
  min: 'min',
  max: 'max',
  first: 'first',
  last: 'last',
  collect_list: 'collect_list',
  collect_set: 'collect_set',
  approx_count_distinct: 'approx_count_distinct',
}

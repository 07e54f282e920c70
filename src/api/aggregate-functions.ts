/**
 * Aggregate and window functions with Spark's names, for `groupBy(...).agg(...)`.
 */
import { AnalysisError } from '../errors/index.js'
import { durationMicros } from '../internal/time/interval.js'
import {
  AggregateCallNode,
  ColumnRefNode,
  SessionWindowNode,
  TimeWindowNode,
  type AggregateFunctionName,
} from '../plan/expr/index.js'
import { Column, toExpr } from './column.js'
import { literalNode } from './literal.js'

type ColumnLike = Column | string

const ref = (c: ColumnLike): Column =>
  typeof c === 'string' ? new Column(ColumnRefNode.create(c)) : c
const call = (fn: AggregateFunctionName, c: ColumnLike, ignoreNulls = false): Column =>
  new Column(AggregateCallNode.create(fn, [ref(c).expr], ignoreNulls))

/**
 * `count(col)` counts non-null values; `count('*')` counts rows.
 *
 * @example
 * ```ts
 * import { count } from 'streamlake'
 * const n = count('*').alias('events')
 * ```
 */
export function count(c: ColumnLike): Column {
  if (c === '*') return new Column(AggregateCallNode.create('count', []))
  return call('count', c)
}
/** Sum of non-null values (bigint for integral input, double otherwise); null if none. */
export const sum = (c: ColumnLike): Column => call('sum', c)
/** Average of non-null values as a double; null if none. */
export const avg = (c: ColumnLike): Column => call('avg', c)
/** Alias of {@link avg}. */
export const mean = avg
/** Smallest non-null value. */
export const min = (c: ColumnLike): Column => call('min', c)
/** Largest non-null value. */
export const max = (c: ColumnLike): Column => call('max', c)
/** The first value seen (nulls kept unless ignoreNulls). */
export const first = (c: ColumnLike, ignoreNulls = false): Column => call('first', c, ignoreNulls)
/** The last value seen (nulls kept unless ignoreNulls). */
export const last = (c: ColumnLike, ignoreNulls = false): Column => call('last', c, ignoreNulls)
/** All non-null values, in arrival order. */
export const collect_list = (c: ColumnLike): Column => call('collect_list', c)
/** The distinct non-null values. */
export const collect_set = (c: ColumnLike): Column => call('collect_set', c)
/** Number of distinct non-null values (exact in streamlake; Spark estimates with HyperLogLog++). */
export const approx_count_distinct = (c: ColumnLike): Column => call('approx_count_distinct', c)

/**
 * Tumbling or sliding event-time windows (spark-semantics §1): the struct `window<start, end>`.
 *
 * @example
 * ```ts
 * import { SparkSession, window, count } from 'streamlake'
 * const spark = SparkSession.builder().getOrCreate()
 * const events = spark.readStream.format('json').schema('timestamp TIMESTAMP, event_type STRING').load('./input')
 * const counts = events.withWatermark('timestamp', '10 minutes').groupBy(window('timestamp', '5 minutes'), 'event_type').agg(count('*'))
 * ```
 */
export function window(
  timeColumn: ColumnLike,
  windowDuration: string,
  slideDuration?: string,
  startTime?: string,
): Column {
  const w = durationMicros(windowDuration, 'window duration')
  const s = slideDuration === undefined ? w : durationMicros(slideDuration, 'window slide duration')
  const o = startTime === undefined ? 0 : durationMicros(startTime, 'window start time')
  const text = [windowDuration, slideDuration, startTime].filter((x) => x !== undefined).join(', ')
  const invalid = (problem: string): AnalysisError =>
    new AnalysisError('SL_PLAN_INVALID_WINDOW', {
      window: `window(${typeof timeColumn === 'string' ? timeColumn : '...'}, ${text})`,
      problem,
    })
  if (w <= 0) throw invalid('the window duration must be positive')
  if (s <= 0) throw invalid('the slide duration must be positive')
  if (s > w) throw invalid('the slide duration must not be longer than the window duration')
  if (Math.abs(o) >= s)
    throw invalid('the absolute start time must be smaller than the slide duration')
  return new Column(TimeWindowNode.create(ref(timeColumn).expr, w, s, o, text))
}

/**
 * Session windows (spark-semantics §2): `gap` is a duration such as "30 minutes", or a column
 * giving each row's gap.
 *
 * @example
 * ```ts
 * import { SparkSession, session_window, count } from 'streamlake'
 * const spark = SparkSession.builder().getOrCreate()
 * const events = spark.readStream.format('json').schema('timestamp TIMESTAMP, user_id INT').load('./input')
 * const sessions = events.withWatermark('timestamp', '1 hour').groupBy(session_window('timestamp', '30 minutes'), 'user_id').agg(count('*'))
 * ```
 */
export function session_window(timeColumn: ColumnLike, gap: string | Column): Column {
  if (typeof gap === 'string') {
    const micros = durationMicros(gap, 'session_window gap')
    if (micros <= 0)
      throw new AnalysisError('SL_PLAN_INVALID_WINDOW', {
        window: `session_window(..., ${gap})`,
        problem: 'the gap must be positive',
      })
    return new Column(SessionWindowNode.create(ref(timeColumn).expr, literalNode(gap)))
  }
  return new Column(SessionWindowNode.create(ref(timeColumn).expr, toExpr(gap)))
}

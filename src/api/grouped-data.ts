/**
 * `df.groupBy(...)`: aggregations per group, with Spark's shortcuts (`count()`, `sum(...)` …).
 *
 * @example
 * ```ts
 * import { SparkSession, avg, count, window } from 'streamlake'
 * const spark = SparkSession.builder().getOrCreate()
 * const events = spark.readStream.format('json').schema('timestamp TIMESTAMP, event_type STRING, value DOUBLE').load('./input')
 * const stats = events
 *   .withWatermark('timestamp', '10 minutes')
 *   .groupBy(window('timestamp', '5 minutes'), 'event_type')
 *   .agg(count('*').alias('events'), avg('value').alias('avg_value'))
 * ```
 */
import { AliasNode, ColumnRefNode, type Expression } from '../plan/expr/index.js'
import { AggregateNode } from '../plan/nodes/index.js'
import { avg, count, max, min, sum } from './aggregate-functions.js'
import type { Column } from './column.js'
import { DataFrame } from './dataframe.js'

export class GroupedData {
  /** @internal */
  constructor(
    private readonly df: DataFrame,
    private readonly grouping: readonly Expression[],
  ) {}

  /** Computes aggregates per group: `agg(count('*'), avg('value').alias('avg'))`. */
  agg(...aggregates: Column[]): DataFrame {
    return new DataFrame(
      this.df.sparkSession,
      AggregateNode.create(
        this.df.plan,
        this.grouping,
        aggregates.map((a) => a.valueExpr('agg')),
      ),
    )
  }

  /** Rows per group, in a column named `count`. */
  count(): DataFrame {
    return this.agg(count('*').alias('count'))
  }

  /** `sum(col)` for each column. */
  sum(...cols: string[]): DataFrame {
    return this.agg(...cols.map((c) => sum(c)))
  }

  /** `avg(col)` for each column. */
  avg(...cols: string[]): DataFrame {
    return this.agg(...cols.map((c) => avg(c)))
  }

  /** Alias of {@link GroupedData.avg}. */
  mean(...cols: string[]): DataFrame {
    return this.avg(...cols)
  }

  /** `min(col)` for each column. */
  min(...cols: string[]): DataFrame {
    return this.agg(...cols.map((c) => min(c)))
  }

  /** `max(col)` for each column. */
  max(...cols: string[]): DataFrame {
    return this.agg(...cols.map((c) => max(c)))
  }
}

/** @internal Grouping arguments: names are column references; window() columns stay as they are. */
export function groupingExpressions(
  cols: readonly (string | Column)[],
  usage: string,
): Expression[] {
  return cols.map((c) => {
    if (typeof c === 'string') return ColumnRefNode.create(c)
    const e = c.valueExpr(usage)
    return e.kind === 'AliasNode' ? AliasNode.create(e.child, e.name) : e
  })
}

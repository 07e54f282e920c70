/**
 * `spark.read`: describes a batch source (without `format`, `spark.sql.sources.default`: parquet,
 * as Spark) — a Delta table (`format('delta')`, optional
 * `versionAsOf`), JSON files (schema optional: inferred as Spark does), CSV files (schema optional:
 * columns named by the header or _c0, _c1, …, STRING or with `inferSchema` the types Spark infers) or Parquet files
 * (schema optional: the files' own).
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * const spark = SparkSession.builder().getOrCreate()
 * const table = spark.read.format('delta').load('./data/events')
 * const n = await table.count()
 * ```
 */
import { randomUUID } from 'node:crypto'
import { SourceNode } from '../plan/nodes/index.js'
import { DataFrame } from './dataframe.js'
import type { SparkSession } from './session.js'
import { SourceDescription } from './source-description.js'

export class DataFrameReader extends SourceDescription {
  /** @internal */
  constructor(private readonly spark: SparkSession) {
    // Spark's DataFrameReader starts from spark.sql.sources.default (parquet).
    super(
      spark.conf.get('spark.sql.sources.default') ?? 'parquet',
      'spark.read',
      'To infer the schema of JSON files (Delta tables use their own), do not call schema().',
    )
  }

  /** Creates the batch DataFrame (nothing is read until an action runs). */
  load(path?: string): DataFrame {
    const p = path ?? this.opts['path']
    return new DataFrame(
      this.spark,
      SourceNode.create({
        sourceId: randomUUID(),
        format: this.sourceFormat,
        path: p,
        options: { ...this.opts },
        schema: this.fixedSchema() ?? (this.sourceFormat === 'delta' ? undefined : this.userSchema),
        isStreaming: false,
      }),
    )
  }

  /** Shorthand for `format('json').load(path)`. */
  json(path: string): DataFrame {
    return this.format('json').load(path)
  }

  /** Shorthand for `format('csv').load(path)`. */
  csv(path: string): DataFrame {
    return this.format('csv').load(path)
  }

  /** Shorthand for `format('parquet').load(path)`. */
  parquet(path: string): DataFrame {
    return this.format('parquet').load(path)
  }

  /** Shorthand for `format('delta').load(path)`. */
  delta(path: string): DataFrame {
    return this.format('delta').load(path)
  }
}

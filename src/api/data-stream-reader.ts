/**
 * `spark.readStream`: describes a streaming source. Streaming file sources need a schema, given
 * as a {@link StructType} or a DDL string; a Delta table (`format('delta')`) brings its own.
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * const spark = SparkSession.builder().getOrCreate()
 * const events = spark.readStream
 *   .format('json')
 *   .schema('event_id STRING NOT NULL, timestamp TIMESTAMP, user_id INT')
 *   .option('maxFilesPerTrigger', 1)
 *   .load('./input')
 * ```
 */
import { randomUUID } from 'node:crypto'
import { EngineError } from '../errors/index.js'
import { SourceNode } from '../plan/nodes/index.js'
import { asNullable } from '../types/index.js'
import { DataFrame } from './dataframe.js'
import type { SparkSession } from './session.js'
import { SourceDescription } from './source-description.js'

export class DataStreamReader extends SourceDescription {
  /** @internal */
  constructor(private readonly spark: SparkSession) {
    // Spark's DataStreamReader starts from spark.sql.sources.default (parquet), like spark.read.
    super(
      spark.conf.get('spark.sql.sources.default') ?? 'parquet',
      'spark.readStream',
      'A streaming file source needs a schema, as in Spark: it is not inferred.',
    )
  }

  /** Creates the streaming DataFrame. */
  load(path?: string): DataFrame {
    const p = path ?? this.opts['path']
    if (this.sourceFormat === 'delta' && this.userSchema) {
      // Delta's sourceSchema refuses one too (DELTA_UNSUPPORTED_SCHEMA_DURING_READ).
      throw new EngineError(
        'SL_API_INVALID_OPTION',
        {
          option: 'schema',
          problem:
            'cannot be set for the delta source: a Delta stream reads with the table’s own schema',
          value: 'a user schema',
          hint: 'Remove .schema(...); select or cast columns after load() instead.',
        },
        { option: 'schema' },
      )
    }
    const options = { ...this.opts }
    if (options['timeZone'] === undefined) options['timeZone'] = this.spark.conf.timeZone
    return new DataFrame(
      this.spark,
      SourceNode.create({
        sourceId: randomUUID(),
        format: this.sourceFormat,
        path: p,
        options,
        // A Delta stream's schema is the table's, read when the query starts (or resolveSchema()).
        schema:
          this.sourceFormat === 'delta'
            ? undefined
            : (this.fixedSchema() ??
              (this.userSchema && this.sourceFormat !== 'memory'
                ? asNullable(this.userSchema)
                : this.userSchema)),
        isStreaming: true,
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
}

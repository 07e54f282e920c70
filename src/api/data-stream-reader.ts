/**
 * `spark.readStream`: describes a streaming source. Streaming file sources need a schema, given
 * as a {@link StructType} or a DDL string.
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
import { SourceNode } from '../plan/nodes/index.js'
import { asNullable } from '../types/index.js'
import { DataFrame } from './dataframe.js'
import type { SparkSession } from './session.js'
import { SourceDescription } from './source-description.js'

export class DataStreamReader extends SourceDescription {
  /** @internal */
  constructor(private readonly spark: SparkSession) {
    super(
      'json',
      'spark.readStream',
      'A streaming file source needs a schema, as in Spark: it is not inferred.',
    )
  }

  /** Creates the streaming DataFrame. */
  load(path?: string): DataFrame {
    const p = path ?? this.opts['path']
    const options = { ...this.opts }
    if (options['timeZone'] === undefined) options['timeZone'] = this.spark.conf.timeZone
    return new DataFrame(
      this.spark,
      SourceNode.create({
        sourceId: randomUUID(),
        format: this.sourceFormat,
        path: p,
        options,
        schema:
          this.fixedSchema() ??
          (this.userSchema && this.sourceFormat !== 'memory'
            ? asNullable(this.userSchema)
            : this.userSchema),
        isStreaming: true,
      }),
    )
  }

  /** Shorthand for `format('json').load(path)`. */
  json(path: string): DataFrame {
    return this.format('json').load(path)
  }
}

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
import { asNullable, parseDdlSchema, type StructType } from '../types/index.js'
import { DataFrame } from './dataframe.js'
import type { SparkSession } from './session.js'

export class DataStreamReader {
  private sourceFormat = 'json'
  private userSchema: StructType | undefined
  private readonly opts: Record<string, string> = {}

  /** @internal */
  constructor(private readonly spark: SparkSession) {}

  /** The source format: `json` (files) or `memory` (tests). */
  format(source: string): this {
    this.sourceFormat = source.toLowerCase()
    return this
  }

  /** The schema, as a StructType or a DDL string. */
  schema(schema: StructType | string): this {
    this.userSchema = typeof schema === 'string' ? parseDdlSchema(schema) : schema
    return this
  }

  /** One source option (values are kept as strings, as in Spark). */
  option(key: string, value: string | number | boolean): this {
    this.opts[key] = String(value)
    return this
  }

  /** Several options. */
  options(options: Readonly<Record<string, string | number | boolean>>): this {
    for (const [k, v] of Object.entries(options)) this.option(k, v)
    return this
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
          this.userSchema && this.sourceFormat !== 'memory'
            ? asNullable(this.userSchema)
            : this.userSchema,
        isStreaming: true,
      }),
    )
  }

  /** Shorthand for `format('json').load(path)`. */
  json(path: string): DataFrame {
    return this.format('json').load(path)
  }
}

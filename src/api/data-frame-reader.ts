/**
 * `spark.read`: describes a batch source — a Delta table (`format('delta')`, optional
 * `versionAsOf`) or JSON files (schema optional: inferred as Spark does).
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
import { parseDdlSchema, type StructType } from '../types/index.js'
import { DataFrame } from './dataframe.js'
import type { SparkSession } from './session.js'

export class DataFrameReader {
  private sourceFormat = 'delta'
  private userSchema: StructType | undefined
  private readonly opts: Record<string, string> = {}

  /** @internal */
  constructor(private readonly spark: SparkSession) {}

  /** `delta` or `json`. */
  format(source: string): this {
    this.sourceFormat = source.toLowerCase()
    return this
  }

  /** The schema (JSON only; Delta tables carry their own). */
  schema(schema: StructType | string): this {
    this.userSchema = typeof schema === 'string' ? parseDdlSchema(schema) : schema
    return this
  }

  /** One option, e.g. `versionAsOf` for Delta time travel. */
  option(key: string, value: string | number | boolean): this {
    this.opts[key] = String(value)
    return this
  }

  /** Several options. */
  options(options: Readonly<Record<string, string | number | boolean>>): this {
    for (const [k, v] of Object.entries(options)) this.option(k, v)
    return this
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
        schema: this.sourceFormat === 'delta' ? undefined : this.userSchema,
        isStreaming: false,
      }),
    )
  }

  /** Shorthand for `format('json').load(path)`. */
  json(path: string): DataFrame {
    return this.format('json').load(path)
  }

  /** Shorthand for `format('delta').load(path)`. */
  delta(path: string): DataFrame {
    return this.format('delta').load(path)
  }
}

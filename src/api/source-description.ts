/**
 * The builder state shared by `spark.read` and `spark.readStream`: format, user schema and
 * string options, with Spark's method names.
 */
import { parseDdlSchema, type StructType } from '../types/index.js'

export abstract class SourceDescription {
  protected sourceFormat: string
  protected userSchema: StructType | undefined
  protected readonly opts: Record<string, string> = {}

  protected constructor(defaultFormat: string) {
    this.sourceFormat = defaultFormat
  }

  /** The source format, e.g. `json`, `delta`, `memory`. */
  format(source: string): this {
    this.sourceFormat = source.toLowerCase()
    return this
  }

  /** The schema, as a StructType or a DDL string such as `"id BIGINT, ts TIMESTAMP"`. */
  schema(schema: StructType | string): this {
    this.userSchema = typeof schema === 'string' ? parseDdlSchema(schema) : schema
    return this
  }

  /** One option (values are kept as strings, as in Spark). */
  option(key: string, value: string | number | boolean): this {
    this.opts[key] = String(value)
    return this
  }

  /** Several options. */
  options(options: Readonly<Record<string, string | number | boolean>>): this {
    for (const [k, v] of Object.entries(options)) this.option(k, v)
    return this
  }
}

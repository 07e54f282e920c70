/**
 * The builder state shared by `spark.read` and `spark.readStream`: format, user schema and
 * string options, with Spark's method names.
 */
import { EngineError } from '../errors/index.js'
import { kafkaSchema } from '../sources/kafka/kafka-schema.js'
import { RATE_SCHEMA } from '../sources/rate/rate-schema.js'
import { parseDdlSchema, type StructType } from '../types/index.js'

export abstract class SourceDescription {
  protected sourceFormat: string
  protected userSchema: StructType | undefined
  protected readonly opts: Record<string, string> = {}

  /**
   * @param builder how users reach this builder (`spark.read`), named in errors
   * @param noSchemaHint what to do instead of passing no schema, for this builder
   */
  protected constructor(
    defaultFormat: string,
    private readonly builder: string,
    private readonly noSchemaHint: string,
  ) {
    this.sourceFormat = defaultFormat
  }

  /** The source format, e.g. `json`, `delta`, `memory`. */
  format(source: string): this {
    this.sourceFormat = source.toLowerCase()
    return this
  }

  /** The schema, as a StructType or a DDL string such as `"id BIGINT, ts TIMESTAMP"`. */
  schema(schema: StructType | string): this {
    // Checked at run time too: plain JavaScript callers, or an optional value typed away, can pass
    // anything, and an undefined schema used to be taken silently as "no schema" (PySpark raises
    // NOT_STR_OR_STRUCT here).
    if (typeof schema === 'string') {
      this.userSchema = parseDdlSchema(schema)
      return this
    }
    if (!isStructType(schema)) {
      throw new EngineError('SL_API_INVALID_ARGUMENT', {
        argument: 'schema',
        function: `${this.builder}.schema()`,
        value: describe(schema),
        hint: `Pass a DDL string such as "event_id STRING, timestamp TIMESTAMP" or a StructType (parseDdlSchema(ddl), structType([...])). ${this.noSchemaHint}`,
      })
    }
    this.userSchema = schema
    return this
  }

  /**
   * The schema of a format whose columns are fixed (Kafka's key, value, topic, …), or undefined.
   * Such a format refuses a user schema, as Spark does.
   */
  protected fixedSchema(): StructType | undefined {
    if (this.sourceFormat === 'rate') {
      if (this.userSchema) {
        throw new EngineError(
          'SL_API_INVALID_OPTION',
          {
            option: 'schema',
            problem: 'cannot be set for the rate source: its columns are fixed (timestamp, value)',
            value: 'a user schema',
            hint: 'Remove .schema(...); derive other columns with select or withColumn.',
          },
          { option: 'schema' },
        )
      }
      return RATE_SCHEMA
    }
    if (this.sourceFormat !== 'kafka') return undefined
    if (this.userSchema) {
      throw new EngineError(
        'SL_API_INVALID_OPTION',
        {
          option: 'schema',
          problem:
            'cannot be set for the kafka source: its columns are fixed (key, value, topic, partition, offset, timestamp, timestampType, and headers with includeHeaders=true)',
          value: 'a user schema',
          hint: 'Remove .schema(...) and parse the value column instead, e.g. from_json(col("value").cast("string"), schema).',
        },
        { option: 'schema' },
      )
    }
    const includeHeaders = Object.entries(this.opts).find(
      ([k]) => k.toLowerCase() === 'includeheaders',
    )?.[1]
    return kafkaSchema(includeHeaders?.trim().toLowerCase() === 'true')
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

function isStructType(value: unknown): value is StructType {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'struct' &&
    Array.isArray((value as { fields?: unknown }).fields)
  )
}

function describe(value: unknown): string {
  if (value === undefined || typeof value === 'function') return String(value)
  try {
    return JSON.stringify(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}

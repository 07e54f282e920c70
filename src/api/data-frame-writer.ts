/**
 * `df.write`: writes a batch DataFrame once, with Spark's `DataFrameWriter` shape —
 * `format` (`delta`, `json`, `parquet`, `csv`, `kafka`), `mode` (`append`, `overwrite`, `errorifexists`
 * — the default, as Spark — and `ignore`), `option`/`options`, `partitionBy` and `save(path)`.
 * The DataFrame is computed first (on the embedded engine), then handed to the format's writer
 * (sinks/delta/delta-batch-write.ts, sinks/file/, sinks/kafka/). Options a format does not know are refused
 * (SL_API_UNKNOWN_OPTION) rather than ignored as Spark does: a misspelt `mergeSchema` would
 * otherwise silently change what is written.
 *
 * On a remote (Spark Connect) session the write runs on the server: a `WriteOperation` with the
 * same format, mode, options and partitioning, executed by Spark's own writers (the options are
 * checked against the same lists first), to a path as the server sees it.
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * const spark = SparkSession.builder().getOrCreate()
 * const events = spark.read.format('json').load('./input')
 * await events.write
 *   .format('delta')
 *   .mode('append')
 *   .partitionBy('event_type')
 *   .option('mergeSchema', 'true')
 *   .save('./data/events')
 * ```
 */
import { resolve } from 'node:path'
import { EngineError } from '../errors/index.js'
import { LocalRelationNode } from '../plan/nodes/index.js'
import type { BatchWriteFormat, RowPredicate, SaveMode } from '../sinks/batch-write.js'
import { DELTA_BATCH_FORMAT } from '../sinks/delta/delta-batch-write.js'
import {
  CSV_BATCH_FORMAT,
  JSON_BATCH_FORMAT,
  PARQUET_BATCH_FORMAT,
} from '../sinks/file/file-formats.js'
import { KAFKA_BATCH_FORMAT } from '../sinks/kafka/kafka-batch-write.js'
import { PARTITION_OVERWRITE_MODE_CONF } from '../sinks/partition-overwrite-mode.js'
import type { Row, StructType } from '../types/index.js'
import { DataFrame } from './dataframe.js'
import { parseSqlPredicate } from './sql-predicate.js'

/**
 * The output formats of `df.write`, by name. A new format is one entry here (its option names
 * and a write function, see sinks/batch-write.ts).
 */
const WRITE_FORMATS: Readonly<Record<string, BatchWriteFormat>> = {
  delta: DELTA_BATCH_FORMAT,
  json: JSON_BATCH_FORMAT,
  parquet: PARQUET_BATCH_FORMAT,
  csv: CSV_BATCH_FORMAT,
  kafka: KAFKA_BATCH_FORMAT,
}

const SAVE_MODES: Readonly<Record<string, SaveMode>> = {
  append: 'append',
  overwrite: 'overwrite',
  errorifexists: 'errorifexists',
  error: 'errorifexists',
  default: 'errorifexists',
  ignore: 'ignore',
}

export class DataFrameWriter {
  private outputFormat: string
  private saveMode: SaveMode = 'errorifexists'
  private readonly opts: Record<string, string> = {}
  private partitionColumns: string[] | undefined

  /** @internal Created by `df.write`. */
  constructor(private readonly df: DataFrame) {
    // Spark's DataFrameWriter starts from spark.sql.sources.default (parquet).
    this.outputFormat = df.sparkSession.conf.get('spark.sql.sources.default') ?? 'parquet'
  }

  /**
   * The output format: `delta`, `json`, `parquet` (the default: `spark.sql.sources.default`, as
   * Spark), `csv` or `kafka` (no
   * path; `kafka.bootstrap.servers` and a topic, see docs/kafka.md). Checked in `save()`.
   */
  format(source: string): this {
    this.outputFormat = source
    return this
  }

  /** `append`, `overwrite`, `errorifexists` (alias `error`; the default) or `ignore`. */
  mode(saveMode: string): this {
    const mode = SAVE_MODES[saveMode.toLowerCase()]
    if (mode === undefined)
      throw new EngineError(
        'SL_API_INVALID_OPTION',
        {
          option: 'mode',
          problem: 'is not a save mode',
          value: JSON.stringify(saveMode),
          hint: 'Use append, overwrite, errorifexists or ignore.',
        },
        { option: 'mode' },
      )
    this.saveMode = mode
    return this
  }

  /** One writer option (e.g. `mergeSchema`, `replaceWhere`, `header`). */
  option(key: string, value: string | number | boolean): this {
    this.opts[key] = String(value)
    return this
  }

  /** Several writer options. */
  options(options: Readonly<Record<string, string | number | boolean>>): this {
    for (const [k, v] of Object.entries(options)) this.option(k, v)
    return this
  }

  /** Partitions the output by these columns (Hive-style directories `col=value/`). */
  partitionBy(...columns: string[]): this {
    this.partitionColumns = columns
    return this
  }

  /** Writes the DataFrame to `path` (or the `path` option). */
  async save(path?: string): Promise<void> {
    const target = path ?? this.opts['path']
    const options = { ...this.opts }
    delete options['path']
    const format = WRITE_FORMATS[this.outputFormat.toLowerCase()]
    if (!format)
      throw new EngineError(
        'SL_API_INVALID_OPTION',
        {
          option: 'format',
          problem: 'is not a format df.write can write',
          value: JSON.stringify(this.outputFormat),
          hint: `Use one of ${Object.keys(WRITE_FORMATS).join(', ')}.`,
        },
        { option: 'format' },
      )
    for (const name of Object.keys(options))
      if (
        !format.options.includes(name) &&
        !format.optionPrefixes?.some((p) => name.toLowerCase().startsWith(p))
      )
        throw new EngineError(
          'SL_API_UNKNOWN_OPTION',
          {
            option: name,
            format: this.outputFormat.toLowerCase(),
            known: format.options.length > 0 ? format.options.join(', ') : 'none besides path',
          },
          { option: name },
        )
    if (!format.pathless && (target === undefined || target === ''))
      throw new EngineError(
        'SL_API_INVALID_OPTION',
        {
          option: 'path',
          problem: 'is required',
          value: 'none',
          hint: "Pass the output directory: .save('./data/out').",
        },
        { option: 'path' },
      )
    const spark = this.df.sparkSession
    if (spark.remote) {
      // Spark computes and writes it on the server; the path is as the server sees it.
      await (
        await spark.remote.backend()
      ).write({
        plan: this.df.plan,
        format: this.outputFormat.toLowerCase(),
        mode: this.saveMode,
        options,
        partitionBy: this.partitionColumns,
        path: format.pathless ? undefined : target,
      })
      return
    }
    const { schema, rows } = await this.df.collectRows()
    await format.write({
      path: format.pathless ? '' : resolve(target!),
      mode: this.saveMode,
      schema,
      rows,
      partitionBy: this.partitionColumns,
      options,
      timeZone: spark.conf.timeZone,
      sessionPartitionOverwriteMode: spark.conf.get(PARTITION_OVERWRITE_MODE_CONF),
      compilePredicate: (sql) => {
        const parsed = parseSqlPredicate(sql) // syntax errors before anything is read
        const test: RowPredicate = async (s: StructType, r: readonly Row[]) => {
          if (r.length === 0) return []
          // Parsed again with the schema: string literals take their column's type.
          const typed = parseSqlPredicate(sql, s).column
          const out = await new DataFrame(spark, LocalRelationNode.create(s, [...r]))
            .select(typed.alias('replaceWhere'))
            .collectRows()
          return out.rows.map((x) => (x[0] === null ? null : x[0] === true))
        }
        return { columns: parsed.columns, test }
      },
    })
  }

  /** Shorthand for `format('json').save(path)`. */
  async json(path: string): Promise<void> {
    return this.format('json').save(path)
  }

  /** Shorthand for `format('parquet').save(path)`. */
  async parquet(path: string): Promise<void> {
    return this.format('parquet').save(path)
  }

  /** Shorthand for `format('csv').save(path)`. */
  async csv(path: string): Promise<void> {
    return this.format('csv').save(path)
  }
}

/**
 * `df.writeStream`: configures and starts a streaming query. Every option and plan rule is
 * checked in `start()`, before the first batch runs.
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * const spark = SparkSession.builder().getOrCreate()
 * const events = spark.readStream.format('json').schema('event_id STRING, user_id INT').load('./input')
 * const query = await events.writeStream
 *   .format('delta')
 *   .outputMode('append')
 *   .option('checkpointLocation', './checkpoints/raw_events')
 *   .trigger({ availableNow: true })
 *   .start('./data/events')
 * await query.awaitTermination()
 * ```
 */
import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { EngineError } from '../errors/index.js'
import { checkStreamingPlan } from '../plan/streaming-checks.js'
import { outputSchema, userSchemaResolver, type SourceSchemaResolver } from '../plan/analyzer.js'
import { FileStateStoreProvider } from '../state/file-state-store.js'
import type { LogicalPlan } from '../plan/nodes/index.js'
import type { Trigger } from '../exec/trigger.js'
import { durationMicros } from '../internal/time/interval.js'
import { ConsoleSink } from '../sinks/console/console-sink.js'
import { DeltaSink } from '../sinks/delta/delta-sink.js'
import { fileSinkLogSettings } from './file-sink-settings.js'
import { FileStreamSink, type FileSinkFormat } from '../sinks/file/file-stream-sink.js'
import { ForeachBatchSink } from '../sinks/foreach/foreach-batch-sink.js'
import { KafkaSink } from '../sinks/kafka/kafka-sink.js'
import { MemorySink } from '../sinks/memory/memory-sink.js'
import type { OutputMode, Sink } from '../sinks/sink.js'
import type { Row, StructType } from '../types/index.js'
import { DataFrame } from './dataframe.js'
import { collectSources, LocalRelationNode, type SourceNode } from '../plan/nodes/index.js'
import { readBatchSchema } from '../sources/read-batch-source.js'
import type { StreamingQuery } from './streaming-query.js'

/** PySpark-style trigger settings: exactly one key. */
export type TriggerSetting =
  { processingTime: string | number } | { once: true } | { availableNow: true }

/** The user function of `foreachBatch`. */
export type ForeachBatchFunction = (batch: DataFrame, batchId: number) => void | Promise<void>

const SINK_FORMATS = [
  'delta',
  'json',
  'csv',
  'parquet',
  'kafka',
  'console',
  'memory',
  'foreachBatch',
] as const

export class DataStreamWriter {
  private sinkFormat = 'console'
  private mode: OutputMode = 'append'
  private triggerValue: Trigger = { kind: 'default' }
  private name: string | null = null
  private readonly opts: Record<string, string> = {}
  private foreachFn: ForeachBatchFunction | undefined
  private partitionColumns: string[] | undefined

  /** @internal */
  constructor(private readonly df: DataFrame) {}

  /**
   * `delta`, `json`, `csv`, `parquet` (Spark's file sink: part files committed by a
   * `_spark_metadata` log, append mode only), `kafka`, `console`, `memory` (needs queryName) or
   * `foreachBatch`.
   */
  format(sink: string): this {
    this.sinkFormat = sink
    return this
  }

  /** `append` (default), `update` or `complete`. */
  outputMode(mode: string): this {
    const m = mode.toLowerCase()
    if (m !== 'append' && m !== 'update' && m !== 'complete') {
      throw new EngineError(
        'SL_API_INVALID_OPTION',
        {
          option: 'outputMode',
          problem: 'must be append, update or complete',
          value: mode,
          hint: '',
        },
        { option: 'outputMode' },
      )
    }
    this.mode = m
    return this
  }

  /** One sink option (`checkpointLocation`, `path`, `numRows` …). */
  option(key: string, value: string | number | boolean): this {
    this.opts[key] = String(value)
    return this
  }

  /** Several options. */
  options(options: Readonly<Record<string, string | number | boolean>>): this {
    for (const [k, v] of Object.entries(options)) this.option(k, v)
    return this
  }

  /**
   * Partitions the Delta table the query creates by these columns (Hive-style directories,
   * `metaData.partitionColumns`); an existing table must be partitioned the same way. The file
   * sinks (json, csv, parquet) write Hive-style `col=value` directories without those columns in
   * the files. Other sinks ignore it, as Spark's memory and console sinks do.
   */
  partitionBy(...columns: string[]): this {
    this.partitionColumns = columns
    return this
  }

  /** The query name (shown in progress; the table name of the memory sink). */
  queryName(name: string): this {
    this.name = name
    return this
  }

  /** `{ processingTime: '5 seconds' }`, `{ once: true }` or `{ availableNow: true }`. */
  trigger(setting: TriggerSetting): this {
    const keys = Object.keys(setting)
    if (keys.length !== 1) {
      throw new EngineError(
        'SL_API_INVALID_OPTION',
        {
          option: 'trigger',
          problem: 'needs exactly one of processingTime, once, availableNow',
          value: JSON.stringify(setting),
          hint: "Example: .trigger({ processingTime: '5 seconds' })",
        },
        { option: 'trigger' },
      )
    }
    if ('processingTime' in setting) {
      const pt = setting.processingTime
      const intervalMs =
        typeof pt === 'number' ? pt : durationMicros(pt, 'trigger processingTime') / 1000
      if (!(intervalMs >= 0)) {
        throw new EngineError(
          'SL_API_INVALID_OPTION',
          {
            option: 'processingTime',
            problem: 'must not be negative',
            value: String(pt),
            hint: '',
          },
          { option: 'processingTime' },
        )
      }
      this.triggerValue = { kind: 'processingTime', intervalMs }
    } else if ('once' in setting) this.triggerValue = { kind: 'once' }
    else this.triggerValue = { kind: 'availableNow' }
    return this
  }

  /** Calls `fn(batchDF, batchId)` for every micro-batch (at-least-once; batchId is the idempotency key). */
  foreachBatch(fn: ForeachBatchFunction): this {
    this.sinkFormat = 'foreachBatch'
    this.foreachFn = fn
    return this
  }

  /** Validates everything and starts the query; resolves once it is running. */
  async start(path?: string): Promise<StreamingQuery> {
    if (path !== undefined) this.opts['path'] = path
    if (this.df.sparkSession.remote) return this.startRemote()
    const { sink, identity } = this.createSink()
    return this.startWithSink(sink, identity)
  }

  /** @internal Starts with a given sink object (the test harness keeps one across restarts). */
  async startWithSink(
    sink: Sink,
    identity: { format: string; path: string | null },
  ): Promise<StreamingQuery> {
    const spark = this.df.sparkSession
    const checkpoint = this.checkpointLocation()
    // Delta sources (a Delta stream, a static Delta side) learn their schema from the table.
    const resolveSource = await sourceSchemaResolver(this.df.plan, (node) =>
      readBatchSchema(node, spark.conf.timeZone),
    )
    checkStreamingPlan(this.df.plan, this.mode, resolveSource)
    return spark.streams.startQuery({
      // The operator name in the state's metadata lets a restart detect a changed query.
      stateStore: (dir, _id, name) => new FileStateStoreProvider(dir, { name }),
      ...(this.opts['lateDataPath'] !== undefined
        ? { lateDataSink: new DeltaSink(resolve(this.opts['lateDataPath'])) }
        : {}),
      ...(this.mode === 'update' ? upsertKeysOf(this.df.plan, resolveSource) : {}),
      plan: this.df.plan,
      sink,
      sinkIdentity: identity,
      outputMode: this.mode,
      trigger: this.triggerValue,
      checkpointLocation: resolve(checkpoint),
      queryName: this.name,
      timeZone: spark.conf.timeZone,
      ansi: spark.conf.ansi,
      watermarkPolicy: spark.conf.get('spark.sql.streaming.multipleWatermarkPolicy') as
        'min' | 'max',
      pollingDelayMs: Number(spark.conf.get('spark.sql.streaming.pollingDelay')),
    })
  }

  /**
   * Starts the query on the session's Spark Connect server. The same plan rules are checked here
   * first; paths (the table, checkpointLocation) are as the server sees them.
   */
  private async startRemote(): Promise<StreamingQuery> {
    const spark = this.df.sparkSession
    const remote = spark.remote!
    // The server reads Delta sources' schemas (paths are as it sees them).
    const backend = await remote.backend()
    checkStreamingPlan(
      this.df.plan,
      this.mode,
      await sourceSchemaResolver(this.df.plan, (node) => backend.schema(node)),
    )
    const refuse = (feature: string, option: string, hint: string): never => {
      throw new EngineError('SL_CONNECT_UNSUPPORTED', { feature, hint }, { option })
    }
    if (this.foreachFn)
      refuse(
        'foreachBatch',
        'format',
        'Spark Connect runs only Python or Scala functions on the server: write to a Delta table and read it from there.',
      )
    if (this.opts['lateDataPath'] !== undefined)
      refuse(
        'The lateDataPath option',
        'lateDataPath',
        'Spark drops late rows without recording them; remove the option, or run this query embedded.',
      )
    if (this.sinkFormat === 'delta' && this.mode === 'update')
      refuse(
        'Update mode into a Delta table',
        'outputMode',
        "Spark's Delta sink accepts append and complete only; use one of them, or run this query embedded (our Delta sink upserts by the grouping keys).",
      )
    const { path: tablePath, ...options } = this.opts
    const root = spark.conf.get('spark.sql.streaming.checkpointLocation')
    if (options['checkpointLocation'] === undefined && root !== undefined)
      options['checkpointLocation'] = join(root, this.name ?? randomUUID())
    const query = await backend.startStream({
      plan: this.df.plan,
      format: this.sinkFormat,
      options,
      outputMode: this.mode,
      trigger: this.triggerValue,
      queryName: this.name,
      path: tablePath,
      ...(this.partitionColumns ? { partitionBy: this.partitionColumns } : {}),
    })
    return spark.streams.track(query)
  }

  /** The explicit option, else `<spark.sql.streaming.checkpointLocation>/<queryName>`, else a temp dir for console/memory. */
  private checkpointLocation(): string {
    const explicit = this.opts['checkpointLocation']
    if (explicit !== undefined) return explicit
    const root = this.df.sparkSession.conf.get('spark.sql.streaming.checkpointLocation')
    if (root !== undefined) return join(root, this.name ?? randomUUID())
    if (this.sinkFormat === 'console' || this.sinkFormat === 'memory')
      return join(tmpdir(), `streamlake-temporary-${randomUUID()}`)
    throw new EngineError(
      'SL_API_INVALID_OPTION',
      {
        option: 'checkpointLocation',
        problem: `is required for the ${this.sinkFormat} sink`,
        value: 'none',
        hint: "Add .option('checkpointLocation', './checkpoints/<query>'): it is where progress is kept so that a restart continues exactly once.",
      },
      { option: 'checkpointLocation' },
    )
  }

  private createSink(): { sink: Sink; identity: { format: string; path: string | null } } {
    const spark = this.df.sparkSession
    switch (this.sinkFormat) {
      case 'delta': {
        const path = this.opts['path']
        if (!path) {
          throw new EngineError(
            'SL_API_INVALID_OPTION',
            {
              option: 'path',
              problem: 'is required for the delta sink',
              value: 'none',
              hint: "Pass the table directory to start('./data/events').",
            },
            { option: 'path' },
          )
        }
        return {
          sink: new DeltaSink(resolve(path), this.opts, this.partitionColumns),
          identity: { format: 'delta', path: resolve(path) },
        }
      }
      case 'json':
      case 'csv':
      case 'parquet': {
        const format: FileSinkFormat = this.sinkFormat
        const path = this.opts['path']
        if (!path) {
          throw new EngineError(
            'SL_API_INVALID_OPTION',
            {
              option: 'path',
              problem: `is required for the ${format} file sink (Spark: 'path' is not specified)`,
              value: 'none',
              hint: "Pass the output directory to start('./data/out').",
            },
            { option: 'path' },
          )
        }
        const sink = new FileStreamSink({
          format,
          path: resolve(path),
          options: this.opts,
          partitionBy: this.partitionColumns ?? [],
          outputMode: this.mode,
          timeZone: spark.conf.timeZone,
          log: fileSinkLogSettings(spark.conf, this.opts),
        })
        return { sink, identity: { format, path: resolve(path) } }
      }
      case 'kafka': {
        const sink = new KafkaSink(this.opts)
        return { sink, identity: { format: 'kafka', path: null } }
      }
      case 'console':
        return {
          sink: new ConsoleSink(
            Number(this.opts['numRows'] ?? 20),
            this.opts['truncate'] !== 'false',
          ),
          identity: { format: 'console', path: null },
        }
      case 'memory': {
        if (!this.name) {
          throw new EngineError(
            'SL_API_INVALID_OPTION',
            {
              option: 'queryName',
              problem: 'is required for the memory sink',
              value: 'none',
              hint: "Add .queryName('my_table'); read it back with spark.table('my_table').",
            },
            { option: 'queryName' },
          )
        }
        const sink = new MemorySink(this.name)
        spark.registerMemoryTable(this.name, sink)
        return { sink, identity: { format: 'memory', path: this.name } }
      }
      case 'foreachBatch': {
        const fn = this.foreachFn
        if (!fn) {
          throw new EngineError(
            'SL_API_INVALID_OPTION',
            {
              option: 'format',
              problem: 'foreachBatch needs a function',
              value: 'none',
              hint: 'Call .foreachBatch((df, batchId) => ...).',
            },
            { option: 'format' },
          )
        }
        const handler = (
          rows: readonly Row[],
          schema: StructType,
          batchId: number,
        ): void | Promise<void> =>
          fn(new DataFrame(spark, LocalRelationNode.create(schema, rows)), batchId)
        return {
          sink: new ForeachBatchSink(handler),
          identity: { format: 'foreachBatch', path: null },
        }
      }
      default:
        throw new EngineError(
          'SL_API_INVALID_OPTION',
          {
            option: 'format',
            problem: 'is not a known sink',
            value: this.sinkFormat,
            hint: `Use one of ${SINK_FORMATS.join(', ')}.`,
          },
          { option: 'format' },
        )
    }
  }
}

/** Update mode of a query ending in an aggregation: its grouping columns are the upsert keys. */
function upsertKeysOf(
  plan: LogicalPlan,
  resolveSource: SourceSchemaResolver,
): { upsertKeys?: readonly string[] } {
  if (plan.kind !== 'AggregateNode') return {}
  const names = outputSchema(plan, resolveSource)
    .fields.slice(0, plan.grouping.length)
    .map((f) => f.name)
  return { upsertKeys: names }
}

/** The plan's source schemas: given ones, and Delta tables' read now with `readSchema`. */
async function sourceSchemaResolver(
  plan: LogicalPlan,
  readSchema: (node: SourceNode) => Promise<StructType>,
): Promise<SourceSchemaResolver> {
  const read = new Map<string, StructType>()
  for (const node of collectSources(plan))
    if (!node.schema && node.format === 'delta') read.set(node.sourceId, await readSchema(node))
  return (node) => node.schema ?? read.get(node.sourceId) ?? userSchemaResolver(node)
}

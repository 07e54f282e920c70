/**
 * The Spark Connect backend: runs the logical plans of a remote session (`.remote('sc://…')`) on
 * a Spark Connect server instead of the embedded executor. It owns the translation of plans to
 * Connect relations (plan-to-relation.ts), batch actions through `ExecutePlan` with Arrow
 * results, and streaming queries through `WriteStreamOperationStart` and
 * `StreamingQueryCommand`. It must not depend on the embedded executor, state or sinks, and no
 * Connect message type appears in its public signatures: `api/` talks to it in plan nodes, rows
 * and plain options.
 */
import { AnalysisError, EngineError } from '../errors/index.js'
import { isStreamingPlan, type LogicalPlan } from '../plan/nodes/index.js'
import type { Row, StructType } from '../types/index.js'
import { arrowBatchesToRows } from './arrow-to-rows.js'
import type { ConnectionString } from './connection-string.js'
import { schemaFromProto } from './data-type-from-proto.js'
import { planToRelation, type RelationInit } from './plan-to-relation.js'
import { checkSinkOptions } from './remote-options.js'
import { RemoteQueries } from './remote-queries.js'
import type { RemoteStreamingQuery } from './remote-streaming-query.js'
import { SparkConnectClient } from './spark-connect-client.js'
import { WriteOperation_SaveMode } from './gen/commands_pb.js'

/** @internal What `df.write…save(path)` asks of the server. */
export interface RemoteWriteSpec {
  readonly plan: LogicalPlan
  readonly format: string
  readonly mode: 'append' | 'overwrite' | 'errorifexists' | 'ignore'
  readonly options: Readonly<Record<string, string>>
  readonly partitionBy: readonly string[] | undefined
  /** The output path as the server sees it (undefined for formats without one). */
  readonly path: string | undefined
}

const SAVE_MODE = {
  append: WriteOperation_SaveMode.APPEND,
  overwrite: WriteOperation_SaveMode.OVERWRITE,
  errorifexists: WriteOperation_SaveMode.ERROR_IF_EXISTS,
  ignore: WriteOperation_SaveMode.IGNORE,
} as const

/** @internal What `writeStream…start()` asks of a remote query. */
export interface RemoteStreamSpec {
  readonly plan: LogicalPlan
  readonly format: string
  readonly options: Readonly<Record<string, string>>
  readonly outputMode: 'append' | 'update' | 'complete'
  readonly trigger:
    | { readonly kind: 'default' }
    | { readonly kind: 'processingTime'; readonly intervalMs: number }
    | { readonly kind: 'once' }
    | { readonly kind: 'availableNow' }
  readonly queryName: string | null
  readonly path: string | undefined
  readonly partitionBy?: readonly string[]
}

/** @internal */
export class SparkConnectBackend {
  private readonly client: SparkConnectClient
  /** The server session's streaming queries and their events (`spark.streams`). */
  readonly queries: RemoteQueries
  /** The session settings the server session has from us (undefined before the first request). */
  private sentConf: Readonly<Record<string, string>> | undefined
  /** The settings exchange in flight: requests wait for it, and one runs at a time. */
  private configuring: Promise<void> = Promise.resolve()

  /**
   * @param connection the parsed connection string
   * @param sessionConf settings sent to the server session before the first request
   */
  constructor(
    connection: ConnectionString,
    private readonly sessionConf: () => Readonly<Record<string, string>>,
  ) {
    this.client = new SparkConnectClient(connection)
    this.queries = new RemoteQueries(this.client)
  }

  /** The connection string with its token masked. */
  get url(): string {
    return this.client.connection.display
  }

  /** Runs a batch plan and returns its rows in the engine's value form. */
  async collect(plan: LogicalPlan, action: string): Promise<{ schema: StructType; rows: Row[] }> {
    if (isStreamingPlan(plan)) throw new AnalysisError('SL_PLAN_STREAMING_ACTION', { action })
    const relation = planToRelation(plan)
    await this.configure()
    const responses = await this.client.execute({ case: 'root', value: relation }, action)
    const batches: Uint8Array[] = []
    for (const r of responses)
      if (r.responseType.case === 'arrowBatch') batches.push(r.responseType.value.data)
    return arrowBatchesToRows(batches)
  }

  /**
   * The schema Spark's analyzer gives a plan (batch or streaming; `AnalyzePlan`), e.g. a Delta
   * table's columns, or the columns of a join as Spark names them.
   */
  async schema(plan: LogicalPlan): Promise<StructType> {
    const relation = planToRelation(plan)
    await this.configure()
    const response = await this.client.analyze(
      { case: 'schema', value: { plan: { opType: { case: 'root', value: relation } } } },
      'schema',
    )
    if (response.result.case !== 'schema')
      throw new EngineError('SL_INTERNAL_INVARIANT', {
        message: 'the Spark Connect server answered a schema request without a schema',
      })
    return schemaFromProto(response.result.value.schema)
  }

  /** The number of rows of a batch plan, counted on the server. */
  async count(plan: LogicalPlan): Promise<number> {
    if (isStreamingPlan(plan))
      throw new AnalysisError('SL_PLAN_STREAMING_ACTION', { action: 'count' })
    const relation = planToRelation(plan)
    await this.configure()
    const responses = await this.client.execute(
      {
        case: 'root',
        value: {
          relType: {
            case: 'aggregate',
            value: {
              input: relation,
              groupType: 1,
              aggregateExpressions: [
                {
                  exprType: {
                    case: 'unresolvedFunction',
                    value: {
                      functionName: 'count',
                      arguments: [
                        {
                          exprType: {
                            case: 'literal',
                            value: { literalType: { case: 'integer', value: 1 } },
                          },
                        },
                      ],
                    },
                  },
                },
              ],
            },
          },
        },
      },
      'count',
    )
    const batches = responses.flatMap((r) =>
      r.responseType.case === 'arrowBatch' ? [r.responseType.value.data] : [],
    )
    const { rows } = arrowBatchesToRows(batches)
    return Number(rows[0]?.[0] ?? 0)
  }

  /**
   * `df.write` on the server (`WriteOperation`): Spark computes the plan and writes it with its
   * own writer, so the options are Spark's (Delta's `mergeSchema`, `replaceWhere`… included).
   */
  async write(spec: RemoteWriteSpec): Promise<void> {
    if (isStreamingPlan(spec.plan)) throw new AnalysisError('SL_API_WRITE_STREAMING_DATAFRAME', {})
    const input = planToRelation(spec.plan)
    await this.configure()
    await this.client.execute(
      {
        case: 'command',
        value: {
          commandType: {
            case: 'writeOperation',
            value: {
              input,
              source: spec.format,
              ...(spec.path !== undefined
                ? { saveType: { case: 'path', value: spec.path } as const }
                : {}),
              mode: SAVE_MODE[spec.mode],
              partitioningColumns: [...(spec.partitionBy ?? [])],
              options: { ...spec.options },
            },
          },
        },
      },
      `df.write.format('${spec.format}').save(${spec.path === undefined ? '' : `'${spec.path}'`})`,
    )
  }

  /** Starts a streaming query on the server. */
  async startStream(spec: RemoteStreamSpec): Promise<RemoteStreamingQuery> {
    // kafka: Spark's own Kafka sink (at-least-once; deliveryGuarantee is refused by the checks).
    // Files: Spark's FileStreamSink, the same sink and _spark_metadata log as the embedded one.
    if (!['delta', 'parquet', 'json', 'csv', 'kafka'].includes(spec.format)) {
      throw new EngineError(
        'SL_CONNECT_UNSUPPORTED',
        {
          feature: `The ${spec.format} sink`,
          hint: "Write to a Delta table (format('delta')), files (json, csv, parquet) or Kafka: Spark Connect cannot call back into this process for console, memory or foreachBatch sinks.",
        },
        { option: 'format' },
      )
    }
    checkSinkOptions(spec.format, spec.options)
    const input = planToRelation(spec.plan)
    await this.configure()
    // The event stream first: the server reports the started event only to a listening session.
    await this.queries.listen()
    const trigger =
      spec.trigger.kind === 'processingTime'
        ? ({
            case: 'processingTimeInterval',
            value: `${spec.trigger.intervalMs} milliseconds`,
          } as const)
        : spec.trigger.kind === 'once'
          ? ({ case: 'once', value: true } as const)
          : spec.trigger.kind === 'availableNow'
            ? ({ case: 'availableNow', value: true } as const)
            : undefined
    const responses = await this.client.execute(
      {
        case: 'command',
        value: {
          commandType: {
            case: 'writeStreamOperationStart',
            value: {
              input,
              format: spec.format,
              options: { ...spec.options },
              outputMode: spec.outputMode,
              queryName: spec.queryName ?? '',
              partitioningColumnNames: [...(spec.partitionBy ?? [])],
              ...(trigger ? { trigger } : {}),
              ...(spec.path !== undefined
                ? { sinkDestination: { case: 'path', value: spec.path } }
                : {}),
            },
          },
        },
      },
      `start of streaming query ${spec.queryName ?? ''}`.trim(),
    )
    for (const r of responses)
      if (r.responseType.case === 'writeStreamOperationStartResult')
        return this.queries.started(r.responseType.value)
    throw new EngineError('SL_INTERNAL_INVARIANT', {
      message: 'the Spark Connect server answered WriteStreamOperationStart without a query id',
    })
  }

  /**
   * Runs one SQL statement on the server (`SqlCommand`; a command such as Delta's MERGE runs at
   * once) and returns its result rows. Each of `references` is a plan the statement names by its
   * `alias`: the server registers it as a temporary view for this statement only
   * (`WithRelations`) and drops it afterwards.
   */
  async sql(
    query: string,
    operation: string,
    references: readonly { readonly alias: string; readonly plan: LogicalPlan }[] = [],
  ): Promise<{ schema: StructType; rows: Row[] }> {
    const root: RelationInit = { relType: { case: 'sql', value: { query } } }
    const input: RelationInit =
      references.length === 0
        ? root
        : {
            relType: {
              case: 'withRelations',
              value: {
                root,
                references: references.map((r): RelationInit => ({
                  relType: {
                    case: 'subqueryAlias',
                    value: { input: planToRelation(r.plan), alias: r.alias },
                  },
                })),
              },
            },
          }
    await this.configure()
    const responses = await this.client.execute(
      { case: 'command', value: { commandType: { case: 'sqlCommand', value: { input } } } },
      operation,
    )
    for (const r of responses) {
      if (r.responseType.case !== 'sqlCommandResult') continue
      const relation = r.responseType.value.relation
      // A command answers with its rows; a query (DESCRIBE HISTORY may be one) with its plan.
      if (relation?.relType.case === 'localRelation')
        return arrowBatchesToRows(relation.relType.value.data ? [relation.relType.value.data] : [])
      if (relation) {
        const result = await this.client.execute({ case: 'root', value: relation }, operation)
        return arrowBatchesToRows(
          result.flatMap((x) =>
            x.responseType.case === 'arrowBatch' ? [x.responseType.value.data] : [],
          ),
        )
      }
    }
    throw new EngineError('SL_INTERNAL_INVARIANT', {
      message: `the Spark Connect server answered ${operation} without a SQL result`,
    })
  }

  /**
   * Mirrors settings of this session on the server session before an operation that reads them
   * there (Delta's `spark.databricks.delta.*`): `set` is sent, `unset` keys go back to the
   * server's default, so a setting removed here is not left behind there.
   */
  async syncConf(set: Readonly<Record<string, string>>, unset: readonly string[]): Promise<void> {
    await this.configure()
    if (Object.keys(set).length > 0) await this.client.setConf(set)
    if (unset.length > 0) await this.client.unsetConf(unset)
  }

  /**
   * Brings the server session's settings in line with this session's before a request: all of
   * them the first time, then only what changed since (a `spark.conf.set` between two actions
   * reaches the server, as in PySpark, where `conf.set` is itself a request), and removed keys
   * back to the server's default. Nothing is sent when nothing changed.
   */
  private configure(): Promise<void> {
    const run = this.configuring.then(async () => {
      const now = this.sessionConf()
      const before = this.sentConf
      if (before === undefined) {
        await this.client.setConf(now)
      } else {
        const changed = Object.entries(now).filter(([k, v]) => before[k] !== v)
        const removed = Object.keys(before).filter((k) => !(k in now))
        if (changed.length > 0) await this.client.setConf(Object.fromEntries(changed))
        if (removed.length > 0) await this.client.unsetConf(removed)
      }
      this.sentConf = now
    })
    // A failed exchange is retried by the next request (sentConf still says what the server has).
    this.configuring = run.catch(() => undefined)
    return run
  }
}

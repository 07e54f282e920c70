/**
 * A streaming query running on a Spark Connect server, with the embedded query's interface
 * (api/streaming-query.ts). Every call is a `StreamingQueryCommand`, as PySpark's
 * `pyspark/sql/connect/streaming/query.py` sends them; the synchronous getters (`status`,
 * `lastProgress`, `recentProgress`, `isActive`) read a snapshot that a poller refreshes while the
 * query runs, that the session's listener-bus stream updates as events arrive
 * (remote-listener-bus.ts), and that every awaited call (`processAllAvailable`,
 * `awaitTermination`, `stop`, `refresh`) brings up to date before it resolves.
 *
 * Progress is Spark's own JSON. Spark's server-side JSON has no top-level `numInputRows`,
 * `inputRowsPerSecond` or `processedRowsPerSecond` (they are computed properties of the JVM
 * object); like PySpark's `StreamingQueryProgress.fromJson` we sum them over `sources`.
 *
 * Failures are typed and name the query: the query's own error is SL_CONNECT_QUERY_FAILED (with
 * Spark's error class), a handle the server does not know (the server restarted, the query
 * belongs to another server session) SL_CONNECT_QUERY_NOT_FOUND, and a server that went away
 * while the query ran SL_CONNECT_QUERY_LOST — after which the handle is inactive and
 * `exception()` returns that error, because the query ran inside the server.
 */
import type { MessageInitShape } from '@bufbuild/protobuf'
import { ConnectError } from '@connectrpc/connect'
import { EngineError } from '../errors/index.js'
import type { StreamingQueryProgress, StreamingQueryStatus } from '../monitor/progress.js'
import type { StreamingQueryCommandSchema } from './gen/commands_pb.js'
import type { StreamingQueryCommandResult } from './gen/commands_pb.js'
import type { SparkConnectClient } from './spark-connect-client.js'

type Command = NonNullable<MessageInitShape<typeof StreamingQueryCommandSchema>['command']>

const POLL_INTERVAL_MS = 1000
/** Spark's default `spark.sql.streaming.numRecentProgressUpdates`. */
const RECENT_PROGRESS_KEPT = 100

/** @internal */
export class RemoteStreamingQuery {
  private snapshot: {
    status: StreamingQueryStatus
    isActive: boolean
    recent: StreamingQueryProgress[]
  } = {
    status: { message: 'Initializing sources', isDataAvailable: false, isTriggerActive: false },
    isActive: true,
    recent: [],
  }
  private failure: EngineError | null = null
  private lost: EngineError | null = null
  private poller: NodeJS.Timeout | undefined

  constructor(
    private readonly client: SparkConnectClient,
    readonly id: string,
    readonly runId: string,
    readonly name: string | null,
  ) {
    let polling = false
    this.poller = setInterval(() => {
      // A slow server must not pile up refreshes: one at a time.
      if (polling) return
      polling = true
      this.refresh()
        .catch(() => undefined)
        .finally(() => (polling = false))
    }, POLL_INTERVAL_MS)
    this.poller.unref()
  }

  get isActive(): boolean {
    return this.snapshot.isActive
  }
  get status(): StreamingQueryStatus {
    return this.snapshot.status
  }
  get lastProgress(): StreamingQueryProgress | null {
    return this.snapshot.recent.at(-1) ?? null
  }
  get recentProgress(): readonly StreamingQueryProgress[] {
    return this.snapshot.recent
  }

  /**
   * The error that stopped the query (SL_CONNECT_QUERY_FAILED), or SL_CONNECT_QUERY_LOST once
   * the server stopped answering, or null — as of the last refresh or event.
   */
  exception(): EngineError | null {
    return this.failure ?? this.lost
  }

  /** Reads status, progress and failure from the server. */
  async refresh(): Promise<void> {
    const status = await this.command({ case: 'status', value: true }, 'status')
    const recent = await this.command({ case: 'recentProgress', value: true }, 'recentProgress')
    const s = status.resultType.case === 'status' ? status.resultType.value : undefined
    this.snapshot = {
      status: s
        ? {
            message: s.statusMessage,
            isDataAvailable: s.isDataAvailable,
            isTriggerActive: s.isTriggerActive,
          }
        : this.snapshot.status,
      isActive: s?.isActive ?? this.snapshot.isActive,
      recent:
        recent.resultType.case === 'recentProgress'
          ? recent.resultType.value.recentProgressJson.map(progressFromJson)
          : this.snapshot.recent,
    }
    if (!this.snapshot.isActive) {
      this.stopPolling()
      const e = await this.command({ case: 'exception', value: true }, 'exception')
      if (e.resultType.case === 'exception' && e.resultType.value.exceptionMessage)
        this.failure = this.queryFailed(
          e.resultType.value.exceptionMessage,
          e.resultType.value.errorClass,
          e.resultType.value.stackTrace,
        )
    }
  }

  /** Stops the query on the server. */
  async stop(): Promise<void> {
    await this.command({ case: 'stop', value: true }, 'stop')
    await this.refresh()
  }

  /**
   * Waits for the query to end. Resolves true when it ended, false when `timeoutMs` passed
   * first; rejects with the query's error if it failed, or SL_CONNECT_QUERY_LOST when the
   * server went away meanwhile.
   */
  async awaitTermination(timeoutMs?: number): Promise<boolean> {
    let terminated: boolean
    try {
      const r = await this.command(
        {
          case: 'awaitTermination',
          // Spark requires a positive timeout (StreamExecution.awaitTermination).
          value:
            timeoutMs === undefined ? {} : { timeoutMs: BigInt(Math.max(1, Math.ceil(timeoutMs))) },
        },
        'awaitTermination',
      )
      terminated = r.resultType.case === 'awaitTermination' && r.resultType.value.terminated
    } catch (error) {
      // A failed query makes the server answer awaitTermination with its exception.
      if (!this.lost) await this.refresh().catch(() => undefined)
      throw this.failure ?? this.lost ?? error
    }
    await this.refresh()
    if (terminated && this.failure) throw this.failure
    return terminated
  }

  /** Waits until all data available now has been processed (or the query ended). */
  async processAllAvailable(): Promise<void> {
    try {
      await this.command({ case: 'processAllAvailable', value: true }, 'processAllAvailable')
    } catch (error) {
      if (!this.lost) await this.refresh().catch(() => undefined)
      throw this.failure ?? this.lost ?? error
    }
    await this.refresh()
    if (this.failure) throw this.failure
  }

  /** @internal A progress event of this run from the listener bus. */
  progressed(progress: StreamingQueryProgress): void {
    if (progress.runId !== this.runId) return
    const recent = this.snapshot.recent
    const last = recent.at(-1)
    if (last && last.batchId === progress.batchId && last.timestamp === progress.timestamp) return
    this.snapshot = {
      ...this.snapshot,
      recent: [...recent, progress].slice(-RECENT_PROGRESS_KEPT),
    }
  }

  /**
   * @internal This run ended (the listener bus's terminated event): inactive from now on; the
   * failure, if any, is read from the server.
   */
  async terminated(): Promise<void> {
    this.snapshot = {
      ...this.snapshot,
      isActive: false,
      status: { ...this.snapshot.status, isTriggerActive: false },
    }
    this.stopPolling()
    await this.refresh()
  }

  /** @internal Stops polling (the session closed); the handle keeps its last snapshot. */
  close(): void {
    this.stopPolling()
  }

  private stopPolling(): void {
    clearInterval(this.poller)
    this.poller = undefined
  }

  private get label(): string {
    return this.name === null ? this.id : `${this.name} (id ${this.id})`
  }

  private async command(command: Command, what: string): Promise<StreamingQueryCommandResult> {
    let responses
    try {
      responses = await this.client.execute(
        {
          case: 'command',
          value: {
            commandType: {
              case: 'streamingQueryCommand',
              value: { queryId: { id: this.id, runId: this.runId }, command },
            },
          },
        },
        `${what} of streaming query ${this.label}`,
      )
    } catch (error) {
      throw this.commandFailed(error)
    }
    for (const r of responses)
      if (r.responseType.case === 'streamingQueryCommandResult') return r.responseType.value
    throw this.notFound()
  }

  /** Names the query in the errors a command can meet; a lost server ends the handle. */
  private commandFailed(error: unknown): unknown {
    if (!(error instanceof EngineError)) return error
    if (error.code === 'SL_CONNECT_SPARK_ERROR' && /STREAMING_QUERY_NOT_FOUND/.test(error.message))
      return this.notFound(error)
    if (error.code !== 'SL_CONNECT_UNAVAILABLE' || !this.snapshot.isActive) return error
    this.lost ??= new EngineError(
      'SL_CONNECT_QUERY_LOST',
      {
        url: this.client.connection.display,
        query: this.label,
        reason: error.cause === undefined ? 'no answer' : ConnectError.from(error.cause).rawMessage,
      },
      { queryId: this.id, cause: error },
    )
    this.snapshot = {
      ...this.snapshot,
      isActive: false,
      status: {
        message: `Lost contact with the Spark Connect server ${this.client.connection.display}`,
        isDataAvailable: false,
        isTriggerActive: false,
      },
    }
    this.stopPolling()
    return this.lost
  }

  private notFound(cause?: unknown): EngineError {
    this.snapshot = { ...this.snapshot, isActive: false }
    this.stopPolling()
    return new EngineError(
      'SL_CONNECT_QUERY_NOT_FOUND',
      {
        url: this.client.connection.display,
        queryId: `${this.label}, run ${this.runId}`,
      },
      { queryId: this.id, ...(cause === undefined ? {} : { cause }) },
    )
  }

  private queryFailed(
    message: string,
    errorClass: string | undefined,
    stackTrace: string | undefined,
  ): EngineError {
    const main = sparkQueryMessage(message)
    const root = rootCause(stackTrace ?? '')
    return new EngineError(
      'SL_CONNECT_QUERY_FAILED',
      {
        url: this.client.connection.display,
        query: this.label,
        message: root && !main.includes(root) ? `${main}, caused by ${root}` : main,
        hint: errorClass ? `Spark's error class: ${errorClass}.` : 'See the Spark driver log.',
      },
      { queryId: this.id },
    )
  }
}

/**
 * The message of Spark's `StreamingQueryException.toString`: without the Java class name (as
 * PySpark drops it) and without the plan Spark appends after `=== Streaming Query ===`.
 */
export function sparkQueryMessage(text: string): string {
  const body = text.replace(/^[A-Za-z_$][\w$.]*(Exception|Error):\s*/, '')
  const cut = body.indexOf('=== Streaming Query ===')
  return (cut >= 0 ? body.slice(0, cut) : body).trim().replace(/\.$/, '')
}

/**
 * The innermost `Caused by:` of a JVM stack trace, without its class name: Spark wraps the
 * error that matters (`[CAST_INVALID_INPUT] …`) in task and stream failures.
 */
export function rootCause(stackTrace: string): string | undefined {
  const causes = [...stackTrace.matchAll(/^Caused by: [\w$.]+: (.+)$/gm)]
  return causes.at(-1)?.[1]?.trim().replace(/\.$/, '')
}

/**
 * Spark's progress JSON with PySpark's computed top-level fields filled in, placed after
 * `batchDuration` as in Spark's own `StreamingQueryProgress.json`.
 */
export function progressFromJson(json: string): StreamingQueryProgress {
  return progressFromObject(JSON.parse(json) as Record<string, unknown>)
}

/** {@link progressFromJson} of an already parsed object (a listener event's `progress`). */
export function progressFromObject(p: Record<string, unknown>): StreamingQueryProgress {
  const sources = (p['sources'] ?? []) as Record<string, unknown>[]
  const sum = (key: string): number =>
    sources.reduce((total, s) => total + (Number(s[key]) || 0), 0)
  const computed = {
    numInputRows: p['numInputRows'] ?? sum('numInputRows'),
    inputRowsPerSecond: p['inputRowsPerSecond'] ?? sum('inputRowsPerSecond'),
    processedRowsPerSecond: p['processedRowsPerSecond'] ?? sum('processedRowsPerSecond'),
  }
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(p)) {
    if (k in computed) continue
    out[k] = v
    if (k === 'batchDuration') Object.assign(out, computed)
  }
  return ('numInputRows' in out
    ? out
    : { ...out, ...computed }) as unknown as StreamingQueryProgress
}

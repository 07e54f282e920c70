/**
 * A streaming query running on a Spark Connect server, with the embedded query's interface
 * (api/streaming-query.ts). Every call is a `StreamingQueryCommand`; the synchronous getters
 * (`status`, `lastProgress`, `recentProgress`, `isActive`) read a snapshot that a poller refreshes
 * while the query runs, and that every awaited call (`processAllAvailable`, `awaitTermination`,
 * `stop`, `refresh`) brings up to date before it resolves.
 *
 * Progress is Spark's own JSON. Spark's server-side JSON has no top-level `numInputRows`,
 * `inputRowsPerSecond` or `processedRowsPerSecond` (they are computed properties of the JVM
 * object); like PySpark's `StreamingQueryProgress.fromJson` we sum them over `sources`.
 */
import type { MessageInitShape } from '@bufbuild/protobuf'
import { EngineError } from '../errors/index.js'
import type { StreamingQueryProgress, StreamingQueryStatus } from '../monitor/progress.js'
import type { StreamingQueryCommandSchema } from './gen/commands_pb.js'
import type { StreamingQueryCommandResult } from './gen/commands_pb.js'
import type { SparkConnectClient } from './spark-connect-client.js'

type Command = NonNullable<MessageInitShape<typeof StreamingQueryCommandSchema>['command']>

const POLL_INTERVAL_MS = 1000

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
  private poller: NodeJS.Timeout | undefined

  constructor(
    private readonly client: SparkConnectClient,
    readonly id: string,
    readonly runId: string,
    readonly name: string | null,
  ) {
    this.poller = setInterval(() => {
      this.refresh().catch(() => undefined)
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

  /** The error that stopped the query, or null (as of the last refresh). */
  exception(): EngineError | null {
    return this.failure
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
   * first; rejects with the query's error if it failed.
   */
  async awaitTermination(timeoutMs?: number): Promise<boolean> {
    let terminated: boolean
    try {
      const r = await this.command(
        {
          case: 'awaitTermination',
          value: timeoutMs === undefined ? {} : { timeoutMs: BigInt(Math.max(0, timeoutMs)) },
        },
        'awaitTermination',
      )
      terminated = r.resultType.case === 'awaitTermination' && r.resultType.value.terminated
    } catch (error) {
      // A failed query makes the server answer awaitTermination with its exception.
      await this.refresh().catch(() => undefined)
      throw this.failure ?? error
    }
    await this.refresh()
    if (terminated && this.failure) throw this.failure
    return terminated
  }

  /** Waits until all data available now has been processed (or the query ended). */
  async processAllAvailable(): Promise<void> {
    try {
      await this.command({ case: 'processAllAvailable', value: true }, 'processAllAvailable')
    } finally {
      await this.refresh().catch(() => undefined)
    }
    if (this.failure) throw this.failure
  }

  private stopPolling(): void {
    clearInterval(this.poller)
    this.poller = undefined
  }

  private async command(command: Command, what: string): Promise<StreamingQueryCommandResult> {
    const responses = await this.client.execute(
      {
        case: 'command',
        value: {
          commandType: {
            case: 'streamingQueryCommand',
            value: { queryId: { id: this.id, runId: this.runId }, command },
          },
        },
      },
      `${what} of streaming query ${this.name ?? this.id}`,
    )
    for (const r of responses)
      if (r.responseType.case === 'streamingQueryCommandResult') return r.responseType.value
    throw new EngineError('SL_CONNECT_QUERY_NOT_FOUND', {
      url: this.client.connection.display,
      queryId: this.id,
    })
  }

  private queryFailed(message: string, errorClass: string | undefined): EngineError {
    return new EngineError(
      'SL_CONNECT_SPARK_ERROR',
      {
        url: this.client.connection.display,
        operation: `streaming query ${this.name ?? this.id}`,
        message: message.split('\n')[0]!,
        hint: errorClass ? `Spark's error class: ${errorClass}.` : 'See the Spark driver log.',
      },
      { queryId: this.id },
    )
  }
}

/**
 * Spark's progress JSON with PySpark's computed top-level fields filled in, placed after
 * `batchDuration` as in Spark's own `StreamingQueryProgress.json`.
 */
export function progressFromJson(json: string): StreamingQueryProgress {
  const p = JSON.parse(json) as Record<string, unknown> & { sources?: Record<string, unknown>[] }
  const sources = p.sources ?? []
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

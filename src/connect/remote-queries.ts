/**
 * The streaming queries of one Spark Connect server session, as `spark.streams` of a remote
 * session sees them: `StreamingQueryManagerCommand` (active, awaitAnyTermination,
 * resetTerminated) and the listener bus's events (remote-listener-bus.ts), with one
 * {@link RemoteStreamingQuery} handle per query run.
 *
 * Spark scopes queries to the server session — the `user_id` and `session_id` of the connection
 * string — not to a client process: a client that connects with the same two values sees (and
 * can stop) the queries another client started there, and a client in another session sees
 * none of them. Queries found that way, or first met in an event, are announced to the
 * subscriber like a start (with the time they were found), so the dashboard shows them too.
 */
import { EngineError } from '../errors/index.js'
import type {
  QueryIdleEvent,
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
} from '../monitor/events.js'
import type { MessageInitShape } from '@bufbuild/protobuf'
import type {
  StreamingQueryManagerCommandResult,
  StreamingQueryManagerCommandSchema,
  WriteStreamOperationStartResult,
} from './gen/commands_pb.js'
import { RemoteListenerBus, type RemoteListenerEvent } from './remote-listener-bus.js'
import { RemoteStreamingQuery } from './remote-streaming-query.js'
import type { SparkConnectClient } from './spark-connect-client.js'

type ManagerCommand = NonNullable<
  MessageInitShape<typeof StreamingQueryManagerCommandSchema>['command']
>

/** @internal What the session's query manager receives (api/streaming-query-manager.ts). */
export interface RemoteQueryEvents {
  /** A query started by this client, or found running in the server session. */
  onQueryStarted(event: QueryStartedEvent, query: RemoteStreamingQuery): void
  onQueryProgress(event: QueryProgressEvent): void
  onQueryIdle(event: QueryIdleEvent): void
  onQueryTerminated(event: QueryTerminatedEvent): void
  /** The event stream broke (the server went away). */
  onEventsLost(error: EngineError): void
}

/** @internal */
export class RemoteQueries {
  /** query id → the handle of its latest run known here */
  private readonly handles = new Map<string, RemoteStreamingQuery>()
  private readonly bus: RemoteListenerBus
  private sink: RemoteQueryEvents | undefined
  /** The server left our listener unconfirmed once (another client holds it): not retried. */
  private refused = false

  constructor(private readonly client: SparkConnectClient) {
    this.bus = new RemoteListenerBus(client, {
      onEvent: (e) => this.onEvent(e),
      onLost: (error) => this.sink?.onEventsLost(error),
    })
  }

  /** Delivers the server session's query events to `sink` (from the next start or refresh on). */
  subscribe(sink: RemoteQueryEvents): void {
    this.sink = sink
  }

  /**
   * Opens the event stream if someone subscribed and it is not open: before a start (so the
   * server returns the started event) and after asking for the active queries. Never rejects:
   * without events (the server is unreachable — the start then says so —, or another client of
   * the server session holds its one listener bus) a warning says what is missing.
   */
  async listen(): Promise<void> {
    if (!this.sink || this.bus.isOpen || this.refused) return
    try {
      await this.bus.open()
    } catch (error) {
      if (error instanceof EngineError && error.code === 'SL_CONNECT_UNAVAILABLE') return
      this.refused = true
      process.emitWarning(
        `No streaming query events from ${this.client.connection.display}: ${(error as Error).message}`,
        { code: 'STREAMLAKE_CONNECT_EVENTS' },
      )
    }
  }

  /** The handle of a query `WriteStreamOperationStart` started; announces its start. */
  started(result: WriteStreamOperationStartResult): RemoteStreamingQuery {
    const id = result.queryId?.id ?? ''
    const runId = result.queryId?.runId ?? ''
    const name = result.name === '' ? null : result.name
    if (id === '')
      throw new EngineError('SL_INTERNAL_INVARIANT', {
        message: 'the Spark Connect server answered WriteStreamOperationStart without a query id',
      })
    const query = this.handleOf(id, runId, name)
    const json = result.queryStartedEventJson
    const parsed = json ? (JSON.parse(json) as Partial<QueryStartedEvent>) : {}
    this.sink?.onQueryStarted(
      {
        id,
        runId,
        name,
        timestamp: typeof parsed.timestamp === 'string' ? parsed.timestamp : now(),
      },
      query,
    )
    return query
  }

  /**
   * The queries running in the server session (whichever client started them), as handles;
   * queries not seen before are announced.
   */
  async active(): Promise<RemoteStreamingQuery[]> {
    const r = await this.command({ case: 'active', value: true }, 'spark.streams.active')
    // Their events from now on, without waiting: the answer does not depend on them.
    void this.listen()
    if (r.resultType.case !== 'active') return []
    return r.resultType.value.activeQueries.map((q) =>
      this.discovered(q.id?.id ?? '', q.id?.runId ?? '', q.name ?? null),
    )
  }

  /**
   * Waits until any query of the server session ends (since the last resetTerminated); rejects
   * with that query's error if it failed.
   */
  async awaitAnyTermination(timeoutMs?: number): Promise<boolean> {
    try {
      const r = await this.command(
        {
          case: 'awaitAnyTermination',
          value:
            timeoutMs === undefined ? {} : { timeoutMs: BigInt(Math.max(1, Math.ceil(timeoutMs))) },
        },
        'spark.streams.awaitAnyTermination',
      )
      return r.resultType.case === 'awaitAnyTermination' && r.resultType.value.terminated
    } catch (error) {
      // Spark answers with the failed query's exception, naming it by id.
      const id = error instanceof EngineError ? /id = ([0-9a-f-]{36})/.exec(error.message) : null
      const query = id ? this.handles.get(id[1]!) : undefined
      if (!query) throw error
      await query.refresh().catch(() => undefined)
      throw query.exception() ?? error
    }
  }

  /** Forgets past terminations on the server, so awaitAnyTermination waits for a new one. */
  async resetTerminated(): Promise<void> {
    await this.command({ case: 'resetTerminated', value: true }, 'spark.streams.resetTerminated')
  }

  /** Closes the event stream and stops every handle's polling. */
  async close(): Promise<void> {
    for (const q of this.handles.values()) q.close()
    await this.bus.close()
  }

  private onEvent(e: RemoteListenerEvent): void {
    const sink = this.sink
    switch (e.kind) {
      case 'progress': {
        const p = e.progress
        this.discovered(p.id, p.runId, p.name ?? null).progressed(p)
        sink?.onQueryProgress({ progress: p })
        return
      }
      case 'idle':
        this.discovered(e.event.id, e.event.runId, null)
        sink?.onQueryIdle(e.event)
        return
      case 'terminated': {
        const query = this.handles.get(e.event.id)
        if (query?.runId === e.event.runId)
          // The handle reads the failure from the server; a server that is gone already
          // reported itself through the query's own calls.
          query.terminated().catch(() => undefined)
        sink?.onQueryTerminated(e.event)
        // An open event stream keeps the process alive: closed once no query of ours runs (the
        // next start opens it again), so a script ends when its queries do, as embedded.
        if (![...this.handles.values()].some((q) => q.isActive)) void this.bus.close()
        return
      }
    }
  }

  /** The handle of a run found on the server; a run not known here is announced. */
  private discovered(id: string, runId: string, name: string | null): RemoteStreamingQuery {
    const known = this.handles.get(id)
    if (known?.runId === runId) return known
    const query = this.handleOf(id, runId, name)
    this.sink?.onQueryStarted({ id, runId, name, timestamp: now() }, query)
    return query
  }

  private handleOf(id: string, runId: string, name: string | null): RemoteStreamingQuery {
    const known = this.handles.get(id)
    if (known?.runId === runId) return known
    known?.close()
    const query = new RemoteStreamingQuery(this.client, id, runId, name)
    this.handles.set(id, query)
    return query
  }

  private async command(
    command: ManagerCommand,
    operation: string,
  ): Promise<StreamingQueryManagerCommandResult> {
    const responses = await this.client.execute(
      {
        case: 'command',
        value: { commandType: { case: 'streamingQueryManagerCommand', value: { command } } },
      },
      operation,
    )
    for (const r of responses)
      if (r.responseType.case === 'streamingQueryManagerCommandResult') return r.responseType.value
    throw new EngineError('SL_INTERNAL_INVARIANT', {
      message: `the Spark Connect server answered ${operation} without a result`,
    })
  }
}

const now = (): string => new Date().toISOString()

/**
 * `spark.streams`: the queries of a session — `active`, `get`, `awaitAnyTermination`,
 * `resetTerminated` — and the listener bus (`addListener`, delegating to `monitor/listener-bus`).
 * A listener that throws never stops a query. With `streamlake.progressLog.enabled` (or
 * `streamlake.progressLog.dir`) every query also appends its progress to a JSON-lines log.
 *
 * A remote session's queries run on the Spark Connect server: their events come from the
 * server's listener bus (connect/remote-queries.ts) into the same bus, so listeners, the
 * dashboard, `/metrics` and the progress log see them like embedded ones. `active` and `get`
 * answer from what the session knows; `refresh()` asks the server, which scopes queries to its
 * session (`user_id` + `session_id` of the connection string), so another client in the same
 * server session sees them too. `awaitAnyTermination` and `resetTerminated` go to the server.
 */
import { MicroBatchExecutor, type StreamingQuerySpec } from '../exec/micro-batch-executor.js'
import { systemClock, type Clock } from '../exec/clock.js'
import { asEngineError, type EngineError } from '../errors/index.js'
import type { StreamingQueryListener } from '../monitor/events.js'
import { ListenerBus } from '../monitor/listener-bus.js'
import { progressLogPath } from '../monitor/progress-log.js'
import type { ProgressLogRetention } from '../monitor/progress-log-files.js'
import { ProgressLogWriter } from '../monitor/progress-log-writer.js'
import type { RemoteQueries, RemoteQueryEvents } from '../connect/remote-queries.js'
import { EmbeddedStreamingQuery, type StreamingQuery } from './streaming-query.js'

export type { StreamingQueryListener } from '../monitor/events.js'

/** @internal Settings the manager reads from the session's conf at each query start. */
export interface QueryManagerSettings {
  /** spark.sql.streaming.noDataProgressEventInterval in ms. */
  readonly noDataProgressEventIntervalMs: number
  /** Where the query's JSON-lines progress log goes, if anywhere, and how much of it is kept. */
  readonly progressLog:
    { readonly dir: string | undefined; readonly retention?: ProgressLogRetention } | undefined
}

export class StreamingQueryManager {
  private readonly queries = new Map<string, StreamingQuery>()
  /** Query id → the progress log its latest run writes (the dashboard reloads history from it). */
  private readonly progressLogs = new Map<string, string>()
  /** @internal The session's listener bus (the dashboard server subscribes here). */
  readonly bus = new ListenerBus()
  private lastTerminated: { query: StreamingQuery; error: EngineError | null } | undefined
  private terminationWaiters: (() => void)[] = []
  /** @internal Tests swap in a manual clock. */
  clock: Clock = systemClock
  /** A remote session's server-side queries (loads the Connect backend on first use). */
  private remote: (() => Promise<RemoteQueries>) | undefined
  private attached: RemoteQueries | undefined
  /** Query id → the progress log writer of a remote query's run. */
  private readonly remoteLogs = new Map<string, ProgressLogWriter>()
  private warnedRemoteLog = false

  /** @internal */
  constructor(
    private readonly settings: () => QueryManagerSettings = () => ({
      noDataProgressEventIntervalMs: 10_000,
      progressLog: undefined,
    }),
  ) {}

  /** Queries currently running. */
  get active(): StreamingQuery[] {
    return [...this.queries.values()].filter((q) => q.isActive)
  }

  /** A running query by id. */
  get(id: string): StreamingQuery | undefined {
    return this.queries.get(id)
  }

  /** @internal The progress log the query's latest run in this session writes, if any. */
  progressLogPathOf(id: string): string | undefined {
    return this.progressLogs.get(id)
  }

  /** Subscribes to every query's started, progress, idle and terminated events. */
  addListener(listener: StreamingQueryListener): void {
    this.bus.add(listener)
  }

  removeListener(listener: StreamingQueryListener): void {
    this.bus.remove(listener)
  }

  /**
   * Waits until any query ends (since the last resetTerminated); rejects with its error. In a
   * remote session, any query of the server session.
   */
  async awaitAnyTermination(timeoutMs?: number): Promise<boolean> {
    if (this.remote) return (await this.remote()).awaitAnyTermination(timeoutMs)
    if (!this.lastTerminated) {
      let timer: NodeJS.Timeout | undefined
      const ended = await new Promise<boolean>((resolve) => {
        this.terminationWaiters.push(() => resolve(true))
        if (timeoutMs !== undefined) timer = setTimeout(() => resolve(false), timeoutMs)
      })
      clearTimeout(timer)
      if (!ended) return false
    }
    const error = this.lastTerminated?.error
    if (error) throw error
    return true
  }

  /** Forgets past terminations so awaitAnyTermination waits for a new one. */
  async resetTerminated(): Promise<void> {
    this.lastTerminated = undefined
    if (this.remote) await (await this.remote()).resetTerminated()
  }

  /**
   * Asks the engine which queries run now and returns them (then also in `active` and `get`).
   * Embedded, that is `active`. In a remote session it asks the Spark Connect server: every query
   * of the server session, also those another client started with the same `user_id` and
   * `session_id` in its connection string (for example a process that was killed).
   *
   * @example
   * ```ts
   * import { SparkSession } from 'streamlake'
   * const spark = SparkSession.builder()
   *   .remote('sc://localhost:15002/;user_id=etl;session_id=8a4f1c2e-0d6b-4c3e-9f10-2b7d5e6a9c01')
   *   .getOrCreate()
   * for (const q of await spark.streams.refresh()) await q.stop()
   * ```
   */
  async refresh(): Promise<StreamingQuery[]> {
    if (!this.remote) return this.active
    const running = await (await this.remote()).active()
    const ids = new Set(running.map((q) => q.id))
    for (const q of running) this.queries.set(q.id, q)
    for (const [id, q] of this.queries) if (!ids.has(id) && !q.isActive) this.queries.delete(id)
    return this.active
  }

  /** @internal A remote session: where its server-side queries are (session.ts). */
  useRemote(load: () => Promise<RemoteQueries>): void {
    this.remote = load
  }

  /**
   * @internal Subscribes to a remote session's query events once its backend is loaded: they
   * feed the listener bus, `active`/`get` and the progress log like an embedded query's.
   */
  attachRemote(queries: RemoteQueries): void {
    this.attached = queries
    queries.subscribe(this.remoteEvents())
  }

  /** @internal Closes a remote session's event stream and query polling (session stop). */
  async close(): Promise<void> {
    await this.attached?.close()
  }

  private remoteEvents(): RemoteQueryEvents {
    return {
      onQueryStarted: (e, query) => {
        this.queries.set(e.id, query)
        this.openRemoteLog(e.id, e.name)
        this.bus.postStarted(e)
      },
      onQueryProgress: (e) => {
        this.remoteLogs.get(e.progress.id)?.append(e.progress)
        this.bus.postProgress(e)
      },
      onQueryIdle: (e) => this.bus.postIdle(e),
      onQueryTerminated: (e) => {
        const query = this.queries.get(e.id)
        if (query?.runId === e.runId) {
          this.queries.delete(e.id)
          this.lastTerminated = { query, error: null }
        }
        this.remoteLogs.delete(e.id)
        this.bus.postTerminated(e)
        for (const w of this.terminationWaiters.splice(0)) w()
      },
      onEventsLost: (error) =>
        process.emitWarning(
          `The events of remote streaming queries stopped (listeners, dashboard and progress log see no more of them): ${error.message}`,
          { code: 'STREAMLAKE_CONNECT_EVENTS' },
        ),
    }
  }

  /**
   * A remote query's progress log. Its checkpoint is on the server's file system, so the log
   * goes only to `streamlake.progressLog.dir` (a client-side folder); without one, a warning
   * says so once.
   */
  private openRemoteLog(id: string, name: string | null): void {
    const log = this.settings().progressLog
    if (!log) return
    if (log.dir === undefined) {
      if (!this.warnedRemoteLog)
        process.emitWarning(
          'streamlake.progressLog.enabled has no effect on a remote session without streamlake.progressLog.dir: its checkpoints are on the Spark Connect server. Set streamlake.progressLog.dir to a local folder.',
          { code: 'STREAMLAKE_PROGRESS_LOG' },
        )
      this.warnedRemoteLog = true
      return
    }
    const path = progressLogPath('', log.dir, id, name)
    this.remoteLogs.set(id, new ProgressLogWriter(path, log.retention))
    this.progressLogs.set(id, path)
  }

  /** @internal Tracks a query another engine runs (Spark Connect) in `active` and `get`. */
  track(query: StreamingQuery): StreamingQuery {
    this.queries.set(query.id, query)
    return query
  }

  /** @internal */
  async startQuery(spec: Omit<StreamingQuerySpec, 'clock'>): Promise<StreamingQuery> {
    const holder: { query?: StreamingQuery } = {}
    const settings = this.settings()
    const log = settings.progressLog
    let writer: ProgressLogWriter | undefined
    const executor = new MicroBatchExecutor(
      {
        noDataProgressEventIntervalMs: settings.noDataProgressEventIntervalMs,
        ...spec,
        clock: this.clock,
      },
      {
        onStarted: (e) => {
          if (log) {
            const path = progressLogPath(spec.checkpointLocation, log.dir, e.id, e.name)
            writer = new ProgressLogWriter(path, log.retention)
            this.progressLogs.set(e.id, path)
          } else {
            this.progressLogs.delete(e.id)
          }
          this.bus.postStarted(e)
        },
        onProgress: (progress) => {
          writer?.append(progress)
          this.bus.postProgress({ progress })
        },
        onIdle: (e) => this.bus.postIdle(e),
        onTerminated: (e) => {
          const query = holder.query
          if (query) {
            this.queries.delete(query.id)
            this.lastTerminated = { query, error: e.exception }
          }
          this.bus.postTerminated({
            id: e.id,
            runId: e.runId,
            exception: e.exception?.message ?? null,
            errorClassOnException: e.exception?.code ?? null,
          })
          for (const w of this.terminationWaiters.splice(0)) w()
        },
      },
    )
    // A file-system failure while opening the checkpoint (read-only, full, no permission)
    // reaches the caller as its user-facing error, like every other start() failure.
    await executor.start().catch((error: unknown) => {
      throw asEngineError(error)
    })
    const query = new EmbeddedStreamingQuery(executor, spec.queryName)
    holder.query = query
    if (query.isActive) this.queries.set(query.id, query)
    return query
  }
}

/**
 * `spark.streams`: the queries of a session — `active`, `get`, `awaitAnyTermination`,
 * `resetTerminated` — and the listener bus (`addListener`, delegating to `monitor/listener-bus`).
 * A listener that throws never stops a query. With `streamlake.progressLog.enabled` (or
 * `streamlake.progressLog.dir`) every query also appends its progress to a JSON-lines log.
 */
import { MicroBatchExecutor, type StreamingQuerySpec } from '../exec/micro-batch-executor.js'
import { systemClock, type Clock } from '../exec/clock.js'
import { asEngineError, type EngineError } from '../errors/index.js'
import type { StreamingQueryListener } from '../monitor/events.js'
import { ListenerBus } from '../monitor/listener-bus.js'
import { progressLogPath } from '../monitor/progress-log.js'
import type { ProgressLogRetention } from '../monitor/progress-log-files.js'
import { ProgressLogWriter } from '../monitor/progress-log-writer.js'
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

  /** Waits until any query ends (since the last resetTerminated); rejects with its error. */
  async awaitAnyTermination(timeoutMs?: number): Promise<boolean> {
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
  resetTerminated(): void {
    this.lastTerminated = undefined
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

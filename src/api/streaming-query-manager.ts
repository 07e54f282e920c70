/**
 * `spark.streams`: the queries of a session — `active`, `get`, `awaitAnyTermination`,
 * `resetTerminated` — and the listener bus (`addListener`). A listener that throws never stops
 * a query.
 */
import { MicroBatchExecutor, type StreamingQuerySpec } from '../exec/micro-batch-executor.js'
import { systemClock, type Clock } from '../exec/clock.js'
import type { EngineError } from '../errors/index.js'
import type { StreamingQueryProgress } from '../monitor/progress.js'
import { StreamingQuery } from './streaming-query.js'

/** Spark's StreamingQueryListener, with optional hooks. */
export interface StreamingQueryListener {
  onQueryStarted?(event: {
    id: string
    runId: string
    name: string | null
    timestamp: string
  }): void
  onQueryProgress?(event: { progress: StreamingQueryProgress }): void
  onQueryTerminated?(event: {
    id: string
    runId: string
    exception: string | null
    errorClassOnException: string | null
  }): void
}

export class StreamingQueryManager {
  private readonly queries = new Map<string, StreamingQuery>()
  private readonly listeners = new Set<StreamingQueryListener>()
  private lastTerminated: { query: StreamingQuery; error: EngineError | null } | undefined
  private terminationWaiters: (() => void)[] = []
  /** @internal Tests swap in a manual clock. */
  clock: Clock = systemClock

  /** Queries currently running. */
  get active(): StreamingQuery[] {
    return [...this.queries.values()].filter((q) => q.isActive)
  }

  /** A running query by id. */
  get(id: string): StreamingQuery | undefined {
    return this.queries.get(id)
  }

  addListener(listener: StreamingQueryListener): void {
    this.listeners.add(listener)
  }

  removeListener(listener: StreamingQueryListener): void {
    this.listeners.delete(listener)
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

  /** @internal */
  async startQuery(spec: Omit<StreamingQuerySpec, 'clock'>): Promise<StreamingQuery> {
    const holder: { query?: StreamingQuery } = {}
    const executor = new MicroBatchExecutor(
      { ...spec, clock: this.clock },
      {
        onStarted: (e) => this.emit((l) => l.onQueryStarted?.(e)),
        onProgress: (progress) => this.emit((l) => l.onQueryProgress?.({ progress })),
        onTerminated: (e) => {
          const query = holder.query
          if (query) {
            this.queries.delete(query.id)
            this.lastTerminated = { query, error: e.exception }
          }
          this.emit((l) =>
            l.onQueryTerminated?.({
              id: e.id,
              runId: e.runId,
              exception: e.exception?.message ?? null,
              errorClassOnException: e.exception?.code ?? null,
            }),
          )
          for (const w of this.terminationWaiters.splice(0)) w()
        },
      },
    )
    await executor.start()
    const query = new StreamingQuery(executor, spec.queryName)
    holder.query = query
    if (query.isActive) this.queries.set(query.id, query)
    return query
  }

  private emit(call: (l: StreamingQueryListener) => void): void {
    for (const l of this.listeners) {
      try {
        call(l)
      } catch (error) {
        process.emitWarning(
          `A StreamingQueryListener threw and was ignored: ${(error as Error).message}`,
        )
      }
    }
  }
}

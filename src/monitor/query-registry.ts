/**
 * What the dashboard knows about the queries of a session, built only from listener events (the
 * monitor sees the engine through events, never through its objects): one entry per query id
 * (a restart reuses the entry with the new runId), with its progress history. When the query
 * writes a progress log, its start also reloads the recent history from that log, so the charts
 * of a restarted query (or of a dashboard started after an earlier run) show the earlier batches.
 */
import type {
  QueryIdleEvent,
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
  StreamingQueryListener,
} from './events.js'
import type { StreamingQueryProgress } from './progress.js'
import { readRecentProgress } from './progress-log.js'

/** Lifecycle of a query as the dashboard shows it. */
export type QueryState = 'active' | 'terminated' | 'failed'

/** One query, as `GET /api/queries` returns it. */
export interface QuerySummary {
  readonly id: string
  readonly runId: string
  readonly name: string | null
  readonly status: QueryState
  /** When the current run started, ISO-8601. */
  readonly startedAt: string
  readonly terminatedAt: string | null
  /** The failure, when `status` is `failed`. */
  readonly exception: { readonly message: string; readonly errorClass: string | null } | null
  /** The last idle trigger (no new data), ISO-8601, if any since the last batch. */
  readonly idleSince: string | null
  readonly lastProgress: StreamingQueryProgress | null
  /** Input rows over every batch seen (since the dashboard started), across restarts. */
  readonly inputRowsTotal: number
  /** Delta table path of the sink, when it is a Delta sink. */
  readonly deltaTablePath: string | null
}

interface Entry {
  summary: QuerySummary
  history: StreamingQueryProgress[]
}

const DELTA_SINK = /^DeltaSink\[(.+)\]$/

export class QueryRegistry implements StreamingQueryListener {
  private readonly entries = new Map<string, Entry>()

  /**
   * @param historySize progress objects kept per query (the charts' window), also the most read
   *   back from a progress log.
   * @param progressLogOf the progress log a started query writes to, if any.
   */
  constructor(
    private readonly historySize = 600,
    private readonly progressLogOf: (queryId: string) => string | undefined = () => undefined,
  ) {}

  list(): QuerySummary[] {
    return [...this.entries.values()].map((e) => e.summary)
  }

  get(id: string): QuerySummary | undefined {
    return this.entries.get(id)?.summary
  }

  history(id: string): readonly StreamingQueryProgress[] | undefined {
    return this.entries.get(id)?.history
  }

  onQueryStarted(e: QueryStartedEvent): void {
    const previous = this.entries.get(e.id)
    const history = this.withLoggedHistory(e.id, previous?.history ?? [])
    const last = previous?.summary.lastProgress ?? history.at(-1) ?? null
    this.entries.set(e.id, {
      history,
      summary: {
        id: e.id,
        runId: e.runId,
        name: e.name,
        status: 'active',
        startedAt: e.timestamp,
        terminatedAt: null,
        exception: null,
        idleSince: null,
        lastProgress: last,
        inputRowsTotal: previous?.summary.inputRowsTotal ?? 0,
        deltaTablePath: previous?.summary.deltaTablePath ?? (last ? deltaTablePath(last) : null),
      },
    })
  }

  onQueryProgress({ progress }: QueryProgressEvent): void {
    const entry = this.entries.get(progress.id)
    if (!entry) return
    entry.history.push(progress)
    if (entry.history.length > this.historySize) entry.history.shift()
    entry.summary = {
      ...entry.summary,
      idleSince: null,
      lastProgress: progress,
      inputRowsTotal: entry.summary.inputRowsTotal + progress.numInputRows,
      deltaTablePath: deltaTablePath(progress),
    }
  }

  /**
   * `inMemory` joined with the log's recent entries: the same progress seen live and read back
   * (same runId, batchId and timestamp) counts once; the log may hold several runs, and a batch
   * re-run after a crash is a new progress of a new run, so both are kept. Ordered by trigger
   * time, then batch id. A log that cannot be read leaves the history as it was.
   */
  private withLoggedHistory(
    id: string,
    inMemory: StreamingQueryProgress[],
  ): StreamingQueryProgress[] {
    const path = this.progressLogOf(id)
    if (path === undefined) return inMemory
    let logged: StreamingQueryProgress[]
    try {
      logged = readRecentProgress(path, id, this.historySize)
    } catch (error) {
      process.emitWarning(
        `The progress log ${path} cannot be read (${(error as Error).message}); the dashboard shows only this run's history.`,
        { code: 'STREAMLAKE_PROGRESS_LOG' },
      )
      return inMemory
    }
    const byKey = new Map<string, StreamingQueryProgress>()
    for (const p of [...logged, ...inMemory]) byKey.set(`${p.runId}/${p.batchId}/${p.timestamp}`, p)
    return [...byKey.values()]
      .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp) || a.batchId - b.batchId)
      .slice(-this.historySize)
  }

  onQueryIdle(e: QueryIdleEvent): void {
    const entry = this.entries.get(e.id)
    if (entry) entry.summary = { ...entry.summary, idleSince: e.timestamp }
  }

  onQueryTerminated(e: QueryTerminatedEvent): void {
    const entry = this.entries.get(e.id)
    if (!entry) return
    entry.summary = {
      ...entry.summary,
      status: e.exception === null ? 'terminated' : 'failed',
      terminatedAt: new Date().toISOString(),
      exception:
        e.exception === null ? null : { message: e.exception, errorClass: e.errorClassOnException },
    }
  }
}

function deltaTablePath(progress: StreamingQueryProgress): string | null {
  return DELTA_SINK.exec(progress.sink.description)?.[1] ?? null
}

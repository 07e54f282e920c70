/**
 * What the dashboard knows about the queries of a session, built only from listener events (the
 * monitor sees the engine through events, never through its objects): one entry per query id
 * (a restart reuses the entry with the new runId), with its progress history.
 */
import type {
  QueryIdleEvent,
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
  StreamingQueryListener,
} from './events.js'
import type { StreamingQueryProgress } from './progress.js'

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

  /** @param historySize progress objects kept per query (the charts' window). */
  constructor(private readonly historySize = 600) {}

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
    this.entries.set(e.id, {
      history: previous?.history ?? [],
      summary: {
        id: e.id,
        runId: e.runId,
        name: e.name,
        status: 'active',
        startedAt: e.timestamp,
        terminatedAt: null,
        exception: null,
        idleSince: null,
        lastProgress: previous?.summary.lastProgress ?? null,
        inputRowsTotal: previous?.summary.inputRowsTotal ?? 0,
        deltaTablePath: previous?.summary.deltaTablePath ?? null,
      },
    })
  }

  onQueryProgress({ progress }: QueryProgressEvent): void {
    const entry = this.entries.get(progress.id)
    if (!entry) return
    entry.history.push(progress)
    if (entry.history.length > this.historySize) entry.history.shift()
    const delta = DELTA_SINK.exec(progress.sink.description)
    entry.summary = {
      ...entry.summary,
      idleSince: null,
      lastProgress: progress,
      inputRowsTotal: entry.summary.inputRowsTotal + progress.numInputRows,
      deltaTablePath: delta?.[1] ?? null,
    }
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

/**
 * The page's view of the server: the JSON API and the live event stream. Types come from
 * src/monitor (the server's own), so the page defines none of its own wire shapes.
 */
import type { HistoryEntry } from '../../src/delta/table-history.js'
import type { HubMessage } from '../../src/monitor/server/event-hub.js'
import type { QueryView } from '../../src/monitor/server/monitor-app.js'
import type { StreamingQueryProgress } from '../../src/monitor/progress.js'

export type { HistoryEntry, HubMessage, QueryView, StreamingQueryProgress }

export interface TableHistory {
  readonly path: string
  readonly versions: readonly Omit<HistoryEntry, 'commitInfo'>[]
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } })
  const body = (await res.json()) as unknown
  if (!res.ok) {
    const e = body as { code?: string; message?: string }
    throw new ApiError(res.status, e.code ?? 'HTTP', e.message ?? res.statusText)
  }
  return body as T
}

export const api = {
  queries: (): Promise<QueryView[]> => getJson('/api/queries'),
  progress: (id: string): Promise<StreamingQueryProgress[]> =>
    getJson(`/api/queries/${encodeURIComponent(id)}/progress`),
  tableHistory: (id: string): Promise<TableHistory> =>
    getJson(`/api/queries/${encodeURIComponent(id)}/table-history?limit=25`),
}

/** Subscribes to the live events; EventSource reconnects by itself. */
export function subscribe(
  onMessage: (m: HubMessage) => void,
  onState: (state: 'live' | 'reconnecting') => void,
): EventSource {
  const source = new EventSource('/api/events')
  source.addEventListener('open', () => onState('live'))
  source.addEventListener('error', () => onState('reconnecting'))
  for (const event of [
    'query:started',
    'query:progress',
    'query:idle',
    'query:terminated',
  ] as const)
    source.addEventListener(event, (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as HubMessage['data']
      onMessage({ event, data })
    })
  return source
}

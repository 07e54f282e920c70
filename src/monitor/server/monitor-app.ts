/**
 * The dashboard's HTTP surface, as a Hono app (no listening here; see monitor-server.ts):
 *
 * - `GET /api/queries` — every query of the session: `id`, `runId`, `name`, `status`
 *   (`active` | `terminated` | `failed`), `lastProgress`, `queryStatus`, `deltaTablePath`, …
 * - `GET /api/queries/:id` — one of them
 * - `GET /api/queries/:id/progress` — its progress history, oldest first (`?limit=N`)
 * - `GET /api/queries/:id/table-history` — the Delta sink table's versions, newest first
 * - `GET /api/events` — server-sent events `query:started|progress|idle|terminated`
 * - `GET /metrics` — Prometheus text
 * - `GET /` and its assets — the dashboard page
 *
 * Every request first passes the request guard (Host check, percent-encoding, optional token).
 */
import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { DeltaLog } from '../../delta/index.js'
import { EngineError } from '../../errors/index.js'
import type { StreamingQueryStatus } from '../progress.js'
import type { QueryMetrics } from '../query-metrics.js'
import type { QueryRegistry, QuerySummary } from '../query-registry.js'
import { readAsset } from './dashboard-assets.js'
import type { EventHub, HubMessage } from './event-hub.js'
import { hostPolicy } from './host-policy.js'
import { errorResponse } from './http-error.js'
import { requestGuard, type RequestGuardOptions } from './request-guard.js'

export interface MonitorAppDeps {
  readonly registry: QueryRegistry
  readonly metrics: QueryMetrics
  readonly hub: EventHub
  /** Folder of the built dashboard page. */
  readonly dashboardDir: string
  /** The live `query.status` of a running query, when the session can tell. */
  readonly statusOf?: (id: string) => StreamingQueryStatus | undefined
  /** Seconds between SSE keep-alive comments (proxies close silent streams). */
  readonly keepAliveMs?: number
  /** Resolves when the server shuts down: open event streams end then. */
  readonly closing: Promise<void>
  /** Host names answered and the optional token. Default: loopback names only, no token. */
  readonly guard?: RequestGuardOptions
}

/** A query as the API returns it: its summary plus the live status. */
export type QueryView = QuerySummary & { readonly queryStatus: StreamingQueryStatus | null }

export function createMonitorApp(deps: MonitorAppDeps): Hono {
  const app = new Hono()
  const view = (q: QuerySummary): QueryView => ({
    ...q,
    queryStatus: q.status === 'active' ? (deps.statusOf?.(q.id) ?? null) : null,
  })
  const find = (id: string): QuerySummary => {
    const q = deps.registry.get(id)
    if (!q) throw new EngineError('SL_MONITOR_QUERY_NOT_FOUND', { id })
    return q
  }

  app.onError((error, c) => {
    const { status, body } = errorResponse(error)
    return c.json(body, status as 400)
  })
  app.notFound((c) => {
    const { status, body } = errorResponse(
      new EngineError('SL_MONITOR_NOT_FOUND', { path: c.req.path }),
    )
    return c.json(body, status as 404)
  })
  app.use('*', requestGuard(deps.guard ?? { hosts: hostPolicy('127.0.0.1', []) }))

  app.get('/api/queries', (c) => c.json(deps.registry.list().map(view)))
  app.get('/api/queries/:id', (c) => c.json(view(find(c.req.param('id')))))
  app.get('/api/queries/:id/progress', (c) => {
    const q = find(c.req.param('id'))
    const history = deps.registry.history(q.id) ?? []
    const limit = Number(c.req.query('limit') ?? history.length)
    return c.json(
      Number.isInteger(limit) && limit >= 0 ? history.slice(history.length - limit) : history,
    )
  })
  app.get('/api/queries/:id/table-history', async (c) => {
    const q = find(c.req.param('id'))
    if (q.deltaTablePath === null)
      throw new EngineError('SL_MONITOR_NO_DELTA_SINK', {
        query: q.name ?? q.id,
        sink: q.lastProgress?.sink.description ?? 'an unknown sink (no batch ran yet)',
      })
    const limit = Number(c.req.query('limit') ?? 50)
    const history = await DeltaLog.forTable(q.deltaTablePath).history(
      Number.isInteger(limit) && limit > 0 ? limit : 50,
    )
    return c.json({ path: q.deltaTablePath, versions: history.map(withoutRawCommitInfo) })
  })

  app.get('/api/events', (c) =>
    streamSSE(c, async (stream) => {
      const queue: HubMessage[] = []
      let wake: (() => void) | undefined
      let open = true
      const close = (): void => {
        open = false
        wake?.()
      }
      const unsubscribe = deps.hub.subscribe((m) => {
        queue.push(m)
        wake?.()
      })
      stream.onAbort(close)
      void deps.closing.then(close)
      try {
        await stream.writeSSE({
          event: 'hello',
          data: JSON.stringify({ queries: deps.registry.list().length }),
        })
        while (open) {
          if (queue.length === 0) {
            await new Promise<void>((resolve) => {
              wake = resolve
              setTimeout(resolve, deps.keepAliveMs ?? 15_000).unref()
            })
            wake = undefined
          }
          if (!open) break
          if (queue.length === 0) await stream.write(': keep-alive\n\n')
          for (const m of queue.splice(0))
            await stream.writeSSE({ event: m.event, data: JSON.stringify(m.data) })
        }
      } finally {
        unsubscribe()
      }
    }),
  )

  app.get('/metrics', async (c) => {
    c.header('Content-Type', deps.metrics.contentType)
    return c.body(await deps.metrics.text())
  })

  app.get('*', async (c, next) => {
    if (c.req.path.startsWith('/api/')) return next()
    const asset = await readAsset(deps.dashboardDir, c.req.path)
    if (!asset) {
      if (c.req.path === '/' || c.req.path === '/index.html')
        throw new EngineError('SL_MONITOR_DASHBOARD_NOT_BUILT', { path: deps.dashboardDir })
      return next()
    }
    c.header('Content-Type', asset.contentType)
    c.header(
      'Cache-Control',
      c.req.path.startsWith('/assets/') ? 'max-age=31536000, immutable' : 'no-cache',
    )
    return c.body(new Uint8Array(asset.body))
  })
  return app
}

// The raw commitInfo duplicates the parsed fields; the page shows the parsed ones.
function withoutRawCommitInfo<T extends { commitInfo?: unknown }>(entry: T): Omit<T, 'commitInfo'> {
  const rest: Omit<T, 'commitInfo'> & { commitInfo?: unknown } = { ...entry }
  delete rest.commitInfo
  return rest
}

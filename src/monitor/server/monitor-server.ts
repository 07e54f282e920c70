/**
 * The dashboard server of a session: subscribes a query registry, the Prometheus metrics and the
 * SSE hub to the listener bus, and serves the Hono app on loopback (by default) at the first free
 * port from the one asked for (Spark's UI does the same from 4040 upward).
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * const spark = SparkSession.builder().config('streamlake.ui.enabled', true).getOrCreate()
 * const ui = await spark.startUi()
 * console.log(`dashboard: ${ui.url}`)
 * ```
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { networkInterfaces } from 'node:os'
import { getRequestListener } from '@hono/node-server'
import { EngineError } from '../../errors/index.js'
import type { ListenerBus } from '../listener-bus.js'
import type { StreamingQueryStatus } from '../progress.js'
import { QueryMetrics } from '../query-metrics.js'
import { QueryRegistry } from '../query-registry.js'
import { defaultDashboardDir } from './dashboard-assets.js'
import { EventHub } from './event-hub.js'
import { hostPolicy, isLoopbackHost } from './host-policy.js'
import { createMonitorApp } from './monitor-app.js'

export interface MonitorServerOptions {
  /** Interface to bind; loopback unless you mean to expose the dashboard. Default 127.0.0.1. */
  readonly host?: string
  /** First port to try (0 = any free port). Default 4040. */
  readonly port?: number
  /** How many ports upward to try when one is taken. Default 16. */
  readonly portAttempts?: number
  readonly statusOf?: (id: string) => StreamingQueryStatus | undefined
  /** The progress log a started query writes, from which its recent history is reloaded. */
  readonly progressLogOf?: (id: string) => string | undefined
  readonly dashboardDir?: string
  readonly keepAliveMs?: number
  /**
   * Host names answered besides loopback names and the bound address (`*`: any); requests with
   * another Host header get 403 (DNS rebinding). `streamlake.ui.allowedHosts`.
   */
  readonly allowedHosts?: readonly string[]
  /** When set, every request must present it (`streamlake.ui.token`; see token-auth.ts). */
  readonly token?: string
}

export class MonitorServer {
  private constructor(
    private readonly server: Server,
    private readonly bus: ListenerBus,
    private readonly listeners: readonly (QueryRegistry | QueryMetrics | EventHub)[],
    private readonly shutDown: () => void,
    /** Where it listens, e.g. `http://127.0.0.1:4040`. */
    readonly url: string,
    readonly port: number,
    readonly registry: QueryRegistry,
    readonly metrics: QueryMetrics,
  ) {}

  /** Starts listening; rejects with SL_MONITOR_PORT_UNAVAILABLE when no port is free. */
  static async start(bus: ListenerBus, options: MonitorServerOptions = {}): Promise<MonitorServer> {
    const host = options.host ?? '127.0.0.1'
    const first = options.port ?? 4040
    const attempts = first === 0 ? 1 : (options.portAttempts ?? 16)
    const registry = new QueryRegistry(undefined, options.progressLogOf)
    const metrics = new QueryMetrics()
    const hub = new EventHub()
    let shutDown!: () => void
    const closing = new Promise<void>((resolve) => (shutDown = resolve))
    const app = createMonitorApp({
      registry,
      metrics,
      hub,
      closing,
      dashboardDir: options.dashboardDir ?? defaultDashboardDir(),
      ...(options.statusOf ? { statusOf: options.statusOf } : {}),
      ...(options.keepAliveMs !== undefined ? { keepAliveMs: options.keepAliveMs } : {}),
      guard: {
        hosts: hostPolicy(host, options.allowedHosts ?? [], interfaceAddresses()),
        ...(options.token !== undefined ? { token: options.token } : {}),
      },
    })
    const listener = getRequestListener(app.fetch)
    const server = createServer((req, res) => void listener(req, res))
    let lastError: NodeJS.ErrnoException | undefined
    for (let i = 0; i < attempts; i++) {
      try {
        await listen(server, first + i, host)
        lastError = undefined
        break
      } catch (error) {
        lastError = error as NodeJS.ErrnoException
        if (lastError.code !== 'EADDRINUSE' && lastError.code !== 'EACCES') break
      }
    }
    if (lastError)
      throw new EngineError(
        'SL_MONITOR_PORT_UNAVAILABLE',
        { host, first, last: first + attempts - 1, reason: lastError.code ?? lastError.message },
        { cause: lastError },
      )
    const port = (server.address() as AddressInfo).port
    if (options.token === undefined && !isLoopbackHost(host))
      process.emitWarning(
        `The dashboard listens on ${host}, beyond loopback, without a token: anyone who can reach port ${port} can read it. Set streamlake.ui.token to require one.`,
        { code: 'STREAMLAKE_UI' },
      )
    const listeners = [registry, metrics, hub]
    for (const l of listeners) bus.add(l)
    const shown = host.includes(':') ? `[${host}]` : host
    return new MonitorServer(
      server,
      bus,
      listeners,
      shutDown,
      `http://${shown}:${port}`,
      port,
      registry,
      metrics,
    )
  }

  /** Ends the event streams, stops listening and unsubscribes from the bus. */
  async close(): Promise<void> {
    for (const l of this.listeners) this.bus.remove(l)
    this.shutDown()
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve())
      this.server.closeIdleConnections()
      // SSE streams end on `closing`; anything still open after a moment is cut.
      setTimeout(() => this.server.closeAllConnections(), 200).unref()
    })
  }
}

/** The machine's own addresses, answered to when the server listens on all of them. */
function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) =>
    (list ?? []).map((i) => i.address.replace(/%.*$/, '')),
  )
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening)
      reject(error)
    }
    const onListening = (): void => {
      server.off('error', onError)
      resolve()
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(port, host)
  })
}

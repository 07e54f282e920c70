/**
 * The entry point: `SparkSession.builder().appName(...).getOrCreate()` gives the embedded engine.
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * const spark = SparkSession.builder().appName('passthrough').config('spark.sql.session.timeZone', 'UTC').getOrCreate()
 * const df = spark.createDataFrame([{ id: 1, name: 'a' }], 'id INT, name STRING')
 * await df.show()
 * ```
 */
import { randomUUID } from 'node:crypto'
import {
  maskToken,
  parseConnectionString,
  type ConnectionString,
} from '../connect/connection-string.js'
import type { SparkConnectBackend } from '../connect/spark-connect-backend.js'
import { EngineError } from '../errors/index.js'
import type { MonitorServer } from '../monitor/server/monitor-server.js'
import { LocalRelationNode } from '../plan/nodes/index.js'
import type { MemorySink } from '../sinks/memory/memory-sink.js'
import { parseDdlSchema, structType, type StructType } from '../types/index.js'
import { DataFrameReader } from './data-frame-reader.js'
import { DataStreamReader } from './data-stream-reader.js'
import { DataFrame } from './dataframe.js'
import { fromUserRow } from './row-conversion.js'
import { RuntimeConfig } from './runtime-config.js'
import { StreamingQueryManager, type QueryManagerSettings } from './streaming-query-manager.js'
import { uiSettings } from './ui-settings.js'

export class SparkSession {
  private static active: SparkSession | undefined
  readonly conf: RuntimeConfig
  readonly streams = new StreamingQueryManager(() => this.queryManagerSettings())
  private readonly memoryTables = new Map<string, MemorySink>()
  private ui: Promise<MonitorServer> | undefined
  private uiServer: MonitorServer | undefined
  /**
   * @internal The Spark Connect server of a remote session (its connection string, parsed when
   * the session is built so a bad URL fails at `getOrCreate()`); undefined runs embedded.
   */
  readonly remote: RemoteTarget | undefined

  private constructor(
    readonly appName: string,
    conf: Readonly<Record<string, string>>,
  ) {
    this.conf = new RuntimeConfig(conf)
    const remote = remoteUrlOf(conf)
    this.remote = remote
      ? new RemoteTarget(
          parseConnectionString(remote.url, remote.source),
          () => remoteSessionConf(this.conf),
          (backend) => this.streams.attachRemote(backend.queries),
        )
      : undefined
    const target = this.remote
    // Remote queries' events feed this session's listener bus (dashboard, metrics, progress log).
    if (target) this.streams.useRemote(async () => (await target.backend()).queries)
  }

  /** A builder for the session. */
  static builder(): SparkSessionBuilder {
    return new SparkSessionBuilder()
  }

  /** The session `getOrCreate()` returned last, if any. */
  static getActiveSession(): SparkSession | undefined {
    return SparkSession.active
  }

  /** @internal */
  static create(appName: string, conf: Readonly<Record<string, string>>): SparkSession {
    const existing = SparkSession.active
    // A session for another engine (embedded vs a Spark Connect URL) is a new session.
    const remote = remoteUrlOf(conf)
    if (existing && existing.remote?.url !== (remote && maskToken(remote.url)))
      SparkSession.active = undefined
    else if (existing) {
      for (const [k, v] of Object.entries(conf)) existing.conf.set(k, v)
      return existing
    }
    SparkSession.active = new SparkSession(appName, conf)
    SparkSession.active.startUiIfEnabled()
    return SparkSession.active
  }

  /**
   * Starts the dashboard server (live charts, `/api/…`, Prometheus `/metrics`) for this session,
   * or returns the one already running. Settings: `spark.ui.port` (first port tried, default
   * 4040; the next free one is taken), `streamlake.ui.host` (default 127.0.0.1, loopback only),
   * `streamlake.ui.allowedHosts` (Host names answered besides loopback; others get 403) and
   * `streamlake.ui.token` (a token every request must present).
   * With `.config('streamlake.ui.enabled', true)` it starts by itself in `getOrCreate()`.
   *
   * @example
   * ```ts
   * import { SparkSession } from 'streamlake'
   * const spark = SparkSession.builder().config('spark.ui.port', 4040).getOrCreate()
   * const ui = await spark.startUi()
   * console.log(`dashboard at ${ui.url}`)
   * ```
   */
  startUi(): Promise<MonitorServer> {
    this.ui ??= (async () => {
      const settings = uiSettings(this.conf)
      // Loaded here, not at import: the HTTP server and Prometheus client cost every embedded
      // user start-up time and memory, and most sessions never start the dashboard.
      const { MonitorServer } = await import('../monitor/server/monitor-server.js')
      const server = await MonitorServer.start(this.streams.bus, {
        host: settings.host,
        port: settings.port,
        allowedHosts: settings.allowedHosts,
        ...(settings.token !== undefined ? { token: settings.token } : {}),
        statusOf: (id) => this.streams.get(id)?.status,
        progressLogOf: (id) => this.streams.progressLogPathOf(id),
      })
      this.uiServer = server
      return server
    })()
    return this.ui
  }

  /** The dashboard's address once it listens (Spark's `sparkContext.uiWebUrl`), else undefined. */
  get uiWebUrl(): string | undefined {
    return this.uiServer?.url
  }

  private startUiIfEnabled(): void {
    if (!uiSettings(this.conf).enabled) return
    this.startUi().catch((error: unknown) => {
      this.ui = undefined
      process.emitWarning(
        `The dashboard did not start: ${error instanceof Error ? error.message : String(error)}`,
        { code: 'STREAMLAKE_UI' },
      )
    })
  }

  private queryManagerSettings(): QueryManagerSettings {
    const settings = uiSettings(this.conf)
    return {
      noDataProgressEventIntervalMs: settings.noDataProgressEventIntervalMs,
      progressLog: settings.progressLog,
    }
  }

  /** A fresh session, independent of the active one (tests). */
  newSession(): SparkSession {
    return new SparkSession(this.appName, this.conf.getAll())
  }

  /** Reads streams. */
  get readStream(): DataStreamReader {
    return new DataStreamReader(this)
  }

  /** Reads tables and files. */
  get read(): DataFrameReader {
    return new DataFrameReader(this)
  }

  /**
   * A DataFrame from rows (objects by field name or arrays by position) and a schema.
   */
  createDataFrame(rows: readonly unknown[], schema: StructType | string): DataFrame {
    const s = typeof schema === 'string' ? parseDdlSchema(schema) : schema
    const tz = this.conf.timeZone
    return new DataFrame(
      this,
      LocalRelationNode.create(
        s,
        rows.map((r, i) => fromUserRow(s, r, tz, `row ${i}`)),
      ),
    )
  }

  /** The rows of a memory-sink query, by its query name. */
  table(name: string): DataFrame {
    const sink = this.memoryTables.get(name)
    if (!sink) {
      throw new EngineError('SL_API_INVALID_ARGUMENT', {
        argument: 'name',
        function: 'table',
        value: name,
        hint: `Known tables: ${[...this.memoryTables.keys()].join(', ') || 'none'} (memory sinks register their queryName).`,
      })
    }
    return new DataFrame(this, LocalRelationNode.create(sink.schema ?? structType([]), sink.rows))
  }

  /** @internal */
  registerMemoryTable(name: string, sink: MemorySink): void {
    this.memoryTables.set(name, sink)
  }

  /** @internal */
  memoryTable(name: string): MemorySink | undefined {
    return this.memoryTables.get(name)
  }

  /** Stops every active query (a remote session's: on the server) and closes their event stream. */
  async stop(): Promise<void> {
    const stopped = await Promise.allSettled(this.streams.active.map((q) => q.stop()))
    // Closed even when a stop failed (a Spark Connect server that went away).
    await this.streams.close()
    const ui = this.ui
    this.ui = undefined
    this.uiServer = undefined
    if (ui) await (await ui.catch(() => undefined))?.close()
    if (SparkSession.active === this) SparkSession.active = undefined
    const failed = stopped.find((r) => r.status === 'rejected')
    if (failed) throw failed.reason
  }
}

/**
 * Builds the session: embedded by default; remote (queries run on Apache Spark) with
 * `.remote('sc://host:15002')`, `.config('spark.remote', url)` or the `SPARK_REMOTE` environment
 * variable, as in PySpark.
 */
export class SparkSessionBuilder {
  private name = 'streamlake'
  private readonly conf: Record<string, string> = {}

  appName(name: string): this {
    this.name = name
    return this
  }

  /** Accepted for compatibility: the embedded engine always runs in this process. */
  master(_master: string): this {
    return this
  }

  config(key: string, value: string | number | boolean): this {
    this.conf[key] = String(value)
    return this
  }

  /**
   * Runs the session's queries on a Spark Connect server (`spark.remote`): batch actions and
   * streaming queries go to Spark; paths (sources, tables, checkpoints) are as the server sees
   * them. The string follows the Spark Connect client spec:
   * `sc://host:port/;token=…;use_ssl=true;user_id=…;session_id=<uuid>;x-header=…`.
   *
   * @example
   * ```ts
   * import { SparkSession } from 'streamlake'
   * const spark = SparkSession.builder().remote('sc://localhost:15002').getOrCreate()
   * const n = await spark.read.format('delta').load('/data/events').count()
   * ```
   */
  remote(url: string): this {
    return this.config('spark.remote', url)
  }

  getOrCreate(): SparkSession {
    return SparkSession.create(this.name, this.conf)
  }
}

/**
 * The Spark Connect URL of a session's settings and where it came from: `spark.remote`, else the
 * `SPARK_REMOTE` environment variable. Like PySpark, both set to different URLs is an error.
 */
function remoteUrlOf(
  conf: Readonly<Record<string, string>>,
): { url: string; source: string } | undefined {
  const fromConf = conf['spark.remote']
  const fromEnv = process.env['SPARK_REMOTE']
  if (fromConf !== undefined && fromEnv !== undefined && fromEnv !== '' && fromEnv !== fromConf) {
    throw new EngineError(
      'SL_API_INVALID_OPTION',
      {
        option: 'spark.remote',
        problem: `differs from the SPARK_REMOTE environment variable (${fromEnv})`,
        value: fromConf,
        hint: 'Set only one of them, or both to the same URL.',
      },
      { option: 'spark.remote' },
    )
  }
  if (fromConf !== undefined) return { url: fromConf, source: 'spark.remote' }
  if (fromEnv !== undefined && fromEnv !== '') return { url: fromEnv, source: 'SPARK_REMOTE' }
  return undefined
}

/** The settings a remote session sends to its server session: the time zone and spark.sql.*. */
function remoteSessionConf(conf: RuntimeConfig): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(conf.getAll())) if (k.startsWith('spark.sql.')) out[k] = v
  out['spark.sql.session.timeZone'] = conf.timeZone
  return out
}

/**
 * @internal A remote session's server. The Connect client (gRPC, generated protobuf code, Arrow)
 * is loaded on the first remote action, not when streamlake is imported: an embedded session
 * never pays for it (it is most of the package's import time and memory).
 */
export class RemoteTarget {
  private backendPromise: Promise<SparkConnectBackend> | undefined

  constructor(
    readonly connection: ConnectionString,
    private readonly sessionConf: () => Readonly<Record<string, string>>,
    private readonly onLoad: (backend: SparkConnectBackend) => void = () => undefined,
  ) {}

  /** The connection string with its token masked. */
  get url(): string {
    return this.connection.display
  }

  /** The backend that runs plans on the server, loaded once. */
  backend(): Promise<SparkConnectBackend> {
    this.backendPromise ??= import('../connect/spark-connect-backend.js').then(
      ({ SparkConnectBackend }) => {
        const backend = new SparkConnectBackend(this.connection, this.sessionConf)
        this.onLoad(backend)
        return backend
      },
    )
    return this.backendPromise
  }
}

/** @internal ids for sources created outside a reader. */
export const newSourceId = (): string => randomUUID()

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
import { EngineError } from '../errors/index.js'
import { LocalRelationNode } from '../plan/nodes/index.js'
import type { MemorySink } from '../sinks/memory/memory-sink.js'
import { parseDdlSchema, structType, type StructType } from '../types/index.js'
import { DataFrameReader } from './data-frame-reader.js'
import { DataStreamReader } from './data-stream-reader.js'
import { DataFrame } from './dataframe.js'
import { fromUserRow } from './row-conversion.js'
import { RuntimeConfig } from './runtime-config.js'
import { StreamingQueryManager } from './streaming-query-manager.js'

export class SparkSession {
  private static active: SparkSession | undefined
  readonly conf: RuntimeConfig
  readonly streams = new StreamingQueryManager()
  private readonly memoryTables = new Map<string, MemorySink>()

  private constructor(
    readonly appName: string,
    conf: Readonly<Record<string, string>>,
  ) {
    this.conf = new RuntimeConfig(conf)
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
    if (existing) {
      for (const [k, v] of Object.entries(conf)) existing.conf.set(k, v)
      return existing
    }
    SparkSession.active = new SparkSession(appName, conf)
    return SparkSession.active
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

  /** Stops every active query. */
  async stop(): Promise<void> {
    await Promise.all(this.streams.active.map((q) => q.stop()))
    if (SparkSession.active === this) SparkSession.active = undefined
  }
}

/** Builds the (single, embedded) session. */
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

  getOrCreate(): SparkSession {
    return SparkSession.create(this.name, this.conf)
  }
}

/** @internal ids for sources created outside a reader. */
export const newSourceId = (): string => randomUUID()

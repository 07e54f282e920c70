/**
 * `DeltaTable`, the shape of Delta's Python/Scala API (`delta.tables.DeltaTable`) over the Delta
 * library's maintenance operations (delta/optimize.ts, vacuum.ts, restore.ts):
 *
 * ```ts
 * const table = DeltaTable.forPath(spark, './data/events')
 * await (await table.history()).show()
 * await table.optimize().where("day = '2026-01-01'").executeCompaction()
 * await table.vacuum()            // the table's retention, 168 hours by default
 * await table.restoreToVersion(3)
 * await table.delete("day < '2026-01-01'")
 * await table.update(col('status').isNull(), { status: "'unknown'" })
 * await table.update({ condition: 'n < 0', set: { n: 'n * -1' } })
 * await table.alias('t').merge(updates.alias('s'), 't.id = s.id')
 *   .whenMatchedUpdateAll().whenNotMatchedInsertAll().execute()
 * ```
 *
 * Session settings honoured, as Delta's: `spark.databricks.delta.retentionDurationCheck.enabled`
 * (VACUUM's retention check, default true) and `spark.databricks.delta.vacuum.logging.enabled`
 * (VACUUM START/END commits, default true). The table is checked when an operation runs
 * (SL_DELTA_TABLE_NOT_FOUND), not by `forPath`, which cannot wait for the file system.
 *
 * On a remote session (`.remote('sc://…')`) the path is the server's and every operation runs
 * on Spark as Delta's SQL through Spark Connect (delta-table-remote.ts), answering in the same
 * shapes; see docs/scaling-out.md, "Delta tables on a cluster".
 */
import path from 'node:path'
import {
  DeltaLog,
  restoreTable,
  vacuumTable,
  type HistoryEntry,
  type RestoreResult,
} from '../delta/index.js'
import { EngineError } from '../errors/index.js'
import { Column, type ColumnOrValue } from './column.js'
import type { DataFrame } from './dataframe.js'
import { deleteWhere, updateWhere, type DeltaCondition } from './delta-table-dml.js'
import { DeltaMergeBuilder } from './delta-merge-builder.js'
import { DeltaOptimizeBuilder } from './delta-optimize-builder.js'
import {
  remoteDelete,
  remoteHistory,
  remoteIsDeltaTable,
  remoteRestore,
  remoteUpdate,
  remoteVacuum,
} from './delta-table-remote.js'
import type { SparkSession } from './session.js'
import { parseTimestamp } from '../internal/time/timestamp-parser.js'
import { Timestamp } from './timestamp.js'

/** `update`'s keyword form, as Delta's Python `update(condition=, set=)`. */
export interface DeltaUpdateOptions {
  readonly condition?: DeltaCondition
  readonly set: Readonly<Record<string, ColumnOrValue>>
}

/** DESCRIBE HISTORY's columns (Spark's `DeltaHistory`), in its order. */
export const HISTORY_SCHEMA =
  'version BIGINT, timestamp TIMESTAMP, userId STRING, userName STRING, operation STRING, ' +
  'operationParameters MAP<STRING, STRING>, job STRUCT<jobId: STRING, jobName: STRING, ' +
  'jobRunId: STRING, runId: STRING, jobOwnerId: STRING, triggerType: STRING>, ' +
  'notebook STRUCT<notebookId: STRING>, clusterId STRING, readVersion BIGINT, ' +
  'isolationLevel STRING, isBlindAppend BOOLEAN, operationMetrics MAP<STRING, STRING>, ' +
  'userMetadata STRING, engineInfo STRING'

const RESTORE_SCHEMA =
  'table_size_after_restore BIGINT, num_of_files_after_restore BIGINT, ' +
  'num_removed_files BIGINT, num_restored_files BIGINT, removed_files_size BIGINT, ' +
  'restored_files_size BIGINT'

/** A Delta table at a path. */
export class DeltaTable {
  /** @internal */
  readonly log: DeltaLog

  private constructor(
    /** @internal */ readonly spark: SparkSession,
    readonly path: string,
    private readonly aliasName?: string,
  ) {
    this.log = DeltaLog.forTable(path)
  }

  /** The same table under the name `alias`, for `merge()`'s conditions and values (`t.id`). */
  alias(alias: string): DeltaTable {
    return new DeltaTable(this.spark, this.path, alias)
  }

  /**
   * Starts a MERGE of `source` into this table on `condition` (a SQL string such as
   * `'t.id = s.id'` over the aliases of `alias()` and `source.alias()`, or a Column); add
   * `when…` clauses, then `execute()`. See docs/delta-merge.md.
   */
  merge(source: DataFrame, condition: DeltaCondition): DeltaMergeBuilder {
    return new DeltaMergeBuilder(this, this.aliasName, source, condition)
  }

  /**
   * The Delta table at `tablePath` (the folder holding `_delta_log/`). On a remote session the
   * path is as the server sees it (absolute, or a URI) and is not resolved here.
   */
  static forPath(spark: SparkSession, tablePath: string): DeltaTable {
    return new DeltaTable(spark, spark.remote ? tablePath : path.resolve(tablePath))
  }

  /** True when `tablePath` holds a Delta table (on a remote session: as Spark sees it). */
  static async isDeltaTable(spark: SparkSession, tablePath: string): Promise<boolean> {
    if (spark.remote) return remoteIsDeltaTable(spark, tablePath)
    return DeltaLog.forTable(tablePath).tableExists()
  }

  /** The latest version of the table as a DataFrame. */
  toDF(): Promise<DataFrame> {
    return Promise.resolve(this.spark.read.format('delta').load(this.path))
  }

  /** The commits, newest first (at most `limit`), as DESCRIBE HISTORY's rows. */
  async history(limit?: number): Promise<DataFrame> {
    if (this.spark.remote) return remoteHistory(this, limit, HISTORY_SCHEMA)
    await this.requireTable()
    const entries = await this.log.history(limit)
    return this.spark.createDataFrame(entries.map(historyRow), HISTORY_SCHEMA)
  }

  /** Starts an OPTIMIZE: `.where(…)` then `.executeCompaction()`. */
  optimize(): DeltaOptimizeBuilder {
    return new DeltaOptimizeBuilder(this)
  }

  /**
   * Deletes files the table no longer needs that are older than `retentionHours` (default: the
   * table's `delta.deletedFileRetentionDuration`, 168 hours). Returns the deleted paths (`path`).
   */
  async vacuum(retentionHours?: number): Promise<DataFrame> {
    if (this.spark.remote) return remoteVacuum(this, retentionHours)
    await this.requireTable()
    const result = await vacuumTable(this.log, {
      ...(retentionHours === undefined ? {} : { retentionHours }),
      retentionCheck: this.flag('spark.databricks.delta.retentionDurationCheck.enabled'),
      logging: this.flag('spark.databricks.delta.vacuum.logging.enabled'),
    })
    return this.spark.createDataFrame(
      result.files.map((f) => [f]),
      'path STRING',
    )
  }

  /**
   * Deletes the rows where `condition` (a Column or SQL predicate) is true — every row without
   * one — rewriting the files that hold them (copy-on-write; one DELETE commit).
   */
  async delete(condition?: DeltaCondition): Promise<void> {
    if (this.spark.remote) return remoteDelete(this, condition)
    await this.requireTable()
    await deleteWhere(this, condition)
  }

  /**
   * Sets columns on the rows where `condition` is true (every row without one). `set` maps
   * column names to Columns or values; as in Delta's API a **string is a SQL expression**
   * (`{ n: 'n + 1' }`, `{ status: "'unknown'" }`), other values are literals. Takes Delta
   * Python's keyword shape too: `update({ condition?, set })`. Copy-on-write; one UPDATE commit.
   */
  async update(
    condition: DeltaCondition | undefined,
    set: Readonly<Record<string, ColumnOrValue>>,
  ): Promise<void>
  async update(options: DeltaUpdateOptions): Promise<void>
  async update(
    conditionOrOptions: DeltaCondition | DeltaUpdateOptions | undefined,
    set?: Readonly<Record<string, ColumnOrValue>>,
  ): Promise<void> {
    const options: DeltaUpdateOptions =
      conditionOrOptions === undefined ||
      typeof conditionOrOptions === 'string' ||
      conditionOrOptions instanceof Column
        ? {
            ...(conditionOrOptions === undefined ? {} : { condition: conditionOrOptions }),
            set: set ?? {},
          }
        : conditionOrOptions
    if (this.spark.remote) return remoteUpdate(this, options.condition, options.set)
    await this.requireTable()
    await updateWhere(this, options.condition, options.set)
  }

  /**
   * Scala's `updateExpr`: `set` maps column names to SQL expressions (`{ n: 'n + 1' }`), the
   * condition is a SQL predicate. The same as `update` with strings.
   */
  async updateExpr(
    conditionOrSet: string | Readonly<Record<string, string>>,
    set?: Readonly<Record<string, string>>,
  ): Promise<void> {
    if (typeof conditionOrSet === 'string') return this.update(conditionOrSet, set ?? {})
    return this.update(undefined, conditionOrSet)
  }

  /** Makes the latest version hold the files of `version` again (one RESTORE commit). */
  async restoreToVersion(version: number): Promise<DataFrame> {
    if (!Number.isSafeInteger(version) || version < 0)
      throw new EngineError('SL_API_INVALID_ARGUMENT', {
        argument: 'version',
        function: 'restoreToVersion',
        value: String(version),
        hint: 'Pass a table version (a non-negative integer), as listed by history().',
      })
    if (this.spark.remote) return remoteRestore(this, { version }, RESTORE_SCHEMA)
    await this.requireTable()
    return this.restoreResult(await restoreTable(this.log, { version }))
  }

  /** Restores the version that was the latest at `timestamp` (a Date or 'yyyy-MM-dd HH:mm:ss'). */
  async restoreToTimestamp(timestamp: string | Date): Promise<DataFrame> {
    const text = typeof timestamp === 'string' ? timestamp : timestamp.toISOString()
    // Spark parses the text in its session time zone (this session's, sent to the server).
    if (this.spark.remote) return remoteRestore(this, { timestamp: text }, RESTORE_SCHEMA)
    const micros =
      timestamp instanceof Date
        ? Timestamp.microsOf(timestamp)
        : parseTimestamp(timestamp, this.spark.conf.timeZone)
    if (micros === null)
      throw new EngineError('SL_API_INVALID_ARGUMENT', {
        argument: 'timestamp',
        function: 'restoreToTimestamp',
        value: JSON.stringify(text),
        hint: "Pass a Date or a timestamp such as '2026-01-01 12:00:00' (session time zone).",
      })
    await this.requireTable()
    const timestampMs = Math.floor(Number(micros) / 1000)
    return this.restoreResult(await restoreTable(this.log, { timestampMs, timestamp: text }))
  }

  /** @internal SL_DELTA_TABLE_NOT_FOUND when the path holds no table. */
  async requireTable(): Promise<void> {
    if (!(await this.log.tableExists()))
      throw new EngineError('SL_DELTA_TABLE_NOT_FOUND', { path: this.path }, { path: this.path })
  }

  private flag(key: string): boolean {
    return (this.spark.conf.get(key) ?? 'true').toLowerCase() !== 'false'
  }

  private restoreResult(r: RestoreResult): DataFrame {
    return this.spark.createDataFrame(
      [
        [
          r.tableSizeAfterRestore,
          r.numOfFilesAfterRestore,
          r.numRemovedFiles,
          r.numRestoredFiles,
          r.removedFilesSize,
          r.restoredFilesSize,
        ],
      ],
      RESTORE_SCHEMA,
    )
  }
}

function historyRow(e: HistoryEntry): unknown[] {
  const info = e.commitInfo
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null)
  return [
    e.version,
    new Date(e.timestamp),
    text(info?.['userId']),
    text(info?.['userName']),
    e.operation,
    new Map(Object.entries(e.operationParameters)),
    null,
    null,
    text(info?.['clusterId']),
    e.readVersion ?? null,
    e.isolationLevel ?? null,
    e.isBlindAppend ?? null,
    new Map(Object.entries(e.operationMetrics)),
    text(info?.['userMetadata']),
    e.engineInfo ?? null,
  ]
}

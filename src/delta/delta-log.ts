/**
 * Entry point of the Delta library: one `DeltaLog` per table path. It loads snapshots (caching the
 * latest so that a streaming sink replays only new commits), starts transactions and writes a
 * checkpoint after commits that land on a checkpoint interval. A failed checkpoint never fails
 * the commit that triggered it (the commit is already durable); it is reported through
 * `onCheckpointError` and retried at the next interval. After a checkpoint, expired log files are
 * deleted as Spark does (log-cleanup.ts, `delta.logRetentionDuration`), unless the table sets
 * `delta.enableExpiredLogCleanup=false`; a failure there is reported the same way.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { shouldCheckpoint } from './checkpoint-policy.js'
import { writeCheckpoint, type CheckpointInfo } from './checkpoint-writer.js'
import { cleanupExpiredLogs, type LogCleanupResult } from './log-cleanup.js'
import { checkpointFileName, commitFileName } from './log-file-names.js'
import { LogStore } from './log-store.js'
import { assertWritable } from './protocol-support.js'
import { OptimisticTransaction } from './optimistic-transaction.js'
import type { Snapshot } from './snapshot.js'
import { listLog, loadSnapshot } from './snapshot-loader.js'
import { readHistory, type HistoryEntry } from './table-history.js'

/** Options of {@link DeltaLog.forTable}. */
export interface DeltaLogOptions {
  /** Called when a post-commit checkpoint fails (default: ignore). */
  onCheckpointError?: (error: unknown, version: number) => void
  /**
   * The clock of time-based decisions (log clean-up, tombstone timestamps of maintenance
   * commits), ms since the epoch; default Date.now. Tests and the soak run use a simulated one;
   * the commit and checkpoint files this log writes then get its time as modification time.
   */
  clock?: () => number
}

/** A Delta table's transaction log. */
export class DeltaLog {
  readonly store: LogStore
  private latest: Snapshot | undefined

  private constructor(
    readonly tablePath: string,
    private readonly options: DeltaLogOptions,
  ) {
    this.store = new LogStore(tablePath)
  }

  /** The log of the table at `tablePath` (resolved to an absolute path). */
  static forTable(tablePath: string, options: DeltaLogOptions = {}): DeltaLog {
    return new DeltaLog(path.resolve(tablePath), options)
  }

  /** True when `_delta_log` holds at least one commit or checkpoint. */
  async tableExists(): Promise<boolean> {
    return (await listLog(this.store)).length > 0
  }

  /**
   * The snapshot at `version`, or the latest one. A missing table gives a snapshot with version
   * -1 (or SL_DELTA_TABLE_NOT_FOUND when a version was asked for).
   */
  async snapshot(version?: number): Promise<Snapshot> {
    const base =
      this.latest && (version === undefined || this.latest.version <= version)
        ? this.latest
        : undefined
    const snapshot = await loadSnapshot(this.store, version, base)
    if (version === undefined || !this.latest || snapshot.version > this.latest.version)
      this.latest = snapshot
    return snapshot
  }

  /** Starts a transaction reading `readSnapshot` (default: the latest snapshot). */
  async startTransaction(readSnapshot?: Snapshot): Promise<OptimisticTransaction> {
    const snapshot = readSnapshot ?? (await this.snapshot())
    // Refuse before the caller writes any data file, not only at commit (e.g. column mapping,
    // whose physical names our writer does not produce).
    if (snapshot.exists)
      assertWritable(this.store.tablePath, snapshot.protocol, snapshot.metadata, snapshot.schema)
    return new OptimisticTransaction(this.store, snapshot, (version) => this.afterCommit(version))
  }

  /** Writes a checkpoint of the given version (default: latest) and `_last_checkpoint`. */
  async checkpoint(version?: number): Promise<CheckpointInfo> {
    const snapshot = await this.snapshot(version)
    // Our V1 checkpoints carry no deletion vectors, physical names or V2 content: refuse tables
    // with those features rather than write a checkpoint that silently changes them.
    assertWritable(this.store.tablePath, snapshot.protocol, snapshot.metadata, snapshot.schema)
    return writeCheckpoint(this.store, snapshot.state, snapshot.version, this.now())
  }

  /** The current time of this log's clock (ms). */
  now(): number {
    return (this.options.clock ?? Date.now)()
  }

  /** Deletes expired log files now (normally run after each checkpoint). */
  async cleanupExpiredLogs(): Promise<LogCleanupResult> {
    const snapshot = await this.snapshot()
    return cleanupExpiredLogs(this.store, snapshot.tableProperties, this.now())
  }

  /** Commit history, newest first. */
  async history(limit?: number): Promise<HistoryEntry[]> {
    return readHistory(this.store, limit)
  }

  // With a simulated clock, the log files this log writes carry its time: log clean-up and
  // timestamp time travel read file times, as Delta does, and must see the simulated ones.
  private async stamp(name: string): Promise<void> {
    if (!this.options.clock) return
    const t = new Date(this.now())
    await fs.utimes(path.join(this.store.logDir, name), t, t)
  }

  // Loading the committed version also advances the cached snapshot, so the next transaction of
  // a streaming sink replays nothing.
  private async afterCommit(version: number): Promise<void> {
    try {
      await this.stamp(commitFileName(version))
      const snapshot = await this.snapshot(version)
      if (shouldCheckpoint(version, snapshot.tableProperties.checkpointInterval)) {
        await writeCheckpoint(this.store, snapshot.state, version, this.now())
        await this.stamp(checkpointFileName(version))
        if (snapshot.tableProperties.enableExpiredLogCleanup)
          await cleanupExpiredLogs(this.store, snapshot.tableProperties, this.now())
      }
    } catch (e) {
      this.options.onCheckpointError?.(e, version)
    }
  }
}

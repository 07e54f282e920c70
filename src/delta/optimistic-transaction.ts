/**
 * Optimistic commits (PROTOCOL.md §Creation of New Log Entries; delta-notes §2.2, §2.3, §8).
 *
 * A transaction is based on one snapshot. `commit` writes `commitInfo` first, adds protocol (1,2)
 * — or (3,7)+timestampNtz — when it creates the table, and publishes `%020d.json` with the
 * put-if-absent of LogStore. When another writer won the version, every newer commit is checked
 * for conflicts in Spark's order; a winner writing an appId this transaction looked up means two
 * instances of the same query (SL_DELTA_CONCURRENT_TRANSACTION), other conflicts are retryable
 * (DeltaConflictError). Without a conflict the same actions are retried at the next free version,
 * keeping the original readVersion, up to 10 attempts (Spark's maxNonConflictCommitAttempts).
 */
import { randomUUID } from 'node:crypto'
import { DeltaConflictError, EngineError } from '../errors/index.js'
import { schemaFromJson } from '../types/index.js'
import { serializeActions } from './action-json.js'
import type { Action, AddAction, MetadataAction, ProtocolAction } from './actions.js'
import { buildCommitInfo, type CommitOperation } from './commit-info.js'
import { findConflict, type TransactionFootprint } from './conflict-checker.js'
import { commitFileName } from './log-file-names.js'
import type { LogStore } from './log-store.js'
import { assertWritable, protocolForSchema } from './protocol-support.js'
import type { Snapshot } from './snapshot.js'
import { readCommit } from './snapshot-loader.js'
import { readTableProperties } from './table-properties.js'
import { fileKey } from './table-state.js'

/** Spark's `maxNonConflictCommitAttempts`. */
export const MAX_COMMIT_ATTEMPTS = 10

/** Called after a successful commit (DeltaLog uses it for checkpoints). */
export type PostCommitHook = (version: number, actions: readonly Action[]) => Promise<void>

/** One optimistic transaction on a Delta table. */
export class OptimisticTransaction {
  private readonly readAppIds = new Set<string>()
  private readonly trackedReadFiles = new Set<string>()
  private readPartitions: TransactionFootprint['readPartitions']
  private committed = false

  /** @internal Created by DeltaLog.startTransaction. */
  constructor(
    private readonly store: LogStore,
    readonly snapshot: Snapshot,
    private readonly postCommit: PostCommitHook,
  ) {}

  /** The version this transaction reads (-1 for a table that does not exist yet). */
  get readVersion(): number {
    return this.snapshot.version
  }

  /**
   * The latest version committed by `appId` in the read snapshot. Records the appId as read: a
   * concurrent commit writing it makes this transaction fail instead of retrying.
   */
  txnVersion(appId: string): number | undefined {
    this.readAppIds.add(appId)
    return this.snapshot.txnVersion(appId)
  }

  /**
   * Records files the transaction read (Spark's `trackFilesRead`): a concurrent commit removing
   * one of them conflicts (ConcurrentDeleteRead).
   */
  trackFilesRead(
    files: readonly { path: string; deletionVector?: AddAction['deletionVector'] }[],
  ): void {
    for (const f of files) this.trackedReadFiles.add(fileKey(f.path, f.deletionVector))
  }

  /**
   * Records the partitions the transaction read (Spark's `trackReadPredicates` on partition
   * columns): a concurrent commit adding a file in one of them conflicts (ConcurrentAppend).
   * Called again, the partitions either predicate selects.
   */
  trackReadPartitions(
    predicate: (partitionValues: Readonly<Record<string, string | null>>) => boolean,
  ): void {
    const before = this.readPartitions
    this.readPartitions = before ? (v) => before(v) || predicate(v) : predicate
  }

  /** Commits `actions` and returns the committed version. */
  async commit(actions: readonly Action[], operation: CommitOperation): Promise<number> {
    if (this.committed)
      throw invalid(
        this.store.tablePath,
        'this transaction has already committed',
        'Start a new transaction for every commit.',
      )
    const path = this.store.tablePath
    const prepared = this.prepare(actions)
    const footprint = this.footprint(prepared, operation)
    const blind = operation.isBlindAppend ?? isBlindAppend(prepared, operation)
    const commitInfo = buildCommitInfo(operation, this.readVersion, blind, randomUUID(), Date.now())
    const content = serializeActions([{ commitInfo }, ...prepared])
    let version = this.readVersion + 1
    for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
      if (await this.store.putIfAbsent(commitFileName(version), content)) {
        this.committed = true
        await this.postCommit(version, prepared)
        return version
      }
      // Lost the race: check every winner from `version` up to the newest commit.
      for (;;) {
        let winner: Action[]
        try {
          winner = await readCommit(this.store, version)
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') break
          throw e
        }
        const conflict = findConflict(footprint, winner)
        if (conflict?.kind === 'concurrent-transaction') {
          throw new EngineError(
            'SL_DELTA_CONCURRENT_TRANSACTION',
            { path, version, appId: conflict.appId },
            { path },
          )
        }
        if (conflict)
          throw new DeltaConflictError(
            'SL_DELTA_CONFLICT',
            { path, version, reason: conflict.reason },
            { path },
          )
        version++
      }
    }
    throw new DeltaConflictError(
      'SL_DELTA_COMMIT_FAILED',
      { path, version, attempts: MAX_COMMIT_ATTEMPTS },
      { path },
    )
  }

  /** Validates the actions and adds protocol/metadata for a new table. */
  private prepare(actions: readonly Action[]): Action[] {
    const path = this.store.tablePath
    const metadataActions = actions.filter(
      (a): a is { metaData: MetadataAction } => 'metaData' in a,
    )
    const protocolActions = actions.filter(
      (a): a is { protocol: ProtocolAction } => 'protocol' in a,
    )
    if (metadataActions.length > 1 || protocolActions.length > 1) {
      throw invalid(
        path,
        'a commit may hold at most one metaData and one protocol action',
        'Merge the metadata changes into one action.',
      )
    }
    if (actions.some((a) => 'commitInfo' in a)) {
      throw invalid(
        path,
        'commitInfo is written by the transaction',
        'Describe the commit with the operation argument instead.',
      )
    }
    const metadata =
      metadataActions[0]?.metaData ?? (this.snapshot.exists ? this.snapshot.metadata : undefined)
    if (!metadata) {
      throw invalid(
        path,
        'the table does not exist and the commit has no metaData action',
        'Add newTableMetadata(schema) to the first commit.',
      )
    }
    if (metadataActions[0] && this.snapshot.exists && metadata.id !== this.snapshot.metadata.id) {
      throw invalid(
        path,
        `the metaData action changes the table id from ${this.snapshot.metadata.id} to ${metadata.id}`,
        'Change metadata by copying snapshot.metadata and editing its fields; newTableMetadata is only for new tables.',
      )
    }
    const schema = schemaFromJson(metadata.schemaString)
    let protocol =
      protocolActions[0]?.protocol ?? (this.snapshot.exists ? this.snapshot.protocol : undefined)
    const out = [...actions]
    if (!protocol) {
      protocol = protocolForSchema(schema)
      out.unshift({ protocol })
      // Spark writes protocol before metaData in version 0; keep that order for readers that care.
      const m = out.findIndex((a) => 'metaData' in a)
      if (m > 1) out.splice(1, 0, ...out.splice(m, 1))
    }
    assertWritable(path, protocol, metadata, schema)
    const appIds = new Set<string>()
    const files = new Set<string>()
    for (const a of actions) {
      if ('txn' in a) {
        if (appIds.has(a.txn.appId))
          throw invalid(
            path,
            `two txn actions for appId ${a.txn.appId}`,
            'Write one txn per application.',
          )
        appIds.add(a.txn.appId)
      }
      const file = 'add' in a ? a.add : 'remove' in a ? a.remove : undefined
      if (file) {
        const key = fileKey(file.path, file.deletionVector)
        if (files.has(key))
          throw invalid(
            path,
            `two file actions for ${file.path}`,
            'Add or remove each file once per commit.',
          )
        files.add(key)
      }
    }
    if (readTableProperties(metadata.configuration).appendOnly) {
      const removes = actions.filter((a) => 'remove' in a && a.remove.dataChange).length
      if (removes > 0)
        throw new EngineError('SL_DELTA_APPEND_ONLY', { path, count: removes }, { path })
    }
    return out
  }

  private footprint(actions: readonly Action[], operation: CommitOperation): TransactionFootprint {
    const appIds = new Set(this.readAppIds)
    const removed = new Set<string>()
    const domains = new Set<string>()
    for (const a of actions) {
      if ('txn' in a) appIds.add(a.txn.appId)
      else if ('remove' in a) removed.add(fileKey(a.remove.path, a.remove.deletionVector))
      else if ('domainMetadata' in a) domains.add(a.domainMetadata.domain)
    }
    return {
      appIds,
      readWholeTable: operation.readWholeTable ?? false,
      readFiles: new Set([...removed, ...this.trackedReadFiles]),
      removedFiles: removed,
      domains,
      ...(this.readPartitions ? { readPartitions: this.readPartitions } : {}),
    }
  }
}

/** Spark's blind append: only data-changing adds (plus txn), nothing read. */
function isBlindAppend(actions: readonly Action[], operation: CommitOperation): boolean {
  if (operation.readWholeTable) return false
  return actions.every(
    (a) => 'txn' in a || 'protocol' in a || 'metaData' in a || ('add' in a && a.add.dataChange),
  )
}

function invalid(path: string, problem: string, hint: string): EngineError {
  return new EngineError('SL_DELTA_INVALID_ACTION', { path, problem, hint }, { path })
}

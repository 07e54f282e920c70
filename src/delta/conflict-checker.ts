/**
 * Conflict detection for a commit that lost the race for its version (delta-notes §2.3; Spark
 * `ConflictChecker.checkConflicts`, mirrored by delta-rs `conflict_checker.rs`). Pure: it compares
 * what our transaction read and wrote with the actions of one winning commit, in Spark's order.
 */
import type { Action } from './actions.js'
import { fileKey } from './table-state.js'

/** What our transaction depends on and changes. */
export interface TransactionFootprint {
  /** appIds looked up with txnVersion (or written): a winner writing one of them is fatal. */
  appIds: ReadonlySet<string>
  /** True when the transaction's outcome depends on every file (e.g. Complete mode). */
  readWholeTable: boolean
  /** File keys the transaction read (our removes count as read). */
  readFiles: ReadonlySet<string>
  /**
   * The partitions the transaction's read predicates select (Spark's `readPredicates` on
   * partition columns; every partition when it read without one): a winner's added file in one of
   * them is a file this transaction should have read. Delta OSS commits DML as Serializable, so
   * blind appends count too (ConflictChecker.checkForAddedFilesThatShouldHaveBeenReadByCurrentTxn).
   */
  readPartitions?: (partitionValues: Readonly<Record<string, string | null>>) => boolean
  /** File keys the transaction removes. */
  removedFiles: ReadonlySet<string>
  /** Domains of our domainMetadata actions. */
  domains: ReadonlySet<string>
}

/** Why a winner commit conflicts with ours. */
export type Conflict =
  { kind: 'concurrent-transaction'; appId: string } | { kind: 'conflict'; reason: string }

/** The first conflict between our transaction and a winning commit, or undefined. */
export function findConflict(
  ours: TransactionFootprint,
  winner: readonly Action[],
): Conflict | undefined {
  if (winner.some((a) => 'protocol' in a))
    return { kind: 'conflict', reason: 'the protocol changed (ProtocolChanged)' }
  if (winner.some((a) => 'metaData' in a))
    return { kind: 'conflict', reason: 'the table metadata changed (MetadataChanged)' }
  for (const a of winner) {
    if ('domainMetadata' in a && ours.domains.has(a.domainMetadata.domain)) {
      return { kind: 'conflict', reason: `both changed domain metadata ${a.domainMetadata.domain}` }
    }
  }
  for (const a of winner) {
    if ('txn' in a && ours.appIds.has(a.txn.appId))
      return { kind: 'concurrent-transaction', appId: a.txn.appId }
  }
  for (const a of winner) {
    if (
      'add' in a &&
      (ours.readWholeTable ||
        ours.readFiles.has(fileKey(a.add.path, a.add.deletionVector)) ||
        ours.readPartitions?.(a.add.partitionValues) === true)
    ) {
      return {
        kind: 'conflict',
        reason: `it added ${a.add.path}${partitionText(a.add.partitionValues)}, which this transaction should have read (ConcurrentAppend)`,
      }
    }
  }
  for (const a of winner) {
    if (!('remove' in a)) continue
    const key = fileKey(a.remove.path, a.remove.deletionVector)
    if (ours.readWholeTable || ours.readFiles.has(key)) {
      return {
        kind: 'conflict',
        reason: `it removed ${a.remove.path}${partitionText(a.remove.partitionValues)}, which this transaction read (ConcurrentDeleteRead)`,
      }
    }
    if (ours.removedFiles.has(key)) {
      return { kind: 'conflict', reason: `both removed ${a.remove.path} (ConcurrentDeleteDelete)` }
    }
  }
  return undefined
}

/** ` in partition a=1/b=x` as Spark's getPrettyPartitionMessage names it, or nothing. */
function partitionText(values: Readonly<Record<string, string | null>> | null | undefined): string {
  const entries = Object.entries(values ?? {})
  if (entries.length === 0) return ''
  return ` in partition ${entries.map(([k, v]) => `${k}=${v ?? 'null'}`).join('/')}`
}

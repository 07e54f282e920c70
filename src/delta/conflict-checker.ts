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
      (ours.readWholeTable || ours.readFiles.has(fileKey(a.add.path, a.add.deletionVector)))
    ) {
      return {
        kind: 'conflict',
        reason: `it added ${a.add.path}, which this transaction should have read (ConcurrentAppend)`,
      }
    }
  }
  for (const a of winner) {
    if (!('remove' in a)) continue
    const key = fileKey(a.remove.path, a.remove.deletionVector)
    if (ours.readWholeTable || ours.readFiles.has(key)) {
      return {
        kind: 'conflict',
        reason: `it removed ${a.remove.path}, which this transaction read (ConcurrentDeleteRead)`,
      }
    }
    if (ours.removedFiles.has(key)) {
      return { kind: 'conflict', reason: `both removed ${a.remove.path} (ConcurrentDeleteDelete)` }
    }
  }
  return undefined
}

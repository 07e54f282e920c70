/**
 * Action reconciliation (PROTOCOL.md §Action Reconciliation): replaying actions in version order
 * gives the table state. Pure and mutable so that a snapshot can be advanced commit by commit.
 * - latest `protocol` and `metaData` win;
 * - `txn`: latest version per appId;
 * - `domainMetadata`: latest per domain, `removed` deletes it;
 * - files are keyed by (canonical path, deletion vector id): the newest action per key decides
 *   whether the file is live (`add`) or a tombstone (`remove`).
 */
import type {
  Action,
  AddAction,
  DeletionVectorDescriptor,
  DomainMetadataAction,
  MetadataAction,
  ProtocolAction,
  RemoveAction,
  TxnAction,
} from './actions.js'

/** Reconciled state of a table at one version. */
export interface TableState {
  protocol: ProtocolAction | undefined
  metadata: MetadataAction | undefined
  files: Map<string, AddAction>
  tombstones: Map<string, RemoveAction>
  txns: Map<string, TxnAction>
  domains: Map<string, DomainMetadataAction>
}

/** The state before version 0. */
export function emptyTableState(): TableState {
  return {
    protocol: undefined,
    metadata: undefined,
    files: new Map(),
    tombstones: new Map(),
    txns: new Map(),
    domains: new Map(),
  }
}

/** A copy whose maps can be changed without touching the original. */
export function cloneTableState(state: TableState): TableState {
  return {
    protocol: state.protocol,
    metadata: state.metadata,
    files: new Map(state.files),
    tombstones: new Map(state.tombstones),
    txns: new Map(state.txns),
    domains: new Map(state.domains),
  }
}

/** Applies the actions of one commit (or one checkpoint) on top of `state`. */
export function applyActions(state: TableState, actions: Iterable<Action>): void {
  for (const a of actions) {
    if ('add' in a) {
      const key = fileKey(a.add.path, a.add.deletionVector)
      state.tombstones.delete(key)
      state.files.set(key, a.add)
    } else if ('remove' in a) {
      const key = fileKey(a.remove.path, a.remove.deletionVector)
      state.files.delete(key)
      state.tombstones.set(key, a.remove)
    } else if ('txn' in a) {
      state.txns.set(a.txn.appId, a.txn)
    } else if ('metaData' in a) {
      state.metadata = a.metaData
    } else if ('protocol' in a) {
      state.protocol = a.protocol
    } else if ('domainMetadata' in a) {
      if (a.domainMetadata.removed) state.domains.delete(a.domainMetadata.domain)
      else state.domains.set(a.domainMetadata.domain, a.domainMetadata)
    }
  }
}

/**
 * The logical-file key. Paths are URIs that may be spelled differently for the same file
 * (`file:/a/b`, `file:///a/b`, `/a/b`; golden tables `canonicalized-paths-*`), so they are decoded
 * and stripped of the `file:` scheme before comparison.
 */
export function fileKey(path: string, dv?: DeletionVectorDescriptor | null): string {
  const canonical = canonicalPath(path)
  if (!dv) return canonical
  return `${canonical}\u0000${dv.storageType}${dv.pathOrInlineDv}${dv.offset != null ? `@${dv.offset}` : ''}`
}

/** Decodes a log path once and removes a `file:` scheme. */
export function canonicalPath(path: string): string {
  let p = safeDecode(path)
  if (p.startsWith('file://')) p = p.slice('file://'.length)
  else if (p.startsWith('file:')) p = p.slice('file:'.length)
  return p
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

/**
 * What a MERGE commits besides its files, as Delta writes it: the `MERGE` commitInfo
 * (DeltaOperations.Merge's parameters, DeltaOperationMetrics.MERGE's metrics), the `txn` of
 * Delta's idempotent DML (session settings `spark.databricks.delta.write.txnAppId` /
 * `txnVersion`, DeltaCommand.hasBeenExecuted) and the schema a schema-evolving merge adds.
 */
import type { CommitOperation } from '../delta/commit-info.js'
import type { RewriteResult } from '../delta/rewrite-files.js'
import { EngineError } from '../errors/index.js'
import { structType, type StructType } from '../types/index.js'
import type { MergeClause, MergeClauseKind } from './delta-merge-clauses.js'
import type { DeltaTable } from './delta-table.js'
import type { DeltaCondition } from './delta-table-dml.js'
import type { RuntimeConfig } from './runtime-config.js'

const TXN_APP_ID = 'spark.databricks.delta.write.txnAppId'
const TXN_VERSION = 'spark.databricks.delta.write.txnVersion'
const TXN_AUTO_RESET = 'spark.databricks.delta.write.txnVersion.autoReset.enabled'
const AUTO_MERGE = 'spark.databricks.delta.schema.autoMerge.enabled'

/** Rows a MERGE changed, by clause kind. */
export interface MergeCounts {
  matchedUpdated: number
  matchedDeleted: number
  bySourceUpdated: number
  bySourceDeleted: number
  inserted: number
  copied: number
}

/** A condition as the commit and messages show it (the SQL text, or the Column's). */
export function describeCondition(c: DeltaCondition): string {
  return typeof c === 'string' ? c : c.toString()
}

/** Spark's `MERGE` operation: the predicate, and each kind's clauses as `{predicate?, actionType}`. */
export function mergeOperation(
  condition: DeltaCondition,
  clauses: readonly MergeClause[],
): Omit<CommitOperation, 'metrics'> {
  const predicates = (kind: MergeClauseKind): string =>
    JSON.stringify(
      clauses
        .filter((c) => c.kind === kind)
        .map((c) => ({
          ...(c.condition === undefined ? {} : { predicate: describeCondition(c.condition) }),
          actionType: c.action,
        })),
    )
  return {
    name: 'MERGE',
    parameters: {
      predicate: JSON.stringify([describeCondition(condition)]),
      matchedPredicates: predicates('matched'),
      notMatchedPredicates: predicates('notMatched'),
      notMatchedBySourcePredicates: predicates('notMatchedBySource'),
    },
    // Delta OSS commits MERGE as Serializable and reads every file when the condition has no
    // target-only predicate: any concurrent data change conflicts (ConcurrentAppend/…Delete).
    readWholeTable: true,
  }
}

/** DeltaOperationMetrics.MERGE, with Delta's numOutputRows (inserted + updated + copied). */
export function mergeMetrics(
  numSourceRows: number,
  n: MergeCounts,
  r: Omit<RewriteResult, 'version'>,
  times: { started: number; materialized: number; scanned: number },
): Record<string, string> {
  const updated = n.matchedUpdated + n.bySourceUpdated
  const now = Date.now()
  return {
    numSourceRows: String(numSourceRows),
    numTargetRowsInserted: String(n.inserted),
    numTargetRowsUpdated: String(updated),
    numTargetRowsMatchedUpdated: String(n.matchedUpdated),
    numTargetRowsNotMatchedBySourceUpdated: String(n.bySourceUpdated),
    numTargetRowsDeleted: String(n.matchedDeleted + n.bySourceDeleted),
    numTargetRowsMatchedDeleted: String(n.matchedDeleted),
    numTargetRowsNotMatchedBySourceDeleted: String(n.bySourceDeleted),
    numTargetRowsCopied: String(n.copied),
    numOutputRows: String(n.inserted + updated + n.copied),
    numTargetFilesAdded: String(r.numAddedFiles),
    numTargetFilesRemoved: String(r.numRemovedFiles),
    numTargetBytesAdded: String(r.numAddedBytes),
    numTargetBytesRemoved: String(r.numRemovedBytes),
    numTargetChangeFilesAdded: '0',
    numTargetDeletionVectorsAdded: '0',
    numTargetDeletionVectorsRemoved: '0',
    numTargetDeletionVectorsUpdated: '0',
    executionTimeMs: String(now - times.started),
    materializeSourceTimeMs: String(times.materialized - times.started),
    scanTimeMs: String(times.scanned - times.materialized),
    rewriteTimeMs: String(now - times.scanned),
  }
}

/** True when the session turns on Delta's automatic schema evolution. */
export function autoMergeEnabled(conf: RuntimeConfig): boolean {
  return (conf.get(AUTO_MERGE) ?? 'false').toLowerCase() === 'true'
}

/** The target schema plus the source columns updateAll/insertAll would bring (Delta's order). */
export function evolvedSchema(
  target: StructType,
  source: StructType,
  clauses: readonly MergeClause[],
): StructType {
  if (!clauses.some((c) => c.all)) return target
  const extra = source.fields.filter((f) => !target.fields.some((t) => t.name === f.name))
  return extra.length === 0
    ? target
    : structType([...target.fields, ...extra.map((f) => ({ ...f, nullable: true }))])
}

/** Delta's idempotent DML: both session settings or neither (SL_API_INVALID_OPTION). */
export function idempotentTxn(table: DeltaTable): { appId: string; version: number } | undefined {
  const appId = table.spark.conf.get(TXN_APP_ID)
  const version = table.spark.conf.get(TXN_VERSION)
  if (appId === undefined && version === undefined) return undefined
  if (appId === undefined || version === undefined || !/^\d+$/.test(version.trim()))
    throw new EngineError('SL_API_INVALID_OPTION', {
      option: appId === undefined ? TXN_APP_ID : TXN_VERSION,
      problem:
        appId === undefined || version === undefined
          ? 'is not set while the other idempotent-DML setting is'
          : 'is not a non-negative integer',
      value: JSON.stringify(appId === undefined ? null : (version ?? null)),
      hint: `Set both ${TXN_APP_ID} and ${TXN_VERSION} (e.g. a stable name of the query and the batch id in foreachBatch), or neither.`,
    })
  return { appId, version: Number(version) }
}

/** `…txnVersion.autoReset.enabled`: the version is used once, as in Delta. */
export function resetTxnVersion(table: DeltaTable): void {
  if ((table.spark.conf.get(TXN_AUTO_RESET) ?? 'false').toLowerCase() === 'true')
    table.spark.conf.unset(TXN_VERSION)
}

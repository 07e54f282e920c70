/**
 * MERGE execution, as Delta's MergeIntoCommand (ClassicMergeExecutor) without deletion vectors:
 *
 * 1. the source is read once; the equality conjuncts (`=`, `<=>`) of the condition between a
 *    target-only and a source-only expression become hash keys (none: every pair is a candidate);
 * 2. each live file's rows are paired with their candidate source rows and the condition decides
 *    the matches. A target row matched by more than one source row is
 *    SL_DELTA_MERGE_MULTIPLE_MATCHES unless the only MATCHED clause is an unconditional delete;
 * 3. a file is rewritten (copy-on-write, delta/rewrite-files.ts) when Delta would touch it: it has
 *    a matched row — for a merge of MATCHED clauses only, one that some clause's condition
 *    accepts — or the merge has NOT MATCHED BY SOURCE clauses (then every file is read and
 *    rewritten). Each row takes the first clause, in order, whose condition is true; a row no
 *    clause takes is copied. An insert-only merge rewrites nothing;
 * 4. source rows that matched no target row go through the NOT MATCHED clauses into new files;
 * 5. one commit: removes, adds, Spark's `MERGE` commitInfo, and a `txn` when the session sets
 *    `spark.databricks.delta.write.txnAppId`/`txnVersion` (Delta's idempotent DML: a merge whose
 *    version the table already has for that app id is skipped). The commit depends on the whole
 *    table, as Delta's Serializable MERGE without a target-only predicate: a concurrent commit
 *    that adds or removes data conflicts (SL_DELTA_CONFLICT) — an insert could otherwise
 *    duplicate a key a concurrent append wrote.
 */
import type { Action } from '../delta/actions.js'
import { rewriteFiles } from '../delta/rewrite-files.js'
import { EngineError } from '../errors/index.js'
import { splitConjuncts } from '../plan/join-condition.js'
import { resolveExpression } from '../plan/resolve-expression.js'
import { schemaToJson, simpleString, type DataType, type Row } from '../types/index.js'
import { Column } from './column.js'
import type { DataFrame } from './dataframe.js'
import { dataFrameAlias } from './dataframe-alias.js'
import {
  checkClauses,
  MergeScope,
  type MergeClause,
  type MergeClauseKind,
  type ResolvedClause,
} from './delta-merge-clauses.js'
import type { DeltaTable } from './delta-table.js'
import { evaluate, type DeltaCondition } from './delta-table-dml.js'
import {
  autoMergeEnabled,
  describeCondition,
  evolvedSchema,
  idempotentTxn,
  mergeMetrics,
  mergeOperation,
  resetTxnVersion,
  type MergeCounts,
} from './delta-merge-commit.js'
import { lit } from './functions.js'

/** A MERGE as the builder describes it. */
export interface MergeSpec {
  readonly table: DeltaTable
  readonly targetAlias: string | undefined
  readonly source: DataFrame
  readonly condition: DeltaCondition
  readonly clauses: readonly MergeClause[]
  readonly schemaEvolution: boolean
}

/** What `execute()` returns (Delta 4's `num_affected_rows` …), plus the version. */
export interface MergeResult {
  readonly numAffectedRows: number
  readonly numUpdatedRows: number
  readonly numDeletedRows: number
  readonly numInsertedRows: number
  /** The committed version; undefined when skipped as already applied (txnAppId/txnVersion). */
  readonly version: number | undefined
}

/** Per-kind clause evaluation: the columns to compute and where each clause's part starts. */
interface ClausePlan {
  readonly columns: readonly Column[]
  readonly clauses: readonly { readonly r: ResolvedClause; readonly at: number }[]
}

function planOf(resolved: readonly ResolvedClause[], kind: MergeClauseKind): ClausePlan {
  const columns: Column[] = []
  const clauses: { r: ResolvedClause; at: number }[] = []
  for (const r of resolved) {
    if (r.clause.kind !== kind) continue
    clauses.push({ r, at: columns.length })
    columns.push(r.condition ?? lit(true), ...(r.values ?? []))
  }
  return { columns, clauses }
}

/** The first clause whose condition is true on an evaluated row: its action and new row. */
function firstClause(
  plan: ClausePlan,
  row: Row,
  base: number,
): { action: MergeClause['action']; values: Row } | undefined {
  for (const { r, at } of plan.clauses) {
    if (row[base + at] !== true) continue
    const n = r.values?.length ?? 0
    return { action: r.clause.action, values: row.slice(base + at + 1, base + at + 1 + n) }
  }
  return undefined
}

/** A key's text; undefined when it cannot match (`=` on a null; `<=>` matches null to null). */
const keyText = (values: readonly unknown[], nullSafe: readonly boolean[]): string | undefined =>
  values.some((v, i) => (v === null || v === undefined) && !nullSafe[i])
    ? undefined
    : JSON.stringify(values, (_k, v: unknown) =>
        typeof v === 'bigint'
          ? `n:${v}`
          : typeof v === 'number' && !Number.isFinite(v)
            ? `f:${v}` // JSON would print NaN as null, and NaN = NaN in Spark
            : v instanceof Uint8Array
              ? `b:${Buffer.from(v).toString('hex')}`
              : v,
      )

const HASHABLE = new Set(['byte', 'short', 'integer', 'long', 'float', 'double'])
function sameKeyType(a: DataType, b: DataType): boolean {
  return simpleString(a) === simpleString(b) || (HASHABLE.has(a.type) && HASHABLE.has(b.type))
}

/** Runs the MERGE. */
export async function executeMerge(spec: MergeSpec): Promise<MergeResult> {
  const started = Date.now()
  checkClauses(spec.clauses)
  const spark = spec.table.spark
  const log = spec.table.log
  const snapshot = await log.snapshot()
  const txn = idempotentTxn(spec.table)
  if (txn && (snapshot.txnVersion(txn.appId) ?? -1) >= txn.version) {
    resetTxnVersion(spec.table)
    return {
      numAffectedRows: 0,
      numUpdatedRows: 0,
      numDeletedRows: 0,
      numInsertedRows: 0,
      version: undefined,
    }
  }
  const targetSchema = snapshot.schema
  const { schema: sourceSchema, rows: sourceRows } = await spec.source.collectRows()
  const materialized = Date.now()
  const scope = new MergeScope(
    { name: spec.targetAlias ?? '__target', schema: targetSchema },
    { name: dataFrameAlias(spec.source) ?? '__source', schema: sourceSchema, df: spec.source },
  )
  const evolving = spec.schemaEvolution || autoMergeEnabled(spark.conf)
  const evolved = evolving ? evolvedSchema(targetSchema, sourceSchema, spec.clauses) : targetSchema
  const condition = scope.condition(spec.condition, 'merge condition')
  const resolved = spec.clauses.map((c) => scope.resolveClause(c, evolved, evolving))
  const matched = planOf(resolved, 'matched')
  const notMatched = planOf(resolved, 'notMatched')
  const bySource = planOf(resolved, 'notMatchedBySource')
  const insertOnly = matched.clauses.length === 0 && bySource.clauses.length === 0
  const matchedOnly = notMatched.clauses.length === 0 && bySource.clauses.length === 0
  const onlyUnconditionalDelete =
    matched.clauses.length === 1 &&
    matched.clauses[0]!.r.clause.action === 'delete' &&
    matched.clauses[0]!.r.condition === undefined

  // Hash keys: `target-only expr = source-only expr` conjuncts of comparable types.
  const keys = splitConjuncts(condition.expr).flatMap((c) => {
    if (c.kind !== 'BinaryOpNode' || (c.op !== '=' && c.op !== '<=>')) return []
    const nullSafe = c.op === '<=>'
    const l = scope.sidesOf(c.left)
    const r = scope.sidesOf(c.right)
    const pair =
      l.size === 1 && l.has('target') && r.size === 1 && r.has('source')
        ? { t: c.left, s: c.right }
        : l.size === 1 && l.has('source') && r.size === 1 && r.has('target')
          ? { t: c.right, s: c.left }
          : undefined
    if (!pair) return []
    const tt = resolveExpression(pair.t, scope.schema).dataType
    const st = resolveExpression(pair.s, scope.schema).dataType
    return sameKeyType(tt, st) ? [{ ...pair, nullSafe }] : []
  })
  const nullSafe = keys.map((k) => k.nullSafe)
  const bySourceKey = new Map<string, number[]>()
  if (keys.length > 0) {
    const sourceKeys = await evaluate(
      spec.table,
      scope.schema,
      sourceRows.map((s) => [null, s]),
      keys.map((k) => new Column(k.s)),
    )
    sourceKeys.forEach((k, i) => {
      const text = keyText(k, nullSafe)
      if (text === undefined) return
      const list = bySourceKey.get(text)
      if (list) list.push(i)
      else bySourceKey.set(text, [i])
    })
  }

  const n: MergeCounts = {
    matchedUpdated: 0,
    matchedDeleted: 0,
    bySourceUpdated: 0,
    bySourceDeleted: 0,
    inserted: 0,
    copied: 0,
  }
  const matchedSources = new Set<number>()
  const widen = (row: Row): Row =>
    row.length < evolved.fields.length
      ? [...row, ...new Array<null>(evolved.fields.length - row.length).fill(null)]
      : row

  const transform = async (rows: readonly Row[]): Promise<Row[] | undefined> => {
    const candidates: [number, number][] = []
    if (keys.length > 0) {
      const targetKeys = await evaluate(
        spec.table,
        scope.schema,
        rows.map((t) => [t, null]),
        keys.map((k) => new Column(k.t)),
      )
      targetKeys.forEach((k, ti) => {
        const text = keyText(k, nullSafe)
        for (const si of (text === undefined ? undefined : bySourceKey.get(text)) ?? [])
          candidates.push([ti, si])
      })
    } else {
      for (let ti = 0; ti < rows.length; ti++)
        for (let si = 0; si < sourceRows.length; si++) candidates.push([ti, si])
    }
    const evaluated = await evaluate(
      spec.table,
      scope.schema,
      candidates.map(([ti, si]) => [rows[ti], sourceRows[si]]),
      [condition, ...matched.columns],
    )
    const matchOf = new Map<number, Row>()
    const matchCount = new Map<number, number>()
    evaluated.forEach((row, k) => {
      if (row[0] !== true) return
      const [ti, si] = candidates[k]!
      matchedSources.add(si)
      matchCount.set(ti, (matchCount.get(ti) ?? 0) + 1)
      if (!matchOf.has(ti)) matchOf.set(ti, row)
    })
    const multiple = [...matchCount].filter(([, c]) => c > 1)
    if (multiple.length > 0 && !insertOnly && !onlyUnconditionalDelete)
      throw new EngineError(
        'SL_DELTA_MERGE_MULTIPLE_MATCHES',
        {
          path: spec.table.path,
          count: multiple.length,
          condition: describeCondition(spec.condition),
          row: JSON.stringify(rows[multiple[0]![0]], (_k, v: unknown) =>
            typeof v === 'bigint' ? v.toString() : v,
          ),
        },
        { path: spec.table.path },
      )
    const touched = insertOnly
      ? false
      : bySource.clauses.length > 0
        ? rows.length > 0
        : matchedOnly
          ? [...matchOf.values()].some((r) => firstClause(matched, r, 1) !== undefined)
          : matchOf.size > 0
    if (!touched) return undefined
    const unmatched = rows.flatMap((_, ti) => (matchOf.has(ti) ? [] : [ti]))
    const bySourceRows =
      bySource.clauses.length > 0 && unmatched.length > 0
        ? await evaluate(
            spec.table,
            scope.schema,
            unmatched.map((ti) => [rows[ti], null]),
            [...bySource.columns],
          )
        : []
    const bySourceOf = new Map(unmatched.map((ti, k) => [ti, bySourceRows[k]]))
    const out: Row[] = []
    rows.forEach((row, ti) => {
      const m = matchOf.get(ti)
      const evaluatedRow = m ?? bySourceOf.get(ti)
      const hit =
        m !== undefined
          ? firstClause(matched, m, 1)
          : evaluatedRow !== undefined
            ? firstClause(bySource, evaluatedRow, 0)
            : undefined
      if (!hit) {
        n.copied++
        out.push(widen(row))
      } else if (hit.action === 'delete') {
        if (m) n.matchedDeleted++
        else n.bySourceDeleted++
      } else {
        if (m) n.matchedUpdated++
        else n.bySourceUpdated++
        out.push(hit.values)
      }
    })
    return out
  }
  let scanned = 0
  const appendRows = async (): Promise<Row[]> => {
    scanned = Date.now()
    if (notMatched.clauses.length === 0) return []
    const candidates = sourceRows.filter((_, si) => !matchedSources.has(si))
    const evaluatedRows = await evaluate(
      spec.table,
      scope.schema,
      candidates.map((s) => [null, s]),
      [...notMatched.columns],
    )
    const out: Row[] = []
    for (const row of evaluatedRows) {
      const hit = firstClause(notMatched, row, 0)
      if (hit) out.push(hit.values)
    }
    n.inserted = out.length
    return out
  }

  const actions: Action[] = []
  if (txn) actions.push({ txn: { ...txn, lastUpdated: log.now() } })
  if (evolved !== targetSchema)
    actions.push({
      metaData: { ...snapshot.metadata, schemaString: schemaToJson(evolved) },
    })
  const result = await rewriteFiles(
    log,
    transform,
    mergeOperation(spec.condition, spec.clauses),
    (r) =>
      mergeMetrics(sourceRows.length, n, r, {
        started,
        materialized,
        scanned: scanned || Date.now(),
      }),
    { snapshot, appendRows, actions, commitEmpty: true, schema: evolved },
  )
  if (txn) resetTxnVersion(spec.table)
  const updated = n.matchedUpdated + n.bySourceUpdated
  const deleted = n.matchedDeleted + n.bySourceDeleted
  return {
    numAffectedRows: updated + deleted + n.inserted,
    numUpdatedRows: updated,
    numDeletedRows: deleted,
    numInsertedRows: n.inserted,
    version: result.version,
  }
}

/**
 * `DeltaTable.merge(source, condition)`'s builder, the shape of Delta's `DeltaMergeBuilder`:
 * WHEN clauses added in order, then `execute()`. Each `when…` returns a new builder.
 */
import type { ColumnOrValue } from './column.js'
import type { DataFrame } from './dataframe.js'
import type { MergeClause } from './delta-merge-clauses.js'
import { executeMerge, type MergeResult } from './delta-merge.js'
import type { DeltaTable } from './delta-table.js'
import type { DeltaCondition } from './delta-table-dml.js'
import { remoteMerge } from './delta-table-remote.js'

/**
 * Target column → new value: a Column, a SQL expression string as Delta takes it (`'s.value'`,
 * `'t.count + s.count'`, `"'unknown'"` for a string literal), or a number/boolean/null/Date
 * literal.
 */
export type MergeAssignments = Readonly<Record<string, ColumnOrValue>>

/** `execute()`'s columns, as Delta 4's MERGE returns them. */
export const MERGE_RESULT_SCHEMA =
  'num_affected_rows BIGINT, num_updated_rows BIGINT, num_deleted_rows BIGINT, num_inserted_rows BIGINT'

/**
 * A MERGE being built: matched rows (the condition is true for a target and a source row) can be
 * updated or deleted, source rows that matched nothing inserted, and target rows no source row
 * matched updated or deleted. Within each kind the first clause whose condition holds applies.
 *
 * @example
 * ```ts
 * import { DeltaTable, SparkSession } from 'streamlake'
 * const spark = SparkSession.builder().getOrCreate()
 * const updates = spark.createDataFrame([{ id: 1, v: 'x', deleted: false }], 'id INT, v STRING, deleted BOOLEAN')
 * const metrics = await DeltaTable.forPath(spark, './data/t').alias('t')
 *   .merge(updates.alias('s'), 't.id = s.id')
 *   .whenMatchedDelete('s.deleted')
 *   .whenMatchedUpdate({ set: { v: 's.v' } })
 *   .whenNotMatchedInsert({ condition: 'NOT s.deleted', values: { id: 's.id', v: 's.v' } })
 *   .execute()
 * await metrics.show()
 * ```
 */
export class DeltaMergeBuilder {
  /** @internal */
  constructor(
    private readonly table: DeltaTable,
    private readonly targetAlias: string | undefined,
    private readonly source: DataFrame,
    private readonly condition: DeltaCondition,
    private readonly clauses: readonly MergeClause[] = [],
    private readonly schemaEvolution = false,
  ) {}

  /** Updates matched target rows: `set` maps target columns to new values. */
  whenMatchedUpdate(options: {
    condition?: DeltaCondition
    set: MergeAssignments
  }): DeltaMergeBuilder {
    return this.add({ kind: 'matched', action: 'update', ...clauseParts(options, options.set) })
  }

  /** Updates every column of matched target rows from the source column of the same name. */
  whenMatchedUpdateAll(condition?: DeltaCondition): DeltaMergeBuilder {
    return this.add({ kind: 'matched', action: 'update', all: true, ...conditionPart(condition) })
  }

  /** Deletes matched target rows. */
  whenMatchedDelete(condition?: DeltaCondition): DeltaMergeBuilder {
    return this.add({ kind: 'matched', action: 'delete', ...conditionPart(condition) })
  }

  /** Inserts source rows that matched no target row: `values` maps target columns (others null). */
  whenNotMatchedInsert(options: {
    condition?: DeltaCondition
    values: MergeAssignments
  }): DeltaMergeBuilder {
    return this.add({
      kind: 'notMatched',
      action: 'insert',
      ...clauseParts(options, options.values),
    })
  }

  /** Inserts source rows that matched no target row, every column from the same-named source one. */
  whenNotMatchedInsertAll(condition?: DeltaCondition): DeltaMergeBuilder {
    return this.add({
      kind: 'notMatched',
      action: 'insert',
      all: true,
      ...conditionPart(condition),
    })
  }

  /** Updates target rows that no source row matched (only target columns may be used). */
  whenNotMatchedBySourceUpdate(options: {
    condition?: DeltaCondition
    set: MergeAssignments
  }): DeltaMergeBuilder {
    return this.add({
      kind: 'notMatchedBySource',
      action: 'update',
      ...clauseParts(options, options.set),
    })
  }

  /** Deletes target rows that no source row matched. */
  whenNotMatchedBySourceDelete(condition?: DeltaCondition): DeltaMergeBuilder {
    return this.add({ kind: 'notMatchedBySource', action: 'delete', ...conditionPart(condition) })
  }

  /**
   * Lets `whenMatchedUpdateAll` / `whenNotMatchedInsertAll` add the source's columns the table
   * lacks (as the session setting `spark.databricks.delta.schema.autoMerge.enabled` does).
   */
  withSchemaEvolution(): DeltaMergeBuilder {
    return new DeltaMergeBuilder(
      this.table,
      this.targetAlias,
      this.source,
      this.condition,
      this.clauses,
      true,
    )
  }

  /**
   * Runs the MERGE as one Delta commit and returns one row of `num_affected_rows`,
   * `num_updated_rows`, `num_deleted_rows`, `num_inserted_rows` — none when the session's
   * `spark.databricks.delta.write.txnAppId`/`txnVersion` say the table already has this merge.
   */
  async execute(): Promise<DataFrame> {
    if (this.table.spark.remote)
      return remoteMerge({
        table: this.table,
        targetAlias: this.targetAlias,
        source: this.source,
        condition: this.condition,
        clauses: this.clauses,
        schemaEvolution: this.schemaEvolution,
      })
    const r = await this.executeMerge()
    return this.table.spark.createDataFrame(
      r.version === undefined
        ? []
        : [[r.numAffectedRows, r.numUpdatedRows, r.numDeletedRows, r.numInsertedRows]],
      MERGE_RESULT_SCHEMA,
    )
  }

  /** @internal The merge's counts and committed version. */
  async executeMerge(): Promise<MergeResult> {
    await this.table.requireTable()
    return executeMerge({
      table: this.table,
      targetAlias: this.targetAlias,
      source: this.source,
      condition: this.condition,
      clauses: this.clauses,
      schemaEvolution: this.schemaEvolution,
    })
  }

  private add(clause: MergeClause): DeltaMergeBuilder {
    return new DeltaMergeBuilder(
      this.table,
      this.targetAlias,
      this.source,
      this.condition,
      [...this.clauses, clause],
      this.schemaEvolution,
    )
  }
}

function conditionPart(condition: DeltaCondition | undefined): { condition?: DeltaCondition } {
  return condition === undefined ? {} : { condition }
}

function clauseParts(
  options: { condition?: DeltaCondition },
  assignments: MergeAssignments,
): { condition?: DeltaCondition; assignments: MergeAssignments } {
  return { ...conditionPart(options.condition), assignments }
}

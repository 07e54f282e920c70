/**
 * `DeltaTable.optimize()`'s builder (Delta's `DeltaOptimizeBuilder`): `.where(partitionFilter)`
 * then `.executeCompaction()` (bin-packing, delta/optimize.ts) — `.executeZOrderBy(...)` is
 * refused (SL_DELTA_ZORDER_UNSUPPORTED) except on a remote session, where both run on Spark as
 * Delta's `OPTIMIZE` (delta-table-remote.ts). The filter is a SQL predicate on partition columns only,
 * as Delta requires (SL_DELTA_NON_PARTITION_PREDICATE otherwise); it is evaluated once per
 * partition of the table, on the partition values typed by the schema. Session settings:
 * `spark.databricks.delta.optimize.maxFileSize` and `.minFileSize` (bytes; default the table's
 * `delta.targetFileSize`, else 1 GiB), as Delta's.
 */
import { partitionKey } from '../delta/compaction-plan.js'
import { optimizeTable, parsePartitionValue, type OptimizeMetrics } from '../delta/index.js'
import { byteSize } from '../delta/table-properties.js'
import { EngineError } from '../errors/index.js'
import { LocalRelationNode } from '../plan/nodes/index.js'
import { structType, type Row } from '../types/index.js'
import { DataFrame } from './dataframe.js'
import type { DeltaTable } from './delta-table.js'
import { remoteOptimize } from './delta-table-remote.js'
import { parseSqlPredicate } from './sql-predicate.js'

const SIZE_STATS =
  'STRUCT<min: BIGINT, max: BIGINT, avg: DOUBLE, totalFiles: BIGINT, totalSize: BIGINT>'

/** executeCompaction's result columns (the bin-packing fields of Delta's OptimizeMetrics). */
const RESULT_SCHEMA =
  `path STRING, metrics STRUCT<numFilesAdded: BIGINT, numFilesRemoved: BIGINT, ` +
  `filesAdded: ${SIZE_STATS}, filesRemoved: ${SIZE_STATS}, partitionsOptimized: BIGINT, ` +
  `numBatches: BIGINT, totalConsideredFiles: BIGINT, totalFilesSkipped: BIGINT, ` +
  `startTimeMs: BIGINT, endTimeMs: BIGINT>`

/** Builds one OPTIMIZE of a Delta table. */
export class DeltaOptimizeBuilder {
  private readonly predicates: string[] = []

  /** @internal Created by DeltaTable.optimize(). */
  constructor(private readonly table: DeltaTable) {}

  /** Only the partitions matching `partitionFilter` (SQL on partition columns). */
  where(partitionFilter: string): this {
    parseSqlPredicate(partitionFilter, undefined, 'where') // syntax errors at once
    this.predicates.push(partitionFilter)
    return this
  }

  /** Compacts small files into files near the target size; one row: path and metrics. */
  async executeCompaction(): Promise<DataFrame> {
    if (this.table.spark.remote)
      return remoteOptimize(this.table, this.predicates, [], RESULT_SCHEMA)
    await this.table.requireTable()
    const snapshot = await this.table.log.snapshot()
    const conf = this.table.spark.conf
    const maxFileSize = byteSize(conf.get('spark.databricks.delta.optimize.maxFileSize'))
    const minFileSize = byteSize(conf.get('spark.databricks.delta.optimize.minFileSize'))
    const selected = await this.selectedPartitions(snapshot)
    const result = await optimizeTable(this.table.log, {
      snapshot,
      predicates: this.predicates,
      ...(selected ? { partitionFilter: (v) => selected.has(partitionKey(v)) } : {}),
      ...(maxFileSize === undefined ? {} : { maxFileSize }),
      ...(minFileSize === undefined ? {} : { minFileSize }),
    })
    return this.table.spark.createDataFrame(
      [[this.table.path, metricsRow(result.metrics)]],
      RESULT_SCHEMA,
    )
  }

  /**
   * Z-orders the selected files by `columns`. Not implemented on the embedded engine (refused,
   * naming the columns); on a remote session Delta runs `OPTIMIZE … ZORDER BY`.
   */
  executeZOrderBy(...columns: string[]): Promise<DataFrame> {
    if (this.table.spark.remote)
      return remoteOptimize(this.table, this.predicates, columns, RESULT_SCHEMA)
    return Promise.reject(
      new EngineError(
        'SL_DELTA_ZORDER_UNSUPPORTED',
        { path: this.table.path, columns: columns.join(', ') },
        { path: this.table.path },
      ),
    )
  }

  /** The keys of the partitions the where clauses select; undefined without a where. */
  private async selectedPartitions(
    snapshot: Awaited<ReturnType<DeltaTable['log']['snapshot']>>,
  ): Promise<Set<string> | undefined> {
    if (this.predicates.length === 0) return undefined
    const partitionColumns = snapshot.partitionColumns
    const fields = partitionColumns.map((c) => snapshot.schema.fields.find((f) => f.name === c)!)
    const schema = structType(fields)
    for (const text of this.predicates) {
      const { columns } = parseSqlPredicate(text, schema, 'where')
      const outside = columns.find(
        (c) => !partitionColumns.some((p) => p.toLowerCase() === c.toLowerCase()),
      )
      if (outside !== undefined)
        throw new EngineError(
          'SL_DELTA_NON_PARTITION_PREDICATE',
          {
            path: this.table.path,
            predicate: text,
            column: outside,
            partitionColumns: partitionColumns.join(', ') || 'none, the table is not partitioned',
          },
          { path: this.table.path },
        )
    }
    const partitions = new Map<string, Row>()
    for (const f of snapshot.files) {
      const key = partitionKey(f.partitionValues)
      if (!partitions.has(key))
        partitions.set(
          key,
          fields.map((field) => parsePartitionValue(field.dataType, f.partitionValues[field.name])),
        )
    }
    const keys = [...partitions.keys()]
    if (keys.length === 0) return new Set()
    const df = new DataFrame(
      this.table.spark,
      LocalRelationNode.create(schema, [...partitions.values()]),
    )
    const condition = this.predicates
      .map((t) => parseSqlPredicate(t, schema, 'where').column)
      .reduce((a, b) => a.and(b))
    const out = await df.select(condition.alias('selected')).collectRows()
    return new Set(keys.filter((_, i) => out.rows[i]![0] === true))
  }
}

function metricsRow(m: OptimizeMetrics): unknown[] {
  const stats = (s: OptimizeMetrics['filesAdded']): unknown[] => [
    s.min,
    s.max,
    s.avg,
    s.totalFiles,
    s.totalSize,
  ]
  return [
    m.numFilesAdded,
    m.numFilesRemoved,
    stats(m.filesAdded),
    stats(m.filesRemoved),
    m.partitionsOptimized,
    m.numBatches,
    m.totalConsideredFiles,
    m.totalFilesSkipped,
    m.startTimeMs,
    m.endTimeMs,
  ]
}

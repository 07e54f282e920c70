/**
 * The Delta sink: a thin adapter from the executor's sink contract to the Delta library
 * (spark-semantics §14, delta-notes §8). One Delta commit per micro-batch carrying
 * `txn{appId = query id, version = batch id}` with the batch's data files, so the data and the
 * "batch N is written" marker land atomically; a re-delivered batch whose id is already recorded
 * is skipped. Append adds files; Complete removes every live file in the same commit.
 *
 * Update — which Spark's Delta sink refuses — is an idempotent upsert keyed by the grouping keys
 * (`SinkStartContext.upsertKeys`): after every batch the table holds the latest row of each group.
 * The commit removes the files holding a superseded key (found by per-file stats, see
 * `upsert-plan.ts`), re-adds their other rows, and adds the batch's rows; it declares
 * `readWholeTable` (the transaction API tracks no read predicates, and a concurrent writer adding
 * one of our keys must be a conflict), and a conflicting commit makes the sink re-plan the batch
 * on the new snapshot (up to 5 times). A batch holding several rows of one key keeps the last.
 * `upsertKeys: []` (a global aggregation) is one group: the table holds one row. Without keys (no
 * aggregation) update equals append. Partitioned tables are refused in update mode.
 *
 * Partitioning (`writeStream.partitionBy(...)`): a new table gets the partition columns in
 * `metaData.partitionColumns`, and every batch writes one file per partition into Hive-style
 * directories (write-table-files.ts); an existing table must have the same partitioning
 * (SL_SINK_PARTITION_COLUMNS_MISMATCH), and without partitionBy the table's is used.
 * With option `mergeSchema`, the query may bring columns the table lacks: the batch that first
 * writes them commits the wider schema with its data (schema-evolution.ts, as Spark's Delta sink);
 * without it the query must produce exactly the table's columns.
 *
 * Data files carry the query id in their names (delta/data-file-name.ts). With orphan cleanup on
 * (options `cleanupOrphanFiles`, `orphanFileRetention`: delta-sink-options.ts), the sink deletes
 * its own data files that no commit references — what a crash between writing a batch's files and
 * committing them leaves — once they are older than the retention, plus stale `_delta_log` temp
 * files: at start (the query holds its checkpoint lock, and the batch the crash interrupted will
 * be written again with new files) and after a commit at most once per retention period (min. 1
 * minute), never while a batch of its own is being written (delta/orphan-files.ts says why this
 * never deletes a file a commit could reference).
 *
 * With auto compaction on (option `autoCompact` or table property `delta.autoOptimize.autoCompact`,
 * auto-compaction.ts), a batch commit is followed, when its partitions hold enough small files, by
 * an OPTIMIZE commit of their files (dataChange=false, so downstream streams skip it).
 */
import {
  DeltaLog,
  newTableMetadata,
  removeWithTimestamp,
  writeDataFile,
  writePackedDataFile,
} from '../../delta/index.js'
import type {
  Action,
  AddAction,
  DeltaLogOptions,
  OptimizeResult,
  Snapshot,
} from '../../delta/index.js'
import { removeOrphanFiles, type OrphanCleanupResult } from '../../delta/orphan-files.js'
import { crashPoint } from '../../internal/crash-points.js'
import { AnalysisError, DeltaConflictError, SinkError } from '../../errors/index.js'
import {
  asNullable,
  sameType,
  schemaToJson,
  simpleString,
  type Row,
  type StructType,
} from '../../types/index.js'
import type { PackedColumns } from '../../types/packed-columns.js'
import {
  chunkLength,
  chunkPacked,
  chunksLength,
  concatChunkRows,
  type RecordChunk,
} from '../../types/record-chunk.js'
import type { OutputMode, Sink, SinkStartContext } from '../sink.js'
import { orphanCleanupOf, type OrphanCleanupSettings } from './delta-sink-options.js'
import { autoCompact, autoCompactSettings } from './auto-compaction.js'
import { flag } from './delta-write-options.js'
import {
  needsProjection,
  planAppendSchema,
  projectRows,
  type SchemaPlan,
} from './schema-evolution.js'
import { upsertActions } from './upsert-batch.js'
import { writeTableFiles } from './write-table-files.js'
import { upsertKeySpec, type UpsertKeySpec } from './upsert-plan.js'

/** Rows per Parquet file: bounds the memory of one encode on very large batches. */
const MAX_ROWS_PER_FILE = 1_000_000
/** Update mode: how many times a batch is re-planned after losing to a conflicting commit. */
const MAX_UPSERT_ATTEMPTS = 5
/** The shortest time between two orphan cleanups of a running query. */
const MIN_CLEANUP_INTERVAL_MS = 60_000

/** A batch as rows, or as the source's record chunks (append and complete write them as is). */
type BatchInput = { readonly rows: readonly Row[] } | { readonly chunks: readonly RecordChunk[] }

/** The schema and partitioning a batch is written with. */
interface BatchLayout {
  readonly schema: StructType
  readonly partitionColumns: readonly string[]
  /** How the query's columns map onto the table's; undefined when they are the same. */
  readonly plan: SchemaPlan | undefined
}

const MODE_NAME = { append: 'Append', complete: 'Complete', update: 'Update' } as const

export class DeltaSink implements Sink {
  readonly description: string
  readonly reportsOutputRows = false
  private readonly log: DeltaLog
  private queryId = ''
  private mode: OutputMode = 'append'
  private schema: StructType | undefined
  /** Update mode with grouping keys: how a group is identified. */
  private keys: UpsertKeySpec | undefined
  private readonly orphanCleanup: OrphanCleanupSettings | undefined
  private readonly mergeSchema: boolean
  private lastCleanupMs = 0
  /** @internal What the last orphan cleanup removed (tests, diagnostics). */
  lastOrphanCleanup: OrphanCleanupResult | undefined
  /** @internal What the last auto compaction did (tests, diagnostics, the soak run). */
  lastAutoCompaction: OptimizeResult | undefined
  /** The adds of the batch just committed (auto compaction looks at their partitions). */
  private committedAdds: AddAction[] = []

  /**
   * @param partitionColumns `writeStream.partitionBy(...)`: the partitioning of a new table
   *   (an existing table's must be the same); undefined when not called.
   */
  constructor(
    private readonly tablePath: string,
    private readonly options: Readonly<Record<string, string>> = {},
    private readonly partitionColumns?: readonly string[],
    /** @internal The log's options (a simulated clock for the soak run). */
    logOptions: DeltaLogOptions = {},
  ) {
    this.orphanCleanup = orphanCleanupOf(options)
    this.mergeSchema = flag(options, 'mergeSchema')
    this.description = `DeltaSink[${tablePath}]`
    this.log = DeltaLog.forTable(tablePath, logOptions)
  }

  async start(ctx: SinkStartContext): Promise<void> {
    this.queryId = this.options['txnAppId'] ?? ctx.queryId
    this.mode = ctx.outputMode
    this.schema = ctx.schema
    this.keys = undefined
    if (ctx.outputMode === 'update' && ctx.upsertKeys) {
      const { spec, missing } = upsertKeySpec(ctx.schema, ctx.upsertKeys)
      if (missing.length > 0) {
        throw new AnalysisError(
          'SL_SINK_UPSERT_KEY_NOT_FOUND',
          {
            path: this.tablePath,
            column: missing[0],
            columns: ctx.schema.fields.map((f) => f.name),
          },
          { path: this.tablePath, option: 'outputMode' },
        )
      }
      this.keys = spec
      if (this.mergeSchema)
        throw new AnalysisError(
          'SL_API_INVALID_OPTION',
          {
            option: 'mergeSchema',
            problem: 'cannot be used with update mode',
            value: 'true',
            hint: 'An upsert replaces rows of the existing schema; add the columns with a batch write (df.write … mergeSchema) first, or use append mode.',
          },
          { option: 'mergeSchema' },
        )
    }
    const snapshot = await this.log.snapshot()
    if (snapshot.exists) this.checkTable(snapshot)
    // Checks the partition columns against the query before the first batch (thrown there too).
    else if (this.partitionColumns)
      newTableMetadata(asNullable(ctx.schema), {
        partitionColumns: this.partitionColumns,
        tablePath: this.tablePath,
      })
    await this.removeOrphans()
  }

  async addBatch(batchId: number, rows: readonly Row[]): Promise<void> {
    return this.add(batchId, { rows })
  }

  async addChunks(batchId: number, chunks: readonly RecordChunk[]): Promise<void> {
    return this.add(batchId, { chunks })
  }

  private async add(batchId: number, input: BatchInput): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.writeBatch(batchId, input)
        break
      } catch (e) {
        // Another writer changed files this upsert depends on: plan again on the new snapshot.
        if (!(this.keys && e instanceof DeltaConflictError && attempt < MAX_UPSERT_ATTEMPTS))
          throw e
      }
    }
    await this.compactIfDue()
    const interval = Math.max(this.orphanCleanup?.retentionMs ?? 0, MIN_CLEANUP_INTERVAL_MS)
    if (Date.now() - this.lastCleanupMs >= interval) await this.removeOrphans()
  }

  /**
   * Deletes this query's orphan data files and stale log temp files (see the module comment). A
   * failure is reported as a warning: the files only take space, and the batches go on.
   */
  private async removeOrphans(): Promise<void> {
    if (this.orphanCleanup === undefined) return
    this.lastCleanupMs = Date.now()
    try {
      const result = await removeOrphanFiles(this.tablePath, () => this.log.snapshot(), {
        owner: this.queryId,
        retentionMs: this.orphanCleanup.retentionMs,
      })
      this.lastOrphanCleanup = result
      if (result.dataFiles.length > 0)
        process.emitWarning(
          `Removed ${result.dataFiles.length} orphan data file(s) of query ${this.queryId} from ${this.tablePath}: written for a batch whose commit never happened (a crash). The batch was written again; the table is unchanged.`,
          { code: 'STREAMLAKE_ORPHAN_FILES' },
        )
    } catch (error) {
      process.emitWarning(
        `Orphan file cleanup of ${this.tablePath} failed (${(error as Error).message}); leftover files stay until the next cleanup.`,
        { code: 'STREAMLAKE_ORPHAN_FILES' },
      )
    }
  }

  /**
   * Auto compaction after a batch commit (auto-compaction.ts). The batch is committed already, so
   * a compaction that loses to a concurrent commit is only reported; other failures fail the query.
   */
  private async compactIfDue(): Promise<void> {
    const adds = this.committedAdds
    this.committedAdds = []
    const settings = autoCompactSettings(this.options, await this.log.snapshot())
    if (!settings) return
    try {
      const result = await autoCompact(this.log, settings, adds, this.queryId)
      if (result) this.lastAutoCompaction = result
    } catch (e) {
      if (!(e instanceof DeltaConflictError)) throw e
      process.emitWarning(
        `Auto compaction of ${this.tablePath} skipped: ${(e as Error).message} The next batch tries again.`,
        { code: 'STREAMLAKE_AUTO_COMPACTION' },
      )
    }
  }

  async stop(): Promise<void> {}

  private async writeBatch(batchId: number, input: BatchInput): Promise<void> {
    const snapshot = await this.log.snapshot()
    const txn = await this.log.startTransaction(snapshot)
    const done = txn.txnVersion(this.queryId)
    if (done !== undefined && done >= batchId) return // already committed before a crash
    if (snapshot.exists) this.checkTable(snapshot)
    const actions: Action[] = []
    // Spark's Delta sink creates the table from `data.schema.asNullable` (oracle difference D1).
    if (!snapshot.exists)
      actions.push({
        metaData: newTableMetadata(asNullable(this.schema!), {
          partitionColumns: this.partitionColumns ?? [],
          tablePath: this.tablePath,
        }),
      })
    const layout = this.layout(snapshot)
    if (layout.plan?.changed)
      actions.push({
        metaData: { ...snapshot.metadata, schemaString: schemaToJson(layout.plan.schema) },
      })
    let metrics: Record<string, string>
    let readTable: boolean
    if (this.keys) {
      // An upsert looks rows up by key: it needs them as rows.
      const rows = 'rows' in input ? input.rows : concatChunkRows(input.chunks)
      const upsert = await upsertActions(
        this.tablePath,
        snapshot,
        snapshot.exists ? snapshot.schema : this.schema!, // survivors come from the table
        this.keys,
        rows,
        MAX_ROWS_PER_FILE,
        this.queryId,
      )
      actions.push(...upsert.actions)
      metrics = upsert.metrics
      readTable = upsert.readTable
    } else {
      const now = Date.now()
      const removed = this.mode === 'complete' ? snapshot.files : []
      for (const f of removed) actions.push({ remove: removeWithTimestamp(f, now) })
      const adds = await this.writeFiles(input, layout)
      for (const add of adds) actions.push({ add })
      metrics = {
        numAddedFiles: String(adds.length),
        numRemovedFiles: String(removed.length),
        numOutputRows: String('rows' in input ? input.rows.length : chunksLength(input.chunks)),
        numOutputBytes: String(adds.reduce((a, add) => a + add.size, 0)),
      }
      readTable = this.mode === 'complete'
    }
    crashPoint('delta-sink-files-written')
    actions.push({ txn: { appId: this.queryId, version: batchId, lastUpdated: Date.now() } })
    this.committedAdds = []
    await txn.commit(actions, {
      name: 'STREAMING UPDATE',
      parameters: {
        outputMode: MODE_NAME[this.mode],
        queryId: this.queryId,
        epochId: String(batchId),
      },
      metrics,
      isBlindAppend: !readTable,
      readWholeTable: readTable,
    })
    for (const a of actions) if ('add' in a) this.committedAdds.push(a.add)
  }

  /** The table's schema and partitioning this batch writes (after a mergeSchema change). */
  private layout(snapshot: Snapshot): BatchLayout {
    if (!snapshot.exists)
      return {
        schema: asNullable(this.schema!),
        partitionColumns: this.partitionColumns ?? [],
        plan: undefined,
      }
    const plan = planAppendSchema(this.tablePath, snapshot.schema, this.schema!, this.mergeSchema)
    return {
      schema: plan.schema,
      partitionColumns: snapshot.partitionColumns,
      // Identity sources with a changed schema: new columns appended last, in the query's order.
      // The batch must still commit the wider schema (only the row projection is unneeded).
      plan: !needsProjection(plan, this.schema!.fields.length) && !plan.changed ? undefined : plan,
    }
  }

  /** The data files of an append or complete batch, at most MAX_ROWS_PER_FILE rows each. */
  private async writeFiles(input: BatchInput, layout: BatchLayout): Promise<AddAction[]> {
    if (layout.partitionColumns.length > 0 || layout.plan) {
      // Rows in the table's column order, one file (or more) per partition.
      const rows = 'rows' in input ? input.rows : concatChunkRows(input.chunks)
      return writeTableFiles(
        this.tablePath,
        layout.schema,
        layout.partitionColumns,
        layout.plan ? projectRows(rows, layout.plan.sources, layout.plan.reshape) : rows,
        { owner: this.queryId, maxRowsPerFile: MAX_ROWS_PER_FILE },
      )
    }
    const adds: AddAction[] = []
    if ('rows' in input) {
      const { rows } = input
      for (let i = 0; i < rows.length; i += MAX_ROWS_PER_FILE)
        adds.push(
          await writeDataFile(this.tablePath, this.schema!, rows.slice(i, i + MAX_ROWS_PER_FILE), {
            owner: this.queryId,
          }),
        )
      return adds
    }
    // Whole chunks per file (a chunk is one input file's records).
    const width = this.schema!.fields.length
    let group: PackedColumns[] = []
    let groupRows = 0
    const flush = async (): Promise<void> => {
      if (group.length > 0)
        adds.push(
          await writePackedDataFile(this.tablePath, this.schema!, group, { owner: this.queryId }),
        )
      group = []
      groupRows = 0
    }
    for (const chunk of input.chunks) {
      const n = chunkLength(chunk)
      if (n === 0) continue
      if (groupRows > 0 && groupRows + n > MAX_ROWS_PER_FILE) await flush()
      group.push(chunkPacked(chunk, width))
      groupRows += n
    }
    await flush()
    return adds
  }

  private checkTable(snapshot: Snapshot): void {
    const table = snapshot.schema
    const query = this.schema!
    const given = this.partitionColumns
    const parts = snapshot.partitionColumns
    if (given && (given.length !== parts.length || given.some((c, i) => c !== parts[i])))
      throw new SinkError(
        'SL_SINK_PARTITION_COLUMNS_MISMATCH',
        { path: this.tablePath, given: `[${given.join(', ')}]`, table: `[${parts.join(', ')}]` },
        { path: this.tablePath },
      )
    // Throws on a type change; new columns are fine once mergeSchema is on.
    if (this.mergeSchema) planAppendSchema(this.tablePath, table, query, true)
    const sameNames =
      table.fields.length === query.fields.length &&
      table.fields.every((f, i) => f.name === query.fields[i]!.name)
    if (!this.mergeSchema && (!sameNames || !sameType(table, query, false))) {
      throw new SinkError(
        'SL_SINK_SCHEMA_MISMATCH',
        {
          path: this.tablePath,
          table: simpleString(table),
          query: simpleString(query),
        },
        { path: this.tablePath },
      )
    }
    if (this.keys && snapshot.partitionColumns.length > 0) {
      throw new SinkError(
        'SL_SINK_UPSERT_PARTITIONED_TABLE',
        { path: this.tablePath, columns: snapshot.partitionColumns },
        { path: this.tablePath },
      )
    }
  }
}

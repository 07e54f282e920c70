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
 */
import {
  DeltaLog,
  newTableMetadata,
  removeWithTimestamp,
  writeDataFile,
  writePackedDataFile,
} from '../../delta/index.js'
import type { Action, AddAction, Snapshot } from '../../delta/index.js'
import { crashPoint } from '../../internal/crash-points.js'
import { AnalysisError, DeltaConflictError, SinkError } from '../../errors/index.js'
import { asNullable, sameType, simpleString, type Row, type StructType } from '../../types/index.js'
import type { PackedColumns } from '../../types/packed-columns.js'
import {
  chunkLength,
  chunkPacked,
  chunksLength,
  concatChunkRows,
  type RecordChunk,
} from '../../types/record-chunk.js'
import type { OutputMode, Sink, SinkStartContext } from '../sink.js'
import { upsertActions } from './upsert-batch.js'
import { upsertKeySpec, type UpsertKeySpec } from './upsert-plan.js'

/** Rows per Parquet file: bounds the memory of one encode on very large batches. */
const MAX_ROWS_PER_FILE = 1_000_000
/** Update mode: how many times a batch is re-planned after losing to a conflicting commit. */
const MAX_UPSERT_ATTEMPTS = 5

/** A batch as rows, or as the source's record chunks (append and complete write them as is). */
type BatchInput = { readonly rows: readonly Row[] } | { readonly chunks: readonly RecordChunk[] }

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

  constructor(
    private readonly tablePath: string,
    private readonly options: Readonly<Record<string, string>> = {},
  ) {
    this.description = `DeltaSink[${tablePath}]`
    this.log = DeltaLog.forTable(tablePath)
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
    }
    const snapshot = await this.log.snapshot()
    if (snapshot.exists) this.checkTable(snapshot)
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
        return await this.writeBatch(batchId, input)
      } catch (e) {
        // Another writer changed files this upsert depends on: plan again on the new snapshot.
        if (!(this.keys && e instanceof DeltaConflictError && attempt < MAX_UPSERT_ATTEMPTS))
          throw e
      }
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
    if (!snapshot.exists) actions.push({ metaData: newTableMetadata(asNullable(this.schema!)) })
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
      )
      actions.push(...upsert.actions)
      metrics = upsert.metrics
      readTable = upsert.readTable
    } else {
      const now = Date.now()
      const removed = this.mode === 'complete' ? snapshot.files : []
      for (const f of removed) actions.push({ remove: removeWithTimestamp(f, now) })
      const adds = await this.writeFiles(input)
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
  }

  /** The data files of an append or complete batch, at most MAX_ROWS_PER_FILE rows each. */
  private async writeFiles(input: BatchInput): Promise<AddAction[]> {
    const adds: AddAction[] = []
    if ('rows' in input) {
      const { rows } = input
      for (let i = 0; i < rows.length; i += MAX_ROWS_PER_FILE)
        adds.push(
          await writeDataFile(this.tablePath, this.schema!, rows.slice(i, i + MAX_ROWS_PER_FILE)),
        )
      return adds
    }
    // Whole chunks per file (a chunk is one input file's records).
    const width = this.schema!.fields.length
    let group: PackedColumns[] = []
    let groupRows = 0
    const flush = async (): Promise<void> => {
      if (group.length > 0)
        adds.push(await writePackedDataFile(this.tablePath, this.schema!, group))
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
    const sameNames =
      table.fields.length === query.fields.length &&
      table.fields.every((f, i) => f.name === query.fields[i]!.name)
    if (!sameNames || !sameType(table, query, false)) {
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

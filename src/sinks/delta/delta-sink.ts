/**
 * The Delta sink: a thin adapter from the executor's sink contract to the Delta library
 * (spark-semantics §14, delta-notes §8). One Delta commit per micro-batch carrying
 * `txn{appId = query id, version = batch id}` with the batch's data file, so the data and the
 * "batch N is written" marker land atomically; a re-delivered batch whose id is already recorded
 * is skipped. Append adds files; Complete removes every live file in the same commit. Update is
 * refused at start, as Spark's Delta sink does.
 */
import { DeltaLog, newTableMetadata, writeDataFile, type Action } from '../../delta/index.js'
import { crashPoint } from '../../internal/crash-points.js'
import { AnalysisError, SinkError } from '../../errors/index.js'
import { sameType, simpleString, type Row, type StructType } from '../../types/index.js'
import type { OutputMode, Sink, SinkStartContext } from '../sink.js'

/** Rows per Parquet file: bounds the memory of one encode on very large batches. */
const MAX_ROWS_PER_FILE = 1_000_000

export class DeltaSink implements Sink {
  readonly description: string
  readonly reportsOutputRows = false
  private readonly log: DeltaLog
  private queryId = ''
  private mode: OutputMode = 'append'
  private schema: StructType | undefined

  constructor(
    private readonly tablePath: string,
    private readonly options: Readonly<Record<string, string>> = {},
  ) {
    this.description = `DeltaSink[${tablePath}]`
    this.log = DeltaLog.forTable(tablePath)
  }

  async start(ctx: SinkStartContext): Promise<void> {
    if (ctx.outputMode === 'update') {
      throw new AnalysisError(
        'SL_SINK_UNSUPPORTED_OUTPUT_MODE',
        {
          sink: `the Delta sink (${this.tablePath})`,
          mode: 'Update',
          hint: 'Use append or complete, as with Spark (DELTA_UNSUPPORTED_OUTPUT_MODE); for upserts use foreachBatch.',
        },
        { path: this.tablePath, option: 'outputMode' },
      )
    }
    this.queryId = this.options['txnAppId'] ?? ctx.queryId
    this.mode = ctx.outputMode
    this.schema = ctx.schema
    const snapshot = await this.log.snapshot()
    if (snapshot.version >= 0) this.checkSchema(snapshot.schema, ctx.schema)
  }

  async addBatch(batchId: number, rows: readonly Row[]): Promise<void> {
    const schema = this.schema!
    const snapshot = await this.log.snapshot()
    const txn = await this.log.startTransaction(snapshot)
    const done = txn.txnVersion(this.queryId)
    if (done !== undefined && done >= batchId) return // already committed before a crash
    if (snapshot.version >= 0) this.checkSchema(snapshot.schema, schema)
    const actions: Action[] = []
    if (snapshot.version < 0) actions.push({ metaData: newTableMetadata(schema) })
    if (this.mode === 'complete') {
      const now = Date.now()
      for (const f of snapshot.files) {
        actions.push({
          remove: {
            path: f.path,
            dataChange: true,
            deletionTimestamp: now,
            extendedFileMetadata: true,
            partitionValues: f.partitionValues,
            size: f.size,
            ...(f.stats ? { stats: f.stats } : {}),
          },
        })
      }
    }
    let bytes = 0
    let files = 0
    for (let i = 0; i < rows.length; i += MAX_ROWS_PER_FILE) {
      const add = await writeDataFile(this.tablePath, schema, rows.slice(i, i + MAX_ROWS_PER_FILE))
      actions.push({ add })
      bytes += add.size
      files++
    }
    crashPoint('delta-sink-files-written')
    actions.push({ txn: { appId: this.queryId, version: batchId, lastUpdated: Date.now() } })
    await txn.commit(actions, {
      name: 'STREAMING UPDATE',
      parameters: {
        outputMode: this.mode === 'complete' ? 'Complete' : 'Append',
        queryId: this.queryId,
        epochId: String(batchId),
      },
      metrics: {
        numAddedFiles: String(files),
        numRemovedFiles: String(this.mode === 'complete' ? snapshot.files.length : 0),
        numOutputRows: String(rows.length),
        numOutputBytes: String(bytes),
      },
      isBlindAppend: this.mode === 'append',
      readWholeTable: this.mode === 'complete',
    })
  }

  async stop(): Promise<void> {}

  private checkSchema(table: StructType, query: StructType): void {
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
  }
}

/**
 * The memory sink: keeps a query's output in this process under its query name (Spark's
 * `format("memory")`). Append/update add rows; complete replaces them. Per-batch output is kept
 * too, for tests. Re-delivered batch ids are ignored (idempotent like Spark's MemorySink).
 */
import type { Row, StructType } from '../../types/index.js'
import type { OutputMode, Sink, SinkStartContext } from '../sink.js'

export class MemorySink implements Sink {
  readonly description: string
  readonly reportsOutputRows = true
  private mode: OutputMode = 'append'
  private rowsHeld: Row[] = []
  private lastBatchId = -1
  schema: StructType | undefined
  readonly batches = new Map<number, readonly Row[]>()

  constructor(readonly name: string) {
    this.description = `MemorySink[${name}]`
  }

  async start(ctx: SinkStartContext): Promise<void> {
    this.mode = ctx.outputMode
    this.schema = ctx.schema
  }

  async addBatch(batchId: number, rows: readonly Row[]): Promise<void> {
    if (batchId <= this.lastBatchId) return
    this.lastBatchId = batchId
    this.batches.set(batchId, rows)
    if (this.mode === 'complete') this.rowsHeld = [...rows]
    else for (const r of rows) this.rowsHeld.push(r)
  }

  /** All rows currently in the table. */
  get rows(): readonly Row[] {
    return this.rowsHeld
  }

  async stop(): Promise<void> {}
}

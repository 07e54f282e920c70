/**
 * `foreachBatch(fn)`: hands each batch's output rows to user code. At-least-once, as in Spark:
 * after a crash the last batch is re-delivered with the same id, which is the user's
 * idempotency key (spark-semantics §13).
 */
import type { Row, StructType } from '../../types/index.js'
import type { Sink, SinkStartContext } from '../sink.js'

export type BatchHandler = (
  rows: readonly Row[],
  schema: StructType,
  batchId: number,
) => void | Promise<void>

export class ForeachBatchSink implements Sink {
  readonly description = 'ForeachBatchSink'
  readonly reportsOutputRows = false
  private schema: StructType | undefined

  constructor(private readonly handler: BatchHandler) {}

  async start(ctx: SinkStartContext): Promise<void> {
    this.schema = ctx.schema
  }

  async addBatch(batchId: number, rows: readonly Row[]): Promise<void> {
    await this.handler(rows, this.schema!, batchId)
  }

  async stop(): Promise<void> {}
}

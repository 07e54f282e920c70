/**
 * `foreachBatch(fn)`: hands each batch's output rows to user code. At-least-once, as in Spark:
 * after a crash the last batch is re-delivered with the same id, which is the user's
 * idempotency key (spark-semantics §13).
 */
import { EngineError, SinkError } from '../../errors/index.js'
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
    try {
      await this.handler(rows, this.schema!, batchId)
    } catch (error) {
      if (error instanceof EngineError) throw error
      // The user's function failed: the batch is not committed and is re-delivered on restart.
      const message = error instanceof Error ? error.message : String(error)
      throw new SinkError(
        'SL_SINK_FOREACH_BATCH_FAILED',
        { batch: batchId, message },
        { batchId, cause: error },
      )
    }
  }

  async stop(): Promise<void> {}
}

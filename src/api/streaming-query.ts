/**
 * A handle on a running streaming query, with Spark's names: `id` (stable across restarts,
 * from the checkpoint), `runId` (new on every start), `status`, `lastProgress`,
 * `recentProgress`, `stop()`, `awaitTermination()`, `exception()`, `processAllAvailable()`.
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * const spark = SparkSession.builder().getOrCreate()
 * const q = await spark.readStream.format('json').schema('a INT').load('./input')
 *   .writeStream.format('console').start()
 * await q.processAllAvailable()
 * console.log(q.lastProgress?.numInputRows)
 * await q.stop()
 * ```
 */
import type { EngineError } from '../errors/index.js'
import type { MicroBatchExecutor } from '../exec/micro-batch-executor.js'
import type { StreamingQueryProgress, StreamingQueryStatus } from '../monitor/progress.js'
import { JUPYTER_DISPLAY, type MimeBundle } from './display/jupyter-display.js'
import { queryBundle } from './display/query-summary.js'

/**
 * What every streaming query offers, whichever engine runs it: the embedded executor
 * ({@link EmbeddedStreamingQuery}) or a Spark Connect server (a session built with `.remote()`).
 */
export interface StreamingQuery {
  /** Stable id, kept in the checkpoint's `metadata` file. */
  readonly id: string
  /** Unique per start. */
  readonly runId: string
  /** The query name, or null. */
  readonly name: string | null
  readonly isActive: boolean
  readonly status: StreamingQueryStatus
  readonly lastProgress: StreamingQueryProgress | null
  readonly recentProgress: readonly StreamingQueryProgress[]
  /** The error that stopped the query, or null. */
  exception(): EngineError | null
  /** Stops the query after the batch in progress (if any). */
  stop(): Promise<void>
  /**
   * Waits for the query to end. Resolves true when it ended, false when `timeoutMs` passed
   * first; rejects with the query's error if it failed.
   */
  awaitTermination(timeoutMs?: number): Promise<boolean>
  /** Waits until all data available now has been processed (or the query ended). */
  processAllAvailable(): Promise<void>
}

/** @internal A query run by the embedded micro-batch executor in this process. */
export class EmbeddedStreamingQuery implements StreamingQuery {
  /** @internal */
  constructor(
    private readonly executor: MicroBatchExecutor,
    /** The query name, or null. */ readonly name: string | null,
  ) {}

  /** Stable id, kept in the checkpoint's `metadata` file. */
  get id(): string {
    return this.executor.id
  }
  /** Unique per start. */
  get runId(): string {
    return this.executor.runId
  }
  get isActive(): boolean {
    return this.executor.isActive
  }
  get status(): StreamingQueryStatus {
    return this.executor.status
  }
  get lastProgress(): StreamingQueryProgress | null {
    return this.executor.lastProgress
  }
  get recentProgress(): readonly StreamingQueryProgress[] {
    return this.executor.recentProgress
  }

  /** The error that stopped the query, or null. */
  exception(): EngineError | null {
    return this.executor.exception
  }

  /** Stops the query after the batch in progress (if any) and releases its checkpoint. */
  async stop(): Promise<void> {
    await this.executor.stop()
  }

  /**
   * Waits for the query to end. Resolves true when it ended, false when `timeoutMs` passed
   * first; rejects with the query's error if it failed.
   */
  async awaitTermination(timeoutMs?: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined
    const timeout =
      timeoutMs === undefined
        ? undefined
        : new Promise<false>((r) => (timer = setTimeout(() => r(false), timeoutMs)))
    const done = this.executor.termination.then(() => true as const)
    const ended = await (timeout ? Promise.race([done, timeout]) : done)
    clearTimeout(timer)
    const error = this.executor.exception
    if (ended && error) throw error
    return ended
  }

  /** Waits until all data available now has been processed (or the query ended). */
  async processAllAvailable(): Promise<void> {
    await this.executor.waitForIdle()
    // A trigger that was already running when we were called may have missed newer data.
    await this.executor.waitForIdle()
    const error = this.executor.exception
    if (error) throw error
  }

  /** Rich display in a Jupyter notebook: ids, state and the last batch's counters. */
  [JUPYTER_DISPLAY](): MimeBundle {
    return queryBundle(this)
  }

  /** @internal */
  get termination(): Promise<void> {
    return this.executor.termination
  }
}

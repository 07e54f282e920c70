/**
 * The streaming source contract of the embedded executor (modelled on Spark's
 * `SupportsAdmissionControl` + `Source`): offsets are JSON objects written to the offsets log,
 * a range `(start, end]` must always yield the same rows (replayability is what makes
 * exactly-once possible), and planning may persist source-private logs *before* the offsets WAL.
 */
import type { Row, StructType } from '../types/index.js'
import type { RecordChunk } from '../types/record-chunk.js'

/** A source offset as written in `offsets/<N>` (for the file source `{"logOffset":k}`). */
export type SourceOffset = Readonly<Record<string, unknown>>

/** What the trigger allows the source to admit in the next batch. */
export interface AdmissionLimits {
  /** Trigger.Once reads everything available and ignores maxFilesPerTrigger & co. */
  readonly ignoreRateLimits: boolean
}

/**
 * The batch a range is read for. A batch run again after a crash gets the same values (its
 * timestamp comes from the offsets log), so a source may name what it writes after them.
 */
export interface BatchInfo {
  /** The query's id (stable across restarts). */
  readonly queryId: string
  readonly batchId: number
  /** The batch's `batchTimestampMs` from `offsets/<batchId>`. */
  readonly batchTimestampMs: number
  /** The source's position among the query's streaming sources. */
  readonly sourceIndex: number
}

/** Facts a source gets when it is created for a query. */
export interface SourceContext {
  /** `<checkpoint>/sources/<i>`: the source's private folder. */
  readonly checkpointDir: string
  /** `spark.sql.session.timeZone`. */
  readonly timeZone: string
  /** The query's clock (ms since the epoch); the system clock when absent. */
  readonly clock?: { now(): number }
}

export interface StreamSource {
  /** As Spark prints it in progress, e.g. `FileStreamSource[file:/abs/input]`. */
  readonly description: string
  readonly schema: StructType
  /** Restores private state (e.g. the seen-file log) from the checkpoint. */
  initialize(): Promise<void>
  /** Trigger.AvailableNow: fixes the data available now; later arrivals wait for the next run. */
  prepareForAvailableNow(): Promise<void>
  /** Plans the next batch after `start`; null when nothing new. */
  latestOffset(start: SourceOffset | null, limits: AdmissionLimits): Promise<SourceOffset | null>
  /** The rows of `(start, end]`, identical on every call for the same range. */
  getBatch(start: SourceOffset | null, end: SourceOffset, batch: BatchInfo): Promise<Row[]>
  /**
   * Optional: the same records as `getBatch`, in chunks that may be packed by column, for a
   * query that passes them to a columnar sink untouched (no row objects are built).
   */
  getChunks?(
    start: SourceOffset | null,
    end: SourceOffset,
    batch: BatchInfo,
  ): Promise<RecordChunk[]>
  /**
   * Optional: Spark's `SourceProgress.metrics` for batch `batchId`, from this source's read of
   * that batch (zero counts when it read nothing for it).
   */
  metrics?(batchId: number): Readonly<Record<string, string>>
  /**
   * Optional: the latest offset available when the last batch was planned (Spark's
   * `ReportsSourceMetrics`/`SupportsAdmissionControl.reportLatestOffset`, progress `latestOffset`).
   */
  reportLatestOffset?(): SourceOffset | null
  /**
   * Optional: the query resumes after its last committed batch `(start, end]` (start null for
   * batch 0). Spark calls getBatch on a v1 source for that batch when a query restarts
   * (MicroBatchExecution.populateStartOffsets); the Delta source checks the table's schema there.
   * Called before any planning; reads no rows.
   */
  resumeAfter?(start: SourceOffset | null, end: SourceOffset): Promise<void>
  /** Everything up to `end` is committed downstream. */
  commit(end: SourceOffset): Promise<void>
  stop(): Promise<void>
}

/** Offsets are compared by their JSON text (they are small and canonical). */
export function sameOffset(a: SourceOffset | null, b: SourceOffset | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

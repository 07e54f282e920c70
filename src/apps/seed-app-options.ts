import type { TriggerSetting } from '../api/data-stream-writer.js'

/**
 * Where a seed app reads and writes, and how it is triggered (the `streamlake run` flags).
 *
 * @example
 * ```ts
 * import type { SeedAppOptions } from 'streamlake/apps'
 * const options: SeedAppOptions = {
 *   input: './input',
 *   data: './data',
 *   checkpoints: './checkpoints',
 *   trigger: { availableNow: true },
 *   maxFilesPerTrigger: 1,
 * }
 * ```
 */
export interface SeedAppOptions {
  /** Directory of the generator's JSON event files (`--input`). */
  readonly input: string
  /** Root of the Delta tables written; each app writes `data/<table>` (`--data`). */
  readonly data: string
  /** Root of the checkpoints; each query uses `checkpoints/<name>` (`--checkpoints`). */
  readonly checkpoints: string
  /** The trigger (default: Spark's default trigger, running until stopped). */
  readonly trigger?: TriggerSetting
  /** Input files admitted per micro-batch (default: all new files). */
  readonly maxFilesPerTrigger?: number
  /**
   * Where bad input records go, one JSON line each with file, line and reason; they are left
   * out of the output (`--bad-records-path`, the JSON source's `badRecordsPath`).
   */
  readonly badRecordsPath?: string
  /** Skip input files deleted after a batch admitted them (`--ignore-missing-files`). */
  readonly ignoreMissingFiles?: boolean
  /**
   * The watermark app's `DATA/late_events` table (default true). It is streamlake's
   * `lateDataPath`, which Spark does not have: on a remote session pass false to run the app
   * without it (the dropped rows are then only counted, in `numRowsDroppedByWatermark`); left
   * on, a remote start fails with SL_CONNECT_UNSUPPORTED rather than drop the table silently.
   */
  readonly lateEvents?: boolean
  /**
   * Read the events from a Kafka topic instead of `input` (`streamlake demo --source kafka`): the
   * records `streamlake generate --kafka` produces, values parsed with from_json of the event
   * schema, so the apps see the same columns as from the files. Read from the earliest offset.
   */
  readonly kafka?: {
    /** `kafka.bootstrap.servers`, e.g. `127.0.0.1:19092`. */
    readonly bootstrapServers: string
    readonly topic: string
    /** Records per micro-batch at most (`maxOffsetsPerTrigger`; default: all available). */
    readonly maxOffsetsPerTrigger?: number
  }
}

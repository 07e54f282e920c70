/**
 * `writeStream.format('json'|'csv'|'parquet')`: Spark's FileStreamSink. Each batch writes its part
 * files straight into the output directory (Hive-style partition directories with `partitionBy`),
 * each named `part-00000-<its own uuid>-c000.<ext>` (`.c000` inside partition directories), as
 * Spark's ManifestFileCommitProtocol names them, then commits them by writing the batch's entry of
 * the `_spark_metadata` log (file-sink-log.ts). Append mode only, as Spark.
 *
 * Exactly once: a batch whose log entry exists is skipped when the executor replays it after a
 * crash; a replay of a batch without one writes new part files, and whatever the crashed attempt
 * left (complete or hidden temp files) is listed by no entry, so readers that honour
 * `_spark_metadata` — Spark's batch and streaming file readers, and ours — never read it.
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * const spark = SparkSession.builder().getOrCreate()
 * const events = spark.readStream.format('json').schema('event_id STRING, user_id INT').load('./input')
 * const query = await events.writeStream
 *   .format('parquet')
 *   .partitionBy('user_id')
 *   .option('checkpointLocation', './checkpoints/events_parquet')
 *   .start('./data/events_parquet')
 * await query.stop()
 * ```
 */
import { randomUUID } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { SinkError } from '../../errors/index.js'
import { writeFileAtomic } from '../../internal/atomic-file.js'
import { crashPoint } from '../../internal/crash-points.js'
import { makeDirectory } from '../../internal/make-directory.js'
import type { Row, StructType } from '../../types/index.js'
import type { OutputMode, Sink, SinkStartContext } from '../sink.js'
import { csvOutput, jsonOutput, parquetOutput, type FileOutput } from './file-formats.js'
import { FileSinkLog, sinkFileStatus, type FileSinkLogSettings } from './file-sink-log.js'
import { partFileLayout, partFileName } from './part-file-layout.js'

/** The formats of the streaming file sink. */
export const FILE_SINK_FORMATS = ['json', 'csv', 'parquet'] as const
export type FileSinkFormat = (typeof FILE_SINK_FORMATS)[number]

export function isFileSinkFormat(format: string): format is FileSinkFormat {
  return (FILE_SINK_FORMATS as readonly string[]).includes(format)
}

/** What the sink needs besides its options. */
export interface FileStreamSinkConfig {
  readonly format: FileSinkFormat
  /** Absolute output directory. */
  readonly path: string
  /** The writer's options (the format's write options; others are ignored, as Spark). */
  readonly options: Readonly<Record<string, string>>
  readonly partitionBy: readonly string[]
  readonly outputMode: OutputMode
  readonly timeZone: string
  readonly log: FileSinkLogSettings
}

export class FileStreamSink implements Sink {
  readonly description: string
  /** Spark's FileStreamSink is a V1 sink: progress shows numOutputRows -1. */
  readonly reportsOutputRows = false
  private readonly log: FileSinkLog
  private readonly output: FileOutput
  private timeZone: string
  /** The newest batch id in the log, read once per run and kept current by addBatch. */
  private latest: number | undefined
  private schema: StructType | undefined

  /** Checks the output mode and the format's options now (writeStream's start() fails early). */
  constructor(private readonly config: FileStreamSinkConfig) {
    const { format, path, options, outputMode } = config
    if (outputMode !== 'append')
      throw new SinkError(
        'SL_SINK_UNSUPPORTED_OUTPUT_MODE',
        {
          mode: outputMode,
          sink: `the ${format} file sink (Spark: STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE, "This output mode is not supported in Data Source ${format}")`,
          hint: "Files are only ever added: use .outputMode('append') (an aggregation then needs a watermark and writes each window once it is final), or write to Delta, which also takes complete and update.",
        },
        { option: 'outputMode', path },
      )
    this.timeZone = config.timeZone
    this.output =
      format === 'json'
        ? jsonOutput(options, config.timeZone)
        : format === 'csv'
          ? csvOutput(options, config.timeZone, path)
          : parquetOutput(options, path)
    this.log = new FileSinkLog(path, config.log)
    // Spark prints the path as given to the sink: FileSink[/abs/path].
    this.description = `FileSink[${pathToFileURL(path).pathname}]`
  }

  async start(ctx: SinkStartContext): Promise<void> {
    this.timeZone = ctx.timeZone
    this.schema = ctx.schema
  }

  async addBatch(batchId: number, rows: readonly Row[]): Promise<void> {
    this.latest ??= await this.log.latestBatchId()
    if (batchId <= this.latest) {
      process.emitWarning(
        `File sink ${this.config.path}: batch ${batchId} is already in ${this.log.dir} (the log is at batch ${this.latest}); not writing it again.`,
        { code: 'STREAMLAKE_FILE_SINK_REPLAY_SKIPPED' },
      )
      return
    }
    const schema = this.schema!
    const layout = partFileLayout(
      this.config.path,
      schema,
      this.config.partitionBy,
      rows,
      this.timeZone,
    )
    const written: string[] = []
    try {
      for (const group of layout.groups) {
        // Each file its own uuid: ManifestFileCommitProtocol.newTaskTempFile. One task writes all.
        const relative = partFileName(group.dir, 0, randomUUID(), this.output.extension)
        const target = join(this.config.path, ...relative.split('/'))
        await makeDirectory(dirname(target))
        await writeFileAtomic(target, this.output.encode(layout.dataSchema, group.rows), 'fail')
        written.push(target)
        crashPoint('file-sink-part-written')
      }
    } catch (error) {
      // Best effort, as Spark's abortJob: unlisted files are never read, but they cost space.
      await Promise.all(written.map((f) => fs.rm(f, { force: true }).catch(() => undefined)))
      throw error
    }
    const statuses = await Promise.all(written.map(sinkFileStatus))
    if (!(await this.log.add(batchId, statuses)))
      throw new SinkError(
        'SL_SINK_FILE_LOG_CONFLICT',
        { batchId, path: this.log.dir },
        { path: this.log.dir, batchId },
      )
    crashPoint('file-sink-log-written')
    this.latest = batchId
  }

  async stop(): Promise<void> {}
}

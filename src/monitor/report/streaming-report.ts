/**
 * `streamlake demo --report DIR`: after the run, DIR/streaming_metrics.md (per query: batches,
 * rows, rates, batch-duration percentiles, watermark lag, state rows, late rows dropped, the
 * Delta table's version) and DIR/streaming_charts.png (per query, input and processing rate
 * and batch duration over time), generated from the run's own progress objects. The chart is not
 * called performance_charts.png because `npm run bench` writes that name into results/ too, and
 * both reports live there side by side.
 */
import { promises as fs } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { DeltaLog } from '../../delta/index.js'
import { ProgressRecorder, type ProgressSource } from './progress-recorder.js'
import { summarizeQueryRun, type QueryRunSummary } from './query-run-summary.js'
import { deltaTableOfSink } from './delta-table-of-sink.js'
import { streamingChartsPng } from './streaming-charts.js'
import { streamingMetricsMarkdown } from './streaming-metrics-markdown.js'
import { makeDirectory } from '../../internal/make-directory.js'

export interface StreamingReportFiles {
  readonly markdown: string
  readonly png: string
}

async function tableVersion(summary: QueryRunSummary): Promise<number | undefined> {
  const table = deltaTableOfSink(summary.sink)
  if (table === undefined) return undefined
  try {
    const v = (await DeltaLog.forTable(table).snapshot()).version
    return v >= 0 ? v : undefined
  } catch {
    return undefined
  }
}

/**
 * Starts recording a session's progress now; `write()` after the run writes the report.
 *
 * @example
 * ```ts
 * import { SparkSession } from 'streamlake'
 * import { recordStreamingReport } from './streaming-report.js'
 * const spark = SparkSession.builder().getOrCreate()
 * const report = recordStreamingReport(spark.streams, './results')
 * // … start queries, run, stop them …
 * await report.write()
 * ```
 */
export function recordStreamingReport(
  streams: ProgressSource,
  dir: string,
): { write(): Promise<StreamingReportFiles | undefined> } {
  const recorder = new ProgressRecorder(streams)
  const startedAt = new Date()
  return {
    async write() {
      const runs = [...recorder.progress.values()].filter((p) => p.length > 0)
      if (runs.length === 0) return undefined
      const summaries = runs.map(summarizeQueryRun)
      const versions = await Promise.all(summaries.map(tableVersion))
      await makeDirectory(dir)
      const markdown = join(dir, 'streaming_metrics.md')
      const png = join(dir, 'streaming_charts.png')
      await fs.writeFile(
        markdown,
        streamingMetricsMarkdown(summaries, versions, {
          startedAt,
          endedAt: new Date(),
          loadAverage: loadavg(),
        }),
      )
      await fs.writeFile(png, await streamingChartsPng(runs))
      return { markdown, png }
    },
  }
}

/**
 * The figures of one query's run, computed from its progress objects (Spark's
 * StreamingQueryProgress): batches, rows, rates, batch-duration percentiles, watermark lag,
 * state rows and memory, rows dropped by the watermark. Pure.
 */
import type { StreamingQueryProgress } from '../progress.js'

export interface QueryRunSummary {
  readonly id: string
  readonly name: string
  readonly sink: string
  readonly firstBatchAt: string
  readonly lastBatchAt: string
  readonly batches: number
  /** Batches that read at least one row. */
  readonly dataBatches: number
  readonly lastBatchId: number
  readonly inputRows: number
  /** Mean over data batches of inputRowsPerSecond / processedRowsPerSecond. */
  readonly meanInputRowsPerSecond: number | undefined
  readonly meanProcessedRowsPerSecond: number | undefined
  readonly maxProcessedRowsPerSecond: number | undefined
  readonly batchDurationMs: { p50: number; p95: number; p99: number; max: number }
  /** max event time − watermark at the last batch with a watermark, in ms. */
  readonly watermarkLagMs: number | undefined
  readonly lastWatermark: string | undefined
  readonly stateRows: number | undefined
  readonly stateMemoryBytes: number | undefined
  readonly rowsDroppedByWatermark: number
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

const mean = (xs: readonly number[]): number | undefined =>
  xs.length === 0 ? undefined : xs.reduce((a, b) => a + b, 0) / xs.length

export function summarizeQueryRun(progress: readonly StreamingQueryProgress[]): QueryRunSummary {
  const first = progress[0]
  const last = progress.at(-1)
  if (!first || !last) throw new Error('summarizeQueryRun needs at least one progress object')
  const data = progress.filter((p) => p.numInputRows > 0)
  const durations = progress.map((p) => p.batchDuration).sort((a, b) => a - b)
  // No-data batches carry the watermark but no max event time: take the last batch with both.
  const withWatermark = [...progress]
    .reverse()
    .find((p) => p.eventTime?.['watermark'] !== undefined && p.eventTime['max'] !== undefined)
  const wm = withWatermark?.eventTime
  const lag =
    wm?.['watermark'] !== undefined && wm['max'] !== undefined
      ? Date.parse(wm['max']) - Date.parse(wm['watermark'])
      : undefined
  const state = last.stateOperators
  const finite = (xs: (number | undefined)[]): number[] =>
    xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x))
  const processed = finite(data.map((p) => p.processedRowsPerSecond))
  return {
    id: first.id,
    name: last.name ?? first.id,
    sink: last.sink.description,
    firstBatchAt: first.timestamp,
    lastBatchAt: last.timestamp,
    batches: progress.length,
    dataBatches: data.length,
    lastBatchId: last.batchId,
    inputRows: progress.reduce((a, p) => a + p.numInputRows, 0),
    meanInputRowsPerSecond: mean(finite(data.map((p) => p.inputRowsPerSecond))),
    meanProcessedRowsPerSecond: mean(processed),
    maxProcessedRowsPerSecond: processed.length === 0 ? undefined : Math.max(...processed),
    batchDurationMs: {
      p50: percentile(durations, 50),
      p95: percentile(durations, 95),
      p99: percentile(durations, 99),
      max: durations.at(-1) ?? NaN,
    },
    watermarkLagMs: lag !== undefined && Number.isFinite(lag) ? lag : undefined,
    lastWatermark: wm?.['watermark'],
    stateRows: state.length === 0 ? undefined : state.reduce((a, s) => a + s.numRowsTotal, 0),
    stateMemoryBytes:
      state.length === 0 ? undefined : state.reduce((a, s) => a + s.memoryUsedBytes, 0),
    rowsDroppedByWatermark: progress.reduce(
      (a, p) => a + p.stateOperators.reduce((b, s) => b + s.numRowsDroppedByWatermark, 0),
      0,
    ),
  }
}

/**
 * Series derived from the progress history, shared by the charts and the KPI tiles. Pure (no DOM,
 * no uPlot) so the unit tests in test/dashboard can check them.
 */

/** The fields of a progress event these series read. */
export interface RateInput {
  readonly timestamp: string
  readonly numInputRows: number
}

/** Seconds of history behind each arrival-rate point. */
export const ARRIVAL_WINDOW_S = 10

/**
 * Rows that arrived per second of wall time, for each batch: the rows of the batches that started
 * in the {@link ARRIVAL_WINDOW_S} seconds up to this one, over the span they cover. This is what a
 * user means by "input rate"; Spark's `inputRowsPerSecond` divides a batch's rows by the time
 * since the previous trigger, which under the default trigger (a no-data batch right before) can
 * be hundreds of times the real rate.
 */
export function arrivalRate(h: readonly RateInput[]): number[] {
  const t = h.map((p) => Date.parse(p.timestamp) / 1000)
  return t.map((ti, i) => {
    let rows = 0
    let first = ti
    let j = i
    for (; j >= 0 && t[j]! > ti - ARRIVAL_WINDOW_S; j--) {
      rows += h[j]!.numInputRows
      first = t[j]!
    }
    // The oldest batch in the window brought the rows that arrived since the batch before it
    // (t[j], where the walk stopped).
    const before = j >= 0 ? t[j]! : first - 1
    const span = Math.max(1, Math.min(ARRIVAL_WINDOW_S, ti - before))
    return rows / span
  })
}

/**
 * The value at `idx`, or the nearest one before it that is not null: a legend pointed at a
 * no-data batch (whose rates are null, not drawn) shows the last real value instead of "–".
 */
export function lastDefinedAt(
  values: ArrayLike<number | null | undefined>,
  idx: number,
): number | null {
  for (let i = Math.min(idx, values.length - 1); i >= 0; i--) {
    const v = values[i]
    if (v !== null && v !== undefined) return v
  }
  return null
}

/** The fields of a progress event {@link sourceMetricTotal} reads. */
export interface SourceMetricsInput {
  readonly sources: readonly { readonly metrics?: Readonly<Record<string, string>> }[]
}

/**
 * A count that sources report in `sources[].metrics` (the JSON source's `numBadRecords`,
 * `numMissingFiles`), summed over every source and batch of the history; null when no source
 * reports it (a memory stream).
 */
export function sourceMetricTotal(h: readonly SourceMetricsInput[], name: string): number | null {
  let total: number | null = null
  for (const p of h) {
    for (const s of p.sources) {
      const n = Number(s.metrics?.[name])
      if (s.metrics?.[name] !== undefined && Number.isFinite(n)) total = (total ?? 0) + n
    }
  }
  return total
}

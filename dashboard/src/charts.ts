/**
 * The per-query charts (uPlot). Each chart is derived from the progress history alone, so a page
 * opened late shows the same picture as one open from the start.
 */
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { StreamingQueryProgress } from './api.js'
import {
  fmtBytes,
  fmtClock,
  fmtMs,
  fmtNumber,
  fmtSeconds,
  fmtSecondsTicks,
  isoSeconds,
} from './format.js'
import { arrivalRate, lastDefinedAt } from './series.js'

export const PALETTE = {
  blue: '#2563eb',
  teal: '#0d9488',
  amber: '#d97706',
  violet: '#7c3aed',
  rose: '#e11d48',
  slate: '#64748b',
  green: '#16a34a',
  sky: '#0284c7',
  pink: '#db2777',
}

/** Phases bottom-up in the stacked duration bars (Spark's durationMs keys). */
const PHASES: readonly [key: string, color: string][] = [
  ['latestOffset', PALETTE.sky],
  ['getBatch', PALETTE.teal],
  ['queryPlanning', PALETTE.slate],
  ['walCommit', PALETTE.amber],
  ['addBatch', PALETTE.blue],
  ['commitOffsets', PALETTE.violet],
  ['other', '#cbd5e1'],
]

const OPERATOR_COLORS = [PALETTE.blue, PALETTE.amber, PALETTE.teal, PALETTE.pink, PALETTE.violet]

export interface Chart {
  update(history: readonly StreamingQueryProgress[]): void
  resize(width: number): void
  destroy(): void
}

const axis = (extra: Partial<uPlot.Axis> = {}): uPlot.Axis => ({
  stroke: '#64748b',
  grid: { stroke: '#eef2f7', width: 1 },
  ticks: { stroke: '#e2e8f0', width: 1, size: 4 },
  font: '11px Inter, system-ui, sans-serif',
  ...extra,
})

const xAxis = (byBatch: boolean): uPlot.Axis =>
  byBatch
    ? axis({
        values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : '')),
        space: 40,
      })
    : axis({
        values: (_u, ticks) => ticks.map((t) => fmtClock(t)),
        space: 80,
        incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200],
      })

const line = (label: string, stroke: string, extra: Partial<uPlot.Series> = {}): uPlot.Series => ({
  label,
  stroke,
  width: 2,
  points: { show: false },
  ...extra,
})

/**
 * A legend value that, at a point where this series has no value (a no-data batch has no rate and
 * no max event time), shows the series' last value before it rather than "–".
 */
const lastValue =
  (fmt: (v: number) => string) =>
  (u: uPlot, v: number | null, si: number, idx: number | null): string => {
    const value = v ?? (idx === null ? null : lastDefinedAt(u.data[si] ?? [], idx))
    return value === null ? '–' : fmt(value)
  }

const bars = uPlot.paths.bars!({ size: [0.7, 24], gap: 1 })

function base(
  width: number,
  series: uPlot.Series[],
  axes: uPlot.Axis[],
  extra: Partial<uPlot.Options> = {},
  byBatch = false,
): uPlot.Options {
  return {
    width,
    height: 210,
    series: [
      byBatch
        ? { label: 'batch', value: (_u, v) => (v === null ? '–' : String(v)) }
        : { label: 'time', value: (_u, v) => (v === null ? '–' : fmtClock(v)) },
      ...series,
    ],
    axes: [xAxis(byBatch), ...axes],
    cursor: { points: { size: 6 }, drag: { x: false, y: false } },
    legend: { live: true },
    scales: { x: { time: false } },
    padding: [8, 8, 0, 0],
    ...extra,
  }
}

const times = (h: readonly StreamingQueryProgress[]): number[] =>
  h.map((p) => Date.parse(p.timestamp) / 1000)

const batchIds = (h: readonly StreamingQueryProgress[]): number[] => h.map((p) => p.batchId)

/** The initial watermark is the epoch (Spark's default): no watermark yet, not a 1970 point. */
const watermarkOf = (p: StreamingQueryProgress): number | null => {
  const s = isoSeconds(p.eventTime?.['watermark'])
  return s === null || s <= 0 ? null : s
}

/** Wraps a uPlot whose series set may change (state operators appear with the first batch). */
function chart(
  el: HTMLElement,
  build: (
    history: readonly StreamingQueryProgress[],
    width: number,
  ) => { opts: uPlot.Options; data: uPlot.AlignedData; key: string },
): Chart {
  let plot: uPlot | undefined
  let key = ''
  let width = el.clientWidth || 480
  return {
    update(history) {
      const next = build(history, width)
      if (!plot || next.key !== key) {
        plot?.destroy()
        el.replaceChildren()
        plot = new uPlot(next.opts, next.data, el)
        key = next.key
      } else plot.setData(next.data)
      // Show the newest values in the legend until the cursor points elsewhere.
      if (next.data[0].length > 0 && plot.cursor.idx == null)
        plot.setLegend({ idx: next.data[0].length - 1 })
      el.dataset['points'] = String(next.data[0].length)
      // Lets the browser test find a moment when the newest batch read no rows.
      el.dataset['lastBatchRows'] = String(history.at(-1)?.numInputRows ?? '')
    },
    resize(w) {
      width = w
      plot?.setSize({ width: w, height: 210 })
    },
    destroy() {
      plot?.destroy()
      plot = undefined
    },
  }
}

export function ratesChart(el: HTMLElement): Chart {
  return chart(el, (h, width) => ({
    key: 'rates',
    opts: base(
      width,
      [
        // Spark's inputRowsPerSecond: rows over the time since the previous trigger.
        line('input (Spark)', PALETTE.blue, {
          value: lastValue((v) => `${fmtNumber(v)} rows/s`),
          spanGaps: true,
        }),
        line('processed', PALETTE.teal, {
          value: lastValue((v) => `${fmtNumber(v)} rows/s`),
          spanGaps: true,
        }),
        line('arrival (10 s)', PALETTE.amber, {
          width: 1.5,
          dash: [4, 3],
          value: (_u, v) => `${fmtNumber(v)} rows/s`,
        }),
      ],
      [axis({ values: (_u, t) => t.map((v) => fmtNumber(v)), size: 50 })],
    ),
    data: [
      times(h),
      // No-data batches (watermark-only) have rate 0 by definition; skip them, not the line.
      h.map((p) => (p.numInputRows > 0 ? (p.inputRowsPerSecond ?? null) : null)),
      h.map((p) => (p.numInputRows > 0 ? (p.processedRowsPerSecond ?? null) : null)),
      arrivalRate(h),
    ],
  }))
}

export function durationsChart(el: HTMLElement): Chart {
  // The legend formatters outlive one build (setData keeps the series): they read the latest raw.
  let raw: number[][] = []
  return chart(el, (h, width) => {
    raw = PHASES.map(([key]) =>
      h.map((p) => {
        if (key !== 'other') return p.durationMs[key] ?? 0
        const known = PHASES.slice(0, -1).reduce((a, [k]) => a + (p.durationMs[k] ?? 0), 0)
        return Math.max(0, (p.durationMs['triggerExecution'] ?? p.batchDuration) - known)
      }),
    )
    // Cumulative sums, drawn top phase first so each lower bar paints over the one above it.
    const cumulative = raw.map((_, i) =>
      h.map((_p, j) => raw.slice(0, i + 1).reduce((a, r) => a + r[j]!, 0)),
    )
    const order = PHASES.map((_, i) => PHASES.length - 1 - i)
    return {
      key: 'durations',
      opts: base(
        width,
        order.map((i) => ({
          label: PHASES[i]![0],
          stroke: PHASES[i]![1],
          fill: PHASES[i]![1],
          width: 0,
          paths: bars,
          points: { show: false },
          value: (_u: uPlot, _v: number | null, _si: number, idx: number | null) =>
            idx === null ? '–' : fmtMs(raw[i]?.[idx]),
        })),
        [axis({ values: (_u, t) => t.map((v) => fmtMs(v)), size: 56 })],
        {
          scales: {
            x: { time: false },
            y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.05] },
          },
        },
        true,
      ),
      data: [batchIds(h), ...order.map((i) => cumulative[i]!)],
    }
  })
}

export function eventTimeChart(el: HTMLElement): Chart {
  return chart(el, (h, width) => {
    const wm = h.map(watermarkOf)
    const max = h.map((p) => isoSeconds(p.eventTime?.['max']))
    const lag = h.map((_, i) =>
      wm[i] !== null && max[i] !== null ? Math.max(0, max[i]! - wm[i]!) : null,
    )
    return {
      key: 'eventTime',
      opts: base(
        width,
        [
          line('max event time', PALETTE.blue, {
            value: lastValue((v) => fmtClock(v)),
            spanGaps: true,
          }),
          line('watermark', PALETTE.amber, {
            value: lastValue((v) => fmtClock(v)),
            spanGaps: true,
          }),
          line('lag', PALETTE.rose, {
            scale: 'lag',
            width: 1.5,
            dash: [4, 4],
            value: lastValue((v) => fmtSeconds(v)),
            spanGaps: true,
          }),
        ],
        [
          axis({ values: (_u, t) => t.map((v) => fmtClock(v)), size: 64 }),
          axis({
            scale: 'lag',
            side: 1,
            grid: { show: false },
            values: (_u, t) => fmtSecondsTicks(t),
            size: 72,
          }),
        ],
      ),
      data: [times(h), max, wm, lag],
    }
  })
}

export function stateChart(el: HTMLElement): Chart {
  return chart(el, (h, width) => {
    const ops = h.at(-1)?.stateOperators ?? []
    const series: uPlot.Series[] = []
    const data: (number | null)[][] = []
    ops.forEach((op, i) => {
      const color = OPERATOR_COLORS[i % OPERATOR_COLORS.length]!
      const name = ops.length > 1 ? `${i}:${op.operatorName}` : op.operatorName
      series.push(line(`${name} rows`, color, { value: (_u, v) => fmtNumber(v) }))
      series.push(
        line(`${name} memory`, color, {
          scale: 'bytes',
          width: 1.5,
          dash: [5, 4],
          value: (_u, v) => fmtBytes(v),
        }),
      )
      data.push(h.map((p) => p.stateOperators[i]?.numRowsTotal ?? null))
      data.push(h.map((p) => p.stateOperators[i]?.memoryUsedBytes ?? null))
    })
    return {
      key: `state:${ops.map((o) => o.operatorName).join(',')}`,
      opts: base(width, series, [
        axis({ values: (_u, t) => t.map((v) => fmtNumber(v)), size: 50 }),
        axis({
          scale: 'bytes',
          side: 1,
          grid: { show: false },
          values: (_u, t) => t.map((v) => fmtBytes(v)),
          size: 64,
        }),
      ]),
      data: [times(h), ...data],
    }
  })
}

export function lateRowsChart(el: HTMLElement): Chart {
  return chart(el, (h, width) => ({
    key: 'late',
    opts: base(
      width,
      [
        {
          label: 'dropped',
          stroke: PALETTE.rose,
          fill: 'rgba(225,29,72,.75)',
          width: 0,
          paths: bars,
          points: { show: false },
          value: (_u, v) => `${fmtNumber(v)} rows`,
        },
      ],
      [axis({ values: (_u, t) => t.map((v) => fmtNumber(v)), size: 50 })],
      {
        scales: {
          x: { time: false },
          y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
        },
      },
      true,
    ),
    data: [
      batchIds(h),
      h.map((p) => p.stateOperators.reduce((a, op) => a + op.numRowsDroppedByWatermark, 0)),
    ],
  }))
}

export function inputRowsChart(el: HTMLElement): Chart {
  return chart(el, (h, width) => ({
    key: 'rows',
    opts: base(
      width,
      [
        {
          label: 'input rows',
          stroke: PALETTE.blue,
          fill: 'rgba(37,99,235,.7)',
          width: 0,
          paths: bars,
          points: { show: false },
          value: (_u, v) => fmtNumber(v),
        },
      ],
      [axis({ values: (_u, t) => t.map((v) => fmtNumber(v)), size: 50 })],
      {
        scales: {
          x: { time: false },
          y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
        },
      },
      true,
    ),
    data: [batchIds(h), h.map((p) => p.numInputRows)],
  }))
}

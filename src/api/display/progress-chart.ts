/**
 * A query's micro-batches as a chart: input and processing rate (rows/s) on top, batch duration
 * (ms) below, one point/bar per batch id. Rendered as a self-contained SVG (no script, no
 * library) so it shows inline in a notebook, survives nbconvert to HTML and GitHub's notebook
 * viewer, and needs nothing at run time; a terminal gets a text table of the same numbers.
 */
import type { StreamingQueryProgress } from '../../monitor/progress.js'
import type { StreamingQuery } from '../streaming-query.js'
import { escapeHtml } from './html-escape.js'
import { JUPYTER_DISPLAY, type MimeBundle } from './jupyter-display.js'

export interface ProgressChartOptions {
  /** Defaults to the query's name (or "query progress"). */
  readonly title?: string
  /** Pixels; default 640. */
  readonly width?: number
}

/** The chart {@link progressChart} returns: display it, or take its `svg` / `text`. */
export interface ProgressChart {
  readonly svg: string
  readonly text: string
  [JUPYTER_DISPLAY](): MimeBundle
}

const INPUT = '#1f77b4'
const PROCESSED = '#ff7f0e'
const DURATION = '#2ca02c'

/**
 * Charts the progress of a query (its `recentProgress`) or a list of progress objects (e.g.
 * from `readProgressLog`).
 *
 * @example
 * ```ts
 * import { SparkSession, progressChart, display } from 'streamlake'
 * const spark = SparkSession.builder().getOrCreate()
 * const q = await spark.readStream.format('json').schema('a INT').load('./input')
 *   .writeStream.format('memory').queryName('a').trigger({ availableNow: true }).start()
 * await q.awaitTermination()
 * await display(progressChart(q))
 * ```
 */
export function progressChart(
  source: StreamingQuery | readonly StreamingQueryProgress[],
  options: ProgressChartOptions = {},
): ProgressChart {
  const progress = isProgressList(source) ? source : source.recentProgress
  const title =
    options.title ?? (isProgressList(source) ? progress[0]?.name : source.name) ?? 'query progress'
  const svg = chartSvg(progress, title, options.width ?? 640)
  const text = chartText(progress, title)
  return {
    svg,
    text,
    [JUPYTER_DISPLAY]: () => ({ 'text/plain': text, 'image/svg+xml': svg }),
  }
}

function isProgressList(
  s: StreamingQuery | readonly StreamingQueryProgress[],
): s is readonly StreamingQueryProgress[] {
  return Array.isArray(s)
}

const finite = (v: number | undefined): number => (v !== undefined && Number.isFinite(v) ? v : 0)

function chartText(progress: readonly StreamingQueryProgress[], title: string): string {
  const head = ['batch', 'input rows', 'input rows/s', 'processed rows/s', 'duration ms']
  const rows = progress.map((p) => [
    String(p.batchId),
    String(p.numInputRows),
    finite(p.inputRowsPerSecond).toFixed(1),
    finite(p.processedRowsPerSecond).toFixed(1),
    String(p.batchDuration),
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => c.padStart(widths[i]!)).join('  ')
  return [title, line(head), ...rows.map(line)].join('\n')
}

interface Panel {
  readonly top: number
  readonly height: number
  readonly max: number
}

function chartSvg(progress: readonly StreamingQueryProgress[], title: string, width: number) {
  const left = 64
  const right = 16
  const plotWidth = width - left - right
  const rates: Panel = { top: 40, height: 150, max: niceMax(progress.flatMap(rateValues)) }
  const durations: Panel = {
    top: 240,
    height: 110,
    max: niceMax(progress.map((p) => p.batchDuration)),
  }
  const height = durations.top + durations.height + 40
  const n = progress.length
  const step = n > 0 ? plotWidth / n : plotWidth
  const xCenter = (i: number): number => left + step * (i + 0.5)
  const y = (panel: Panel, v: number): number => panel.top + panel.height * (1 - v / panel.max)

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${left}" y="18" font-size="13" font-weight="bold">${escapeHtml(title)}</text>`,
    ...axis(rates, left, plotWidth, 'rows/s'),
    ...axis(durations, left, plotWidth, 'batch ms'),
  ]
  const line = (pick: (p: StreamingQueryProgress) => number, color: string): string => {
    const pts = progress.map((p, i) => `${fx(xCenter(i))},${fx(y(rates, pick(p)))}`)
    const dots = pts.map((pt) => {
      const [cx, cy] = pt.split(',')
      return `<circle cx="${cx}" cy="${cy}" r="2.5" fill="${color}"/>`
    })
    return `<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.join(' ')}"/>${dots.join('')}`
  }
  parts.push(line((p) => finite(p.inputRowsPerSecond), INPUT))
  parts.push(line((p) => finite(p.processedRowsPerSecond), PROCESSED))
  const barWidth = Math.max(1, step * 0.7)
  progress.forEach((p, i) => {
    const top = y(durations, p.batchDuration)
    parts.push(
      `<rect x="${fx(xCenter(i) - barWidth / 2)}" y="${fx(top)}" width="${fx(barWidth)}" height="${fx(durations.top + durations.height - top)}" fill="${DURATION}"><title>batch ${p.batchId}: ${p.batchDuration} ms</title></rect>`,
    )
  })
  // Batch ids under the bottom panel; at most ~12 labels so they never overlap.
  const every = Math.max(1, Math.ceil(n / 12))
  progress.forEach((p, i) => {
    if (i % every === 0)
      parts.push(
        `<text x="${fx(xCenter(i))}" y="${durations.top + durations.height + 14}" text-anchor="middle">${p.batchId}</text>`,
      )
  })
  parts.push(
    `<text x="${left + plotWidth / 2}" y="${height - 6}" text-anchor="middle">batch id</text>`,
    legend(left, 32, [
      ['input rows/s', INPUT],
      ['processed rows/s', PROCESSED],
    ]),
    legend(left, durations.top - 8, [['batch duration (ms)', DURATION]]),
    '</svg>',
  )
  return parts.join('\n')
}

function rateValues(p: StreamingQueryProgress): number[] {
  return [finite(p.inputRowsPerSecond), finite(p.processedRowsPerSecond)]
}

function axis(panel: Panel, left: number, plotWidth: number, label: string): string[] {
  const out: string[] = []
  for (let k = 0; k <= 4; k++) {
    const v = (panel.max * k) / 4
    const yy = fx(panel.top + panel.height * (1 - k / 4))
    out.push(
      `<line x1="${left}" x2="${left + plotWidth}" y1="${yy}" y2="${yy}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${tickLabel(v)}</text>`,
    )
  }
  out.push(
    `<text transform="translate(12 ${panel.top + panel.height / 2}) rotate(-90)" text-anchor="middle">${label}</text>`,
  )
  return out
}

function legend(x: number, y: number, items: readonly (readonly [string, string])[]): string {
  let offset = 0
  return items
    .map(([name, color]) => {
      const g = `<rect x="${x + offset}" y="${y - 8}" width="10" height="10" fill="${color}"/><text x="${x + offset + 14}" y="${y}">${name}</text>`
      offset += 20 + name.length * 6.5
      return g
    })
    .join('')
}

/** A round upper bound for an axis (1, 2, 5 × 10^k), at least 1. */
export function niceMax(values: readonly number[]): number {
  const max = Math.max(1, ...values.filter(Number.isFinite))
  const magnitude = 10 ** Math.floor(Math.log10(max))
  for (const m of [1, 2, 5, 10]) if (m * magnitude >= max) return m * magnitude
  return 10 * magnitude
}

function tickLabel(v: number): string {
  if (v >= 1e6) return `${+(v / 1e6).toFixed(1)}M`
  if (v >= 1e3) return `${+(v / 1e3).toFixed(1)}k`
  return String(+v.toFixed(1))
}

const fx = (v: number): string => String(Math.round(v * 10) / 10)

/**
 * performance_charts.png of the benchmark: grouped bars per workload, streamlake beside Spark —
 * throughput, latency p99 at each rate, start-up and peak RSS — each bar labelled with its value.
 * Rendered through the shared chart module (src/monitor/report/render-chart-png.ts).
 */
import type { EChartsOption } from 'echarts'
import { renderChartPng } from '../../src/monitor/report/render-chart-png.js'
import type { BenchResults, EngineFigures } from './bench-results.js'

const COLORS = { streamlake: '#2f6fde', spark: '#e25a1c' }

interface Panel {
  readonly title: string
  readonly value: (f: EngineFigures) => number | undefined
  readonly format: (v: number) => string
  /** A log axis: the engines differ by orders of magnitude here, and both bars stay visible. */
  readonly log?: boolean
}

export function compact(v: number): string {
  if (!Number.isFinite(v)) return '–'
  if (v >= 1e6) return `${(v / 1e6).toFixed(v >= 1e7 ? 0 : 1)}M`
  if (v >= 1e4) return `${Math.round(v / 1e3)}k`
  if (v >= 100) return String(Math.round(v))
  return v.toFixed(v >= 10 ? 0 : 1)
}

export function benchChartOption(results: BenchResults, rates: readonly number[]): EChartsOption {
  const names = Object.keys(results.workloads)
  const w = results.workloads as Record<
    string,
    { streamlake?: EngineFigures; spark?: EngineFigures }
  >
  const panels: Panel[] = [
    {
      title: 'Throughput (events/s, median; higher is better)',
      value: (f) => f.eventsPerSecond.median,
      format: compact,
    },
    ...rates.map((r) => ({
      title: `Latency p99 at ${r.toLocaleString('en')} events/s (ms, log scale; lower is better)`,
      value: (f: EngineFigures) => f.latencyMsByRate[String(r)]?.p99,
      format: compact,
      log: true,
    })),
    {
      title: 'Start-up: start() → first commit (ms, median, log scale)',
      value: (f) => f.startupMs.median,
      format: compact,
      log: true,
    },
    {
      title: 'Peak RSS of the process tree (MiB, median)',
      value: (f) => f.peakRssBytes.median / 2 ** 20,
      format: compact,
    },
  ]
  const cols = 2
  const rows = Math.ceil(panels.length / cols)
  const cellW = 100 / cols
  const cellH = 92 / rows
  const grid = panels.map((_, i) => ({
    left: `${(i % cols) * cellW + 5}%`,
    width: `${cellW - 9}%`,
    top: `${8 + Math.floor(i / cols) * cellH + 3.5}%`,
    height: `${cellH - 9}%`,
  }))
  const title = [
    {
      text: 'streamlake vs Spark (local[2]) on the same inputs',
      left: 'center',
      top: 4,
      textStyle: { fontSize: 18 },
    },
    ...panels.map((p, i) => ({
      text: p.title,
      left: `${(i % cols) * cellW + cellW / 2}%`,
      top: `${8 + Math.floor(i / cols) * cellH}%`,
      textAlign: 'center' as const,
      textStyle: { fontSize: 13 },
    })),
  ]
  const series = panels.flatMap((p, i) =>
    (['streamlake', 'spark'] as const).map((engine) => ({
      name: engine === 'spark' ? 'Spark' : 'streamlake',
      type: 'bar' as const,
      xAxisIndex: i,
      yAxisIndex: i,
      itemStyle: { color: COLORS[engine] },
      label: {
        show: true,
        position: 'top' as const,
        fontSize: 10,
        formatter: (x: { value: unknown }) =>
          typeof x.value === 'number' ? p.format(x.value) : '',
      },
      data: names.map((n) => {
        const f = w[n]?.[engine]
        const v = f ? p.value(f) : undefined
        return v === undefined || !Number.isFinite(v) ? null : v
      }),
    })),
  )
  return {
    title,
    legend: { top: 32, data: ['streamlake', 'Spark'] },
    grid,
    xAxis: panels.map((_, i) => ({
      type: 'category' as const,
      gridIndex: i,
      data: names,
      axisLabel: { fontSize: 11, interval: 0 },
    })),
    yAxis: panels.map((p, i) => ({
      type: p.log === true ? ('log' as const) : ('value' as const),
      gridIndex: i,
      axisLabel: { fontSize: 10, formatter: (v: number) => p.format(v) },
    })),
    series,
  }
}

export function renderBenchCharts(
  results: BenchResults,
  rates: readonly number[],
): Promise<Buffer> {
  const panels = rates.length + 3
  return renderChartPng(benchChartOption(results, rates), {
    width: 1200,
    height: 120 + Math.ceil(panels / 2) * 300,
  })
}

/**
 * streaming_charts.png of a streaming run: one row per query — input vs processing rate
 * (rows/s) and batch duration (ms) over time, from the progress objects.
 */
import type { EChartsOption } from 'echarts'
import type { StreamingQueryProgress } from '../progress.js'
import { renderChartPng } from './render-chart-png.js'

const ROW_PX = 230
const HEAD_PX = 70

export function streamingChartOption(
  runs: readonly (readonly StreamingQueryProgress[])[],
): EChartsOption {
  const top = (i: number): number => HEAD_PX + i * ROW_PX
  const grid = runs.flatMap((_, i) => [
    { left: 70, right: '53%', top: top(i) + 30, height: ROW_PX - 70 },
    { left: '55%', right: 30, top: top(i) + 30, height: ROW_PX - 70 },
  ])
  const title = [
    { text: 'streamlake demo: rates and batch durations per query', left: 'center', top: 8 },
    ...runs.flatMap((p, i) => {
      const name = p.at(-1)?.name ?? p[0]?.id ?? ''
      return [
        { text: `${name}: rows/s`, left: 70, top: top(i) + 4, textStyle: { fontSize: 13 } },
        {
          text: `${name}: batch duration (ms)`,
          left: '55%',
          top: top(i) + 4,
          textStyle: { fontSize: 13 },
        },
      ]
    }),
  ]
  const at = (p: StreamingQueryProgress): number => Date.parse(p.timestamp)
  const series = runs.flatMap((p, i) => [
    {
      name: 'input rows/s',
      type: 'line' as const,
      xAxisIndex: 2 * i,
      yAxisIndex: 2 * i,
      showSymbol: false,
      data: p.filter((x) => x.numInputRows > 0).map((x) => [at(x), x.inputRowsPerSecond ?? null]),
    },
    {
      name: 'processed rows/s',
      type: 'line' as const,
      xAxisIndex: 2 * i,
      yAxisIndex: 2 * i,
      showSymbol: false,
      data: p
        .filter((x) => x.numInputRows > 0)
        .map((x) => [at(x), x.processedRowsPerSecond ?? null]),
    },
    {
      name: 'batch duration',
      type: 'line' as const,
      xAxisIndex: 2 * i + 1,
      yAxisIndex: 2 * i + 1,
      showSymbol: p.length < 60,
      data: p.map((x) => [at(x), x.batchDuration]),
    },
  ])
  return {
    title,
    legend: { top: 36, data: ['input rows/s', 'processed rows/s', 'batch duration'] },
    color: ['#2f6fde', '#17a673', '#e25a1c'],
    grid,
    xAxis: grid.map((_, i) => ({
      type: 'time' as const,
      gridIndex: i,
      splitNumber: 4,
      axisLabel: { fontSize: 10, hideOverlap: true, formatter: '{HH}:{mm}:{ss}' },
    })),
    yAxis: grid.map((_, i) => ({
      type: 'value' as const,
      gridIndex: i,
      axisLabel: { fontSize: 10 },
    })),
    series,
  }
}

export function streamingChartsPng(
  runs: readonly (readonly StreamingQueryProgress[])[],
): Promise<Buffer> {
  return renderChartPng(streamingChartOption(runs), {
    width: 1200,
    height: HEAD_PX + runs.length * ROW_PX + 20,
  })
}

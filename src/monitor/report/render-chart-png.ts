/**
 * Renders an ECharts option to a PNG, without a browser: ECharts' server-side SVG renderer
 * produces the SVG, resvg rasterises it. Used by the benchmark report (`npm run bench`) and by
 * `streamlake demo --report`. Both libraries are optional peer dependencies, loaded on first use
 * (chart-libraries.ts), so nothing else in the engine pays for them.
 */
import type { EChartsOption } from 'echarts'
import { loadChartLibraries } from './chart-libraries.js'

/** Named in the error when the chart libraries are not installed. */
const FEATURE = 'The PNG chart report (streamlake demo --report, npm run bench)'

export interface ChartSize {
  /** Logical width of the chart in CSS pixels. */
  readonly width: number
  readonly height: number
  /** Pixel density of the PNG (2 = twice the logical size, sharp on high-DPI screens). */
  readonly scale?: number
}

/** The chart as an SVG document (ECharts' SSR renderer; animation is switched off). */
export async function renderChartSvg(option: EChartsOption, size: ChartSize): Promise<string> {
  const { echarts } = await loadChartLibraries(FEATURE)
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: size.width,
    height: size.height,
  })
  try {
    chart.setOption({ animation: false, backgroundColor: '#ffffff', ...option })
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}

/**
 * The chart as PNG bytes. Text uses the system's fonts (DejaVu Sans when present); on a machine
 * without fonts the bars and lines still render, only the labels are missing.
 *
 * @example
 * ```ts
 * const png = await renderChartPng(
 *   { xAxis: { type: 'category', data: ['a', 'b'] }, yAxis: {}, series: [{ type: 'bar', data: [1, 2] }] },
 *   { width: 600, height: 300 },
 * )
 * ```
 */
export async function renderChartPng(option: EChartsOption, size: ChartSize): Promise<Buffer> {
  const svg = await renderChartSvg(option, size)
  const { Resvg } = (await loadChartLibraries(FEATURE)).resvg
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'width', value: Math.round(size.width * (size.scale ?? 2)) },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  })
  return resvg.render().asPng()
}

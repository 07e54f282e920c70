import { describe, expect, it } from 'vitest'
import { renderChartPng, renderChartSvg } from '../../../src/monitor/report/render-chart-png.js'

const option = {
  title: { text: 'Throughput' },
  legend: { data: ['streamlake', 'Spark'] },
  xAxis: { type: 'category' as const, data: ['passthrough', 'dedup'] },
  yAxis: { type: 'value' as const },
  series: [
    { name: 'streamlake', type: 'bar' as const, data: [500_000, 120_000] },
    { name: 'Spark', type: 'bar' as const, data: [60_000, 20_000] },
  ],
}

describe('renderChartPng', () => {
  it('renders the chart through ECharts SSR into an SVG holding its texts', async () => {
    const svg = await renderChartSvg(option, { width: 600, height: 300 })
    expect(svg.startsWith('<svg')).toBe(true)
    for (const text of ['Throughput', 'passthrough', 'dedup', 'streamlake', 'Spark'])
      expect(svg).toContain(text)
    expect(svg).toContain('width="600"')
  })

  it('rasterises to a PNG at twice the logical size by default', async () => {
    const png = await renderChartPng(option, { width: 600, height: 300 })
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
    // IHDR: width and height are the big-endian words at bytes 16 and 20
    expect(png.readUInt32BE(16)).toBe(1200)
    expect(png.readUInt32BE(20)).toBe(600)
  })

  it('honours another scale', async () => {
    const png = await renderChartPng(option, { width: 400, height: 200, scale: 1 })
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([400, 200])
  })
})

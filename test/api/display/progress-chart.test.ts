import { describe, expect, it } from 'vitest'
import { JUPYTER_DISPLAY, progressChart, type StreamingQueryProgress } from '../../../src/index.js'
import { niceMax } from '../../../src/api/display/progress-chart.js'

function progress(batchId: number, rows: number, input: number, processed: number, ms: number) {
  return {
    id: 'q',
    runId: 'r',
    name: 'tumbling',
    timestamp: '2026-01-01T00:00:00.000Z',
    batchId,
    batchDuration: ms,
    numInputRows: rows,
    inputRowsPerSecond: input,
    processedRowsPerSecond: processed,
    durationMs: { triggerExecution: ms },
    stateOperators: [],
    sources: [],
    sink: { description: 'DeltaSink[/t]', numOutputRows: -1 },
  } satisfies StreamingQueryProgress
}

describe('progressChart', () => {
  const history = [
    progress(0, 50, 0, 1000, 50),
    progress(1, 50, 1250, 2500, 20),
    progress(2, 0, 0, 0, 5),
  ]

  it('draws one duration bar per batch and the two rates as lines, in one self-contained SVG', () => {
    const chart = progressChart(history)
    expect(chart.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(chart.svg).not.toContain('<script')
    expect(chart.svg.match(/<title>batch \d+: \d+ ms<\/title>/g)).toEqual([
      '<title>batch 0: 50 ms</title>',
      '<title>batch 1: 20 ms</title>',
      '<title>batch 2: 5 ms</title>',
    ])
    expect(chart.svg.match(/<polyline /g)).toHaveLength(2)
    expect(chart.svg).toContain('>tumbling<') // the query name is the default title
    // Rates axis tops at 5k (2,500 → next 1-2-5 step), durations at 50 ms.
    expect(chart.svg).toContain('>5k<')
    expect(chart.svg).toContain('>50<')
  })

  it('gives a notebook SVG and a terminal the same numbers as text', () => {
    const chart = progressChart(history, { title: 'demo' })
    expect(chart[JUPYTER_DISPLAY]()).toEqual({
      'text/plain': chart.text,
      'image/svg+xml': chart.svg,
    })
    expect(chart.text.split('\n')).toEqual([
      'demo',
      'batch  input rows  input rows/s  processed rows/s  duration ms',
      '    0          50           0.0            1000.0           50',
      '    1          50        1250.0            2500.0           20',
      '    2           0           0.0               0.0            5',
    ])
  })

  it('rounds axis maxima up to 1, 2 or 5 × 10^k', () => {
    expect([
      niceMax([]),
      niceMax([0.3]),
      niceMax([7]),
      niceMax([12]),
      niceMax([2500]),
      niceMax([50]),
    ]).toEqual([1, 1, 10, 20, 5000, 50])
  })
})

import { describe, expect, it } from 'vitest'
import type { StreamingQueryProgress } from '../../../src/monitor/progress.js'
import { summarizeQueryRun } from '../../../src/monitor/report/query-run-summary.js'

function progress(
  batchId: number,
  rows: number,
  duration: number,
  extra: Partial<StreamingQueryProgress> = {},
): StreamingQueryProgress {
  return {
    id: 'q1',
    runId: 'r1',
    name: 'counts',
    timestamp: `2026-11-24T10:00:${String(batchId).padStart(2, '0')}.000Z`,
    batchId,
    batchDuration: duration,
    numInputRows: rows,
    inputRowsPerSecond: rows * 2,
    processedRowsPerSecond: rows * 10,
    durationMs: { triggerExecution: duration },
    stateOperators: [],
    sources: [],
    sink: { description: 'DeltaSink[/tmp/t]', numOutputRows: -1 },
    ...extra,
  }
}

const state = (total: number, dropped: number) => ({
  operatorName: 'stateStoreSave',
  numRowsTotal: total,
  numRowsUpdated: 0,
  allUpdatesTimeMs: 0,
  numRowsRemoved: 0,
  allRemovalsTimeMs: 0,
  commitTimeMs: 0,
  memoryUsedBytes: total * 100,
  numRowsDroppedByWatermark: dropped,
  numShufflePartitions: 1,
  numStateStoreInstances: 1,
})

describe('summarizeQueryRun', () => {
  it('sums rows and late drops, averages rates over data batches only, takes nearest-rank percentiles', () => {
    const runs = [
      progress(0, 100, 40, { stateOperators: [state(5, 0)] }),
      progress(1, 0, 10, { stateOperators: [state(5, 0)] }), // a no-data batch
      progress(2, 300, 90, { stateOperators: [state(8, 3)] }),
      progress(3, 200, 20, { stateOperators: [state(7, 1)] }),
    ]
    const s = summarizeQueryRun(runs)
    expect(s).toMatchObject({
      name: 'counts',
      batches: 4,
      dataBatches: 3,
      lastBatchId: 3,
      inputRows: 600,
      meanInputRowsPerSecond: 400, // (200 + 600 + 400) / 3
      meanProcessedRowsPerSecond: 2000, // (1000 + 3000 + 2000) / 3
      maxProcessedRowsPerSecond: 3000,
      stateRows: 7,
      stateMemoryBytes: 700,
      rowsDroppedByWatermark: 4,
      firstBatchAt: '2026-11-24T10:00:00.000Z',
      lastBatchAt: '2026-11-24T10:00:03.000Z',
    })
    // durations sorted 10, 20, 40, 90: p50 = 2nd, p95 = p99 = max = 4th
    expect(s.batchDurationMs).toEqual({ p50: 20, p95: 90, p99: 90, max: 90 })
    expect(s.watermarkLagMs).toBeUndefined()
  })

  it('takes the watermark lag from the last batch that has both a watermark and a max event time', () => {
    const s = summarizeQueryRun([
      progress(0, 10, 5, {
        eventTime: { max: '2026-11-24T10:20:00.000Z', watermark: '2026-11-24T10:08:00.000Z' },
      }),
      progress(1, 10, 5, {
        eventTime: { max: '2026-11-24T10:30:00.000Z', watermark: '2026-11-24T10:10:00.000Z' },
      }),
      // no-data batch: watermark only
      progress(2, 0, 5, { eventTime: { watermark: '2026-11-24T10:20:00.000Z' } }),
    ])
    expect(s.watermarkLagMs).toBe(20 * 60_000)
    expect(s.lastWatermark).toBe('2026-11-24T10:10:00.000Z')
  })

  it('refuses an empty run', () => {
    expect(() => summarizeQueryRun([])).toThrow(/at least one progress/)
  })
})

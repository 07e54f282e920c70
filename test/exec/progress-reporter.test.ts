/**
 * Progress building against Spark's ProgressReporter rules (spark-semantics §12): rates over the
 * time since the previous trigger start, idle progress and QueryIdleEvent throttled by
 * noDataProgressEventInterval, the recentProgress ring keeping N-1.
 */
import { describe, expect, it } from 'vitest'
import { EventTimeStats } from '../../src/exec/event-time-stats.js'
import { ProgressReporter, type TriggerMeasurements } from '../../src/exec/progress-reporter.js'

const op = {
  operatorName: 'stateStoreSave',
  numRowsTotal: 7,
  numRowsUpdated: 3,
  allUpdatesTimeMs: 1,
  numRowsRemoved: 1,
  allRemovalsTimeMs: 0,
  commitTimeMs: 2,
  memoryUsedBytes: 900,
  numRowsDroppedByWatermark: 2,
  numShufflePartitions: 1,
  numStateStoreInstances: 1,
}

const stats = new EventTimeStats()
stats.add(20_000_000) // 20 s in micros

const batch = (batchId: number, start: number, rows = 10): TriggerMeasurements => ({
  batchId,
  triggerStartMs: start,
  triggerEndMs: start + 50,
  durationMs: { addBatch: 30, getBatch: 5, latestOffset: 5, walCommit: 5, commitOffsets: 5 },
  sources: [
    { description: 'src', startOffset: null, endOffset: { offset: 1 }, numInputRows: rows },
  ],
  sink: { description: 'DeltaSink[/t]', numOutputRows: -1 },
  stateOperators: [op],
  eventTime: { watermarkMs: 5_000, stats: [stats] },
})

const idle = (batchId: number, start: number) => ({
  batchId,
  triggerStartMs: start,
  triggerEndMs: start + 2,
  latestOffsetMs: 1,
  sources: [{ description: 'src', offset: { offset: 1 } }],
  sinkDescription: 'DeltaSink[/t]',
  watermarkMs: 8_000,
})

describe('ProgressReporter', () => {
  it('divides input rows by the seconds since the previous trigger start, idle triggers included', () => {
    const r = new ProgressReporter('id', 'run', 'q')
    r.startTrigger(1_000)
    expect(r.report(batch(0, 1_000)).inputRowsPerSecond).toBe(0) // first trigger: rows / ∞
    r.startTrigger(3_000) // idle trigger
    r.reportIdle(idle(1, 3_000), 3_002)
    r.startTrigger(3_500)
    const p = r.report(batch(1, 3_500))
    expect(p.inputRowsPerSecond).toBe(10 / 0.5)
    expect(p.processedRowsPerSecond).toBe(10 / 0.05)
    expect(p.sources[0]!.inputRowsPerSecond).toBe(10 / 0.5)
  })

  it('records the first idle trigger of a run without posting an idle event', () => {
    const r = new ProgressReporter('id', 'run', 'q', 10_000)
    r.startTrigger(1_000)
    const first = r.reportIdle(idle(0, 1_000), 1_002)
    expect(first.postIdleEvent).toBe(false)
    expect(first.progress).toBeDefined()
    expect(r.recentProgress).toHaveLength(1)
  })

  it('posts an idle event only once noDataProgressEventInterval passed since the last report', () => {
    const r = new ProgressReporter('id', 'run', 'q', 10_000)
    r.startTrigger(0)
    r.report(batch(0, 0)) // ends at 50
    r.startTrigger(5_000)
    expect(r.reportIdle(idle(1, 5_000), 5_002)).toEqual({
      progress: undefined,
      postIdleEvent: false,
    })
    r.startTrigger(10_050)
    const due = r.reportIdle(idle(1, 10_050), 10_052)
    expect(due.postIdleEvent).toBe(true)
    r.startTrigger(15_000)
    expect(r.reportIdle(idle(1, 15_000), 15_002).postIdleEvent).toBe(false)
    r.startTrigger(20_052)
    expect(r.reportIdle(idle(1, 20_052), 20_052).postIdleEvent).toBe(true)
    expect(r.recentProgress.map((p) => p.batchId)).toEqual([0, 1, 1])
  })

  it('gives idle progress the next batch id, zero counts and the last batch snapshot', () => {
    const r = new ProgressReporter('id', 'run', 'q', 0)
    r.startTrigger(0)
    r.report(batch(0, 0))
    r.startTrigger(100)
    const p = r.reportIdle(idle(1, 100), 102).progress!
    expect(p).toMatchObject({
      batchId: 1,
      batchDuration: 2,
      numInputRows: 0,
      inputRowsPerSecond: 0,
      durationMs: { latestOffset: 1, triggerExecution: 2 },
      eventTime: { watermark: '1970-01-01T00:00:08.000Z' },
      sink: { description: 'DeltaSink[/t]', numOutputRows: -1 },
    })
    expect(Object.keys(p.durationMs)).toEqual(['latestOffset', 'triggerExecution'])
    expect(p.stateOperators).toEqual([{ ...op, numRowsUpdated: 0, numRowsDroppedByWatermark: 0 }])
    expect(p.sources[0]).toMatchObject({
      startOffset: { offset: 1 },
      endOffset: { offset: 1 },
      numInputRows: 0,
    })
  })

  it('gives an idle progress before any batch no state operators and no event time', () => {
    const r = new ProgressReporter('id', 'run', null)
    r.startTrigger(0)
    const p = r.reportIdle(idle(0, 0), 2).progress!
    expect(p.stateOperators).toEqual([])
    expect(p.eventTime).toBeUndefined()
  })

  it('keeps at most numRecentProgressUpdates - 1 progress objects, as Spark does', () => {
    const r = new ProgressReporter('id', 'run', null, 10_000, 100)
    for (let i = 0; i < 150; i++) {
      r.startTrigger(i * 100)
      r.report(batch(i, i * 100))
    }
    expect(r.recentProgress).toHaveLength(99)
    expect(r.recentProgress[0]!.batchId).toBe(51)
    expect(r.lastProgress!.batchId).toBe(149)
  })
})

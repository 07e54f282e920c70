/**
 * The dashboard's query registry, built from listener events only: status transitions, restarts
 * reusing the entry, failures with their error class, the Delta table path from the sink
 * description, and the bounded history.
 */
import { describe, expect, it } from 'vitest'
import type { StreamingQueryProgress } from '../../src/monitor/progress.js'
import { QueryRegistry } from '../../src/monitor/query-registry.js'

const progress = (batchId: number, sink = 'DeltaSink[/data/t]'): StreamingQueryProgress => ({
  id: 'q1',
  runId: 'r1',
  name: 'q',
  timestamp: '2026-01-01T00:00:00.000Z',
  batchId,
  batchDuration: 1,
  numInputRows: 1,
  durationMs: {},
  stateOperators: [],
  sources: [],
  sink: { description: sink, numOutputRows: -1 },
})

describe('QueryRegistry', () => {
  it('tracks a query from start through progress to a failed run and a restart', () => {
    const r = new QueryRegistry(2)
    r.onQueryStarted({ id: 'q1', runId: 'r1', name: 'q', timestamp: '2026-01-01T00:00:00.000Z' })
    expect(r.get('q1')).toMatchObject({
      status: 'active',
      lastProgress: null,
      deltaTablePath: null,
    })
    for (const b of [0, 1, 2]) r.onQueryProgress({ progress: progress(b) })
    expect(r.history('q1')!.map((p) => p.batchId)).toEqual([1, 2])
    expect(r.get('q1')).toMatchObject({
      deltaTablePath: '/data/t',
      lastProgress: { batchId: 2 },
      inputRowsTotal: 3,
    })
    r.onQueryIdle({ id: 'q1', runId: 'r1', timestamp: '2026-01-01T00:00:05.000Z' })
    expect(r.get('q1')!.idleSince).toBe('2026-01-01T00:00:05.000Z')
    r.onQueryTerminated({
      id: 'q1',
      runId: 'r1',
      exception: 'disk full',
      errorClassOnException: 'SL_SINK_WRITE_FAILED',
    })
    expect(r.get('q1')).toMatchObject({
      status: 'failed',
      exception: { message: 'disk full', errorClass: 'SL_SINK_WRITE_FAILED' },
    })
    r.onQueryStarted({ id: 'q1', runId: 'r2', name: 'q', timestamp: '2026-01-01T00:01:00.000Z' })
    expect(r.get('q1')).toMatchObject({
      runId: 'r2',
      status: 'active',
      exception: null,
      lastProgress: { batchId: 2 },
    })
    expect(r.history('q1')).toHaveLength(2)
    r.onQueryTerminated({ id: 'q1', runId: 'r2', exception: null, errorClassOnException: null })
    expect(r.get('q1')!.status).toBe('terminated')
    expect(r.list()).toHaveLength(1)
  })

  it('has no Delta table path for other sinks and ignores events of unknown queries', () => {
    const r = new QueryRegistry()
    r.onQueryProgress({ progress: progress(0) })
    expect(r.list()).toEqual([])
    r.onQueryStarted({ id: 'q1', runId: 'r1', name: null, timestamp: 't' })
    r.onQueryProgress({ progress: progress(0, 'ForeachBatchSink') })
    expect(r.get('q1')!.deltaTablePath).toBeNull()
  })
})

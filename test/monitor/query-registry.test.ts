/**
 * The dashboard's query registry, built from listener events only: status transitions, restarts
 * reusing the entry, failures with their error class, the Delta table path from the sink
 * description, the bounded history, and the history reloaded from a progress log at start.
 */
import { once } from 'node:events'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { StreamingQueryProgress } from '../../src/monitor/progress.js'
import { progressLine } from '../../src/monitor/progress-log.js'
import { QueryRegistry } from '../../src/monitor/query-registry.js'
import { tempDir } from '../support/temp-dir.js'

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

  it('reloads the history from the progress log at start, counting a progress seen live once', async () => {
    const path = join(await tempDir(), 'progress.jsonl')
    const at = (runId: string, batchId: number): StreamingQueryProgress => ({
      ...progress(batchId),
      runId,
      timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, batchId)).toISOString(),
    })
    // Run r1 wrote batches 0-2 and died while writing batch 3; r2 re-ran batch 2 (not committed).
    const r1 = [0, 1, 2].map((b) => at('r1', b))
    await fs.writeFile(path, r1.map(progressLine).join('') + progressLine(at('r1', 3)).slice(0, 30))
    const r = new QueryRegistry(4, (id) => (id === 'q1' ? path : undefined))
    r.onQueryStarted({ id: 'q1', runId: 'r2', name: 'q', timestamp: '2026-01-01T00:01:00.000Z' })
    expect(r.history('q1')!.map((p) => [p.runId, p.batchId])).toEqual([
      ['r1', 0],
      ['r1', 1],
      ['r1', 2],
    ])
    expect(r.get('q1')).toMatchObject({ lastProgress: { batchId: 2 }, deltaTablePath: '/data/t' })
    const rerun = { ...at('r2', 2), timestamp: '2026-01-01T00:01:01.000Z' }
    await fs.appendFile(path, '\n' + progressLine(rerun))
    r.onQueryProgress({ progress: rerun })
    // The same session starts the query again: what it saw live is also in the log.
    r.onQueryStarted({ id: 'q1', runId: 'r3', name: 'q', timestamp: '2026-01-01T00:02:00.000Z' })
    expect(r.history('q1')!.map((p) => [p.runId, p.batchId])).toEqual([
      ['r1', 0],
      ['r1', 1],
      ['r1', 2],
      ['r2', 2],
    ])
    const bounded = new QueryRegistry(2, () => path)
    bounded.onQueryStarted({ id: 'q1', runId: 'r3', name: 'q', timestamp: 't' })
    expect(bounded.history('q1')!.map((p) => [p.runId, p.batchId])).toEqual([
      ['r1', 2],
      ['r2', 2],
    ])
  })

  it('starts with an empty history, and a warning, when the progress log cannot be read', async () => {
    const r = new QueryRegistry(4, () => '/')
    const warned = once(process, 'warning') as Promise<[Error]>
    r.onQueryStarted({ id: 'q1', runId: 'r1', name: 'q', timestamp: 't' })
    expect(r.history('q1')).toEqual([])
    expect(r.get('q1')!.status).toBe('active')
    const [warning] = await warned
    expect(warning.message).toContain('The progress log / cannot be read')
  })
})

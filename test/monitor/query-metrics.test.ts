import { describe, expect, it } from 'vitest'
import type { StreamingQueryProgress } from '../../src/monitor/progress.js'
import { QueryMetrics } from '../../src/monitor/query-metrics.js'

function progress(batchId: number, metrics?: Record<string, string>): StreamingQueryProgress {
  return {
    id: 'q-1',
    runId: 'r-1',
    name: 'events',
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, batchId)).toISOString(),
    batchId,
    batchDuration: 10,
    numInputRows: 5,
    durationMs: { triggerExecution: 10 },
    stateOperators: [],
    sources: [
      {
        description: 'FileStreamSource[file:///in]',
        startOffset: null,
        endOffset: { logOffset: batchId },
        latestOffset: null,
        numInputRows: 5,
        ...(metrics ? { metrics } : {}),
      },
    ],
    sink: { description: 'DeltaSink[/out]', numOutputRows: -1 },
  }
}

describe('QueryMetrics', () => {
  it("exports the JSON source's bad records and missing files per source, summed over batches", async () => {
    const m = new QueryMetrics()
    m.onQueryStarted({ id: 'q-1', runId: 'r-1', name: 'events', timestamp: '' })
    m.onQueryProgress({ progress: progress(0, { numBadRecords: '2', numMissingFiles: '0' }) })
    m.onQueryProgress({ progress: progress(1, { numBadRecords: '3', numMissingFiles: '1' }) })
    const text = await m.text()
    const labels =
      'query_id="q-1",query_name="events",source="FileStreamSource[file:///in]",source_id="0"'
    expect(text).toContain(`streamlake_source_bad_records_total{${labels}} 5`)
    expect(text).toContain(`streamlake_source_missing_files_total{${labels}} 1`)
  })

  it('has no source series for a source without those metrics (a memory stream)', async () => {
    const m = new QueryMetrics()
    m.onQueryProgress({ progress: progress(0) })
    expect(await m.text()).not.toMatch(/streamlake_source_bad_records_total\{/)
  })
})

/**
 * The demo's terminal status lines: one compact line per query with batch, rows/s over the last
 * 10 s, batch time, watermark and state rows; plain lines when not a TTY, an in-place redraw of
 * the whole block on a TTY, and lines that fit a narrow terminal.
 */
import { describe, expect, it } from 'vitest'
import type { StreamingQueryProgress } from '../../../src/monitor/progress.js'
import { StatusBoard } from '../../../src/monitor/reporters/status-board.js'

const T0 = Date.parse('2026-01-01T10:00:00.000Z')

function progress(
  id: string,
  batchId: number,
  atMs: number,
  rows: number,
  extra: Partial<StreamingQueryProgress> = {},
): StreamingQueryProgress {
  return {
    id,
    runId: 'r',
    name: id,
    timestamp: new Date(atMs).toISOString(),
    batchId,
    batchDuration: 42,
    numInputRows: rows,
    durationMs: {},
    stateOperators: [],
    sources: [],
    sink: { description: 'DeltaSink[/t]', numOutputRows: -1 },
    ...extra,
  }
}

const op = (rows: number, dropped = 0) => ({
  operatorName: 'stateStoreSave',
  numRowsTotal: rows,
  numRowsUpdated: 0,
  allUpdatesTimeMs: 0,
  numRowsRemoved: 0,
  allRemovalsTimeMs: 0,
  commitTimeMs: 0,
  memoryUsedBytes: 0,
  numRowsDroppedByWatermark: dropped,
  numShufflePartitions: 1,
  numStateStoreInstances: 1,
})

describe('StatusBoard', () => {
  it('prints one plain line per batch when stdout is not a TTY', () => {
    let text = ''
    const board = new StatusBoard({ write: (s: string) => (text += s) }, 250, () => T0 + 10_000)
    board.onQueryStarted({ id: 'tumbling', runId: 'r', name: 'tumbling', timestamp: '' })
    board.onQueryStarted({ id: 'raw_events', runId: 'r', name: 'raw_events', timestamp: '' })
    board.onQueryProgress({ progress: progress('raw_events', 0, T0 + 1_000, 60) })
    board.onQueryProgress({
      progress: progress('tumbling', 7, T0 + 9_000, 40, {
        eventTime: { watermark: '2026-01-01T09:59:50.000Z' },
        stateOperators: [op(1234, 3)],
      }),
    })
    board.close()
    expect(text.split('\n')).toEqual([
      '● raw_events  b0         6 rows/s    42ms',
      '● tumbling    b7         4 rows/s    42ms  wm 09:59:50  state 1234  late 3',
      '',
    ])
  })

  it('counts only the rows of the last 10 s in rows/s', () => {
    let now = T0
    const board = new StatusBoard({ write: () => undefined }, 250, () => now)
    board.onQueryStarted({ id: 'q', runId: 'r', name: 'q', timestamp: '' })
    board.onQueryProgress({ progress: progress('q', 0, T0, 500) })
    board.onQueryProgress({ progress: progress('q', 1, T0 + 5_000, 100) })
    now = T0 + 6_000
    expect(board.lines()[0]).toContain('   60 rows/s')
    now = T0 + 12_000
    expect(board.lines()[0]).toContain('   10 rows/s')
    board.close()
  })

  it('redraws the block in place on a TTY and fits a narrow terminal', async () => {
    const writes: string[] = []
    const board = new StatusBoard(
      { write: (s: string) => writes.push(s), isTTY: true, columns: 30 },
      5,
    )
    board.onQueryStarted({ id: 'a', runId: 'r', name: 'a-very-long-query-name', timestamp: '' })
    board.onQueryStarted({ id: 'b', runId: 'r', name: 'b', timestamp: '' })
    await new Promise((r) => setTimeout(r, 30))
    board.onQueryProgress({ progress: progress('a', 3, Date.now(), 10) })
    await new Promise((r) => setTimeout(r, 30))
    board.onQueryTerminated({
      id: 'b',
      runId: 'r',
      exception: 'boom',
      errorClassOnException: 'SL_X',
    })
    board.close()
    expect(writes.length).toBeGreaterThanOrEqual(2)
    expect(writes[0]!.startsWith('\x1b[2K')).toBe(true)
    // Later frames move up over the two lines drawn before.
    for (const w of writes.slice(1)) expect(w.startsWith('\x1b[2F')).toBe(true)
    const last = writes.at(-1)!
    const visible = last
      .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
      .split('\n')
      .filter((l) => l !== '')
    expect(visible).toHaveLength(2)
    for (const l of visible) expect(l.length).toBeLessThanOrEqual(29)
    expect(visible[0]).toBe('● a-very-lo… b3 1 r/s 42ms')
    expect(visible[1]).toMatch(/^✗ b/)
  })
})

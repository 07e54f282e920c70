import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { restartReport, type BatchReport } from '../../../src/cli/inspect/checkpoint-report.js'
import { readLastProgress } from '../../../src/cli/inspect/progress-log.js'
import { decideRestart } from '../../../src/state/checkpoint/restart-decision.js'
import { tempDir } from '../../support/temp-dir.js'

const batch = (
  batchId: number,
  committed: boolean,
  wm: number,
  next: number | null,
): BatchReport => ({
  batchId,
  batchWatermarkMs: wm,
  batchTimestampMs: 1_000 + batchId,
  conf: {},
  offsets: [{ logOffset: batchId }],
  committed,
  nextBatchWatermarkMs: next,
})

describe('restartReport', () => {
  it('resumes after the last committed batch with the larger of its two watermarks', () => {
    const batches = [batch(0, true, 0, 500), batch(1, true, 500, 900)]
    expect(restartReport(decideRestart(1, 1), batches)).toMatchObject({
      kind: 'resume',
      nextBatchId: 2,
      watermarkMs: 900,
      startOffsets: [{ logOffset: 1 }],
    })
  })

  it('re-runs a planned but uncommitted batch with its own logged offsets and watermark', () => {
    const batches = [batch(0, true, 0, 500), batch(1, false, 500, null)]
    expect(restartReport(decideRestart(1, 0), batches)).toMatchObject({
      kind: 'rerun',
      batchId: 1,
      watermarkMs: 500,
      endOffsets: [{ logOffset: 1 }],
    })
  })

  it('says which error the first batch stops with when the state it opens is unusable', () => {
    const batches = [batch(0, true, 0, 500), batch(1, true, 500, 900)]
    const failure = {
      operatorId: 0,
      operator: 'stateStoreSave',
      version: 2,
      code: 'SL_STATE_STORE_FILE_MISSING',
      message: 'State version 2 of stateStoreSave cannot be reconstructed: …',
      path: '/cp/state/0/2.delta',
    }
    const report = restartReport(decideRestart(1, 1), batches, failure)
    expect(report).toMatchObject({
      kind: 'state-unusable',
      batchId: 2,
      code: 'SL_STATE_STORE_FILE_MISSING',
      path: '/cp/state/0/2.delta',
    })
    expect(report.summary).toBe(
      'fail with SL_STATE_STORE_FILE_MISSING: batch 2, the first batch a restart runs, cannot open state version 2 of operator 0 (stateStoreSave) (/cp/state/0/2.delta)',
    )
    expect(report.summary).not.toContain('start batch')
    // The logs decide first: an inconsistent checkpoint fails before any state is read.
    expect(restartReport(decideRestart(5, 2), [], failure).kind).toBe('inconsistent')
  })

  it('says fresh start for empty logs and names the contradiction otherwise', () => {
    expect(restartReport(decideRestart(undefined, undefined), []).kind).toBe('fresh')
    const bad = restartReport(decideRestart(5, 2), [])
    expect(bad.kind).toBe('inconsistent')
    expect(bad.summary).toContain('SL_STATE_CHECKPOINT_INCONSISTENT')
    expect(bad.summary).toContain('offsets/5 is more than one batch ahead of commits/2')
  })
})

describe('readLastProgress', () => {
  it('is undefined without a progress log', async () => {
    expect(await readLastProgress(await tempDir())).toBeUndefined()
  })

  it('returns the last complete entry and skips a torn last line', async () => {
    const dir = await tempDir()
    const entry = (batchId: number): string =>
      JSON.stringify({
        id: 'q',
        runId: 'r',
        name: null,
        timestamp: '2026-11-24T10:00:00.000Z',
        batchId,
      })
    await fs.writeFile(join(dir, 'progress.jsonl'), `${entry(0)}\n${entry(1)}\n{"id":"q","batchI`)
    expect((await readLastProgress(dir))?.batchId).toBe(1)
    await fs.appendFile(join(dir, 'progress.jsonl'), `d":2}\n${entry(3)}\n`)
    expect((await readLastProgress(dir))?.batchId).toBe(3)
  })
})

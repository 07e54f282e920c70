import { describe, expect, it } from 'vitest'
import {
  decideRestart,
  firstBatchAfterRestart,
} from '../../../src/state/checkpoint/restart-decision.js'

describe('decideRestart', () => {
  it('starts fresh when both logs are empty', () => {
    expect(decideRestart(undefined, undefined)).toEqual({ kind: 'fresh' })
  })
  it('resumes after the last batch when it is committed', () => {
    expect(decideRestart(4, 4)).toEqual({ kind: 'resume', lastBatchId: 4, nextBatchId: 5 })
  })
  it('re-runs the last batch when it was planned but not committed', () => {
    expect(decideRestart(5, 4)).toEqual({ kind: 'rerun', batchId: 5 })
    expect(decideRestart(0, undefined)).toEqual({ kind: 'rerun', batchId: 0 })
  })
  it('reports a commit log ahead of the offset log as inconsistent', () => {
    expect(decideRestart(3, 5).kind).toBe('inconsistent')
    expect(decideRestart(undefined, 0).kind).toBe('inconsistent')
  })
  it('reports an offset log two batches ahead as inconsistent', () => {
    expect(decideRestart(6, 4).kind).toBe('inconsistent')
    expect(decideRestart(2, undefined).kind).toBe('inconsistent')
  })
})

describe('firstBatchAfterRestart', () => {
  it('is the batch whose state version the operators open first (none for fresh or failing)', () => {
    expect(firstBatchAfterRestart(decideRestart(4, 4))).toBe(5)
    expect(firstBatchAfterRestart(decideRestart(5, 4))).toBe(5)
    expect(firstBatchAfterRestart(decideRestart(undefined, undefined))).toBeUndefined()
    expect(firstBatchAfterRestart(decideRestart(6, 4))).toBeUndefined()
  })
})

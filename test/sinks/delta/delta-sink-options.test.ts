import { describe, expect, it } from 'vitest'
import {
  DEFAULT_ORPHAN_FILE_RETENTION_MS,
  orphanCleanupOf,
} from '../../../src/sinks/delta/delta-sink-options.js'
import { DeltaSink } from '../../../src/sinks/delta/delta-sink.js'

describe('Delta sink orphan cleanup options', () => {
  it('defaults to cleanup with a one-hour retention', () => {
    expect(orphanCleanupOf({})).toEqual({ retentionMs: DEFAULT_ORPHAN_FILE_RETENTION_MS })
    expect(DEFAULT_ORPHAN_FILE_RETENTION_MS).toBe(3_600_000)
  })

  it('reads orphanFileRetention as a Spark interval and cleanupOrphanFiles as a boolean', () => {
    expect(orphanCleanupOf({ orphanFileRetention: '0 seconds' })).toEqual({ retentionMs: 0 })
    expect(orphanCleanupOf({ orphanFileRetention: '1 day 30 minutes' })).toEqual({
      retentionMs: 88_200_000,
    })
    expect(orphanCleanupOf({ cleanupOrphanFiles: 'FALSE' })).toBeUndefined()
  })

  it.each([
    [{ orphanFileRetention: 'soon' }, /Option orphanFileRetention must be a non-negative duration/],
    [{ orphanFileRetention: '-1 hour' }, /orphanFileRetention/],
    [{ orphanFileRetention: '1 month' }, /without months or years/],
    [{ cleanupOrphanFiles: 'yes' }, /Option cleanupOrphanFiles must be true or false/],
  ])('rejects %j when the sink is created', (options, message) => {
    expect(() => orphanCleanupOf(options)).toThrow(message)
    expect(() => new DeltaSink('/tmp/never-created', options)).toThrow(message)
  })
})

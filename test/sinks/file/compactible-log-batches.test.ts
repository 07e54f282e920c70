import { describe, expect, it } from 'vitest'
import {
  allValidBatches,
  batchesBeforeCompaction,
  batchFileName,
  batchIdOfFileName,
  compactIntervalOf,
  deriveCompactInterval,
  expiredBelow,
  isCompactionBatch,
  nextCompactionBatchId,
} from '../../../src/sinks/file/compactible-log-batches.js'

// Expected values are the examples of Spark's CompactibleFileStreamLog(Suite).
describe('CompactibleFileStreamLog batch arithmetic', () => {
  it('compaction batches are 2, 5, 8 with interval 3 and 9, 19 with 10', () => {
    expect([0, 1, 2, 3, 4, 5, 8].filter((id) => isCompactionBatch(id, 3))).toEqual([2, 5, 8])
    expect([8, 9, 10, 19, 20].filter((id) => isCompactionBatch(id, 10))).toEqual([9, 19])
    expect(batchFileName(9, 10)).toBe('9.compact')
    expect(batchFileName(10, 10)).toBe('10')
    expect(batchIdOfFileName('19.compact')).toBe(19)
    expect(batchIdOfFileName('7')).toBe(7)
    expect(batchIdOfFileName('.7.crc')).toBeUndefined()
    expect(batchIdOfFileName('.7.abc.tmp')).toBeUndefined()
  })

  it('the batches a compaction merges and the batches that list everything', () => {
    expect(batchesBeforeCompaction(2, 3)).toEqual([0, 1])
    expect(batchesBeforeCompaction(5, 3)).toEqual([2, 3, 4])
    expect(allValidBatches(0, 3)).toEqual([0])
    expect(allValidBatches(1, 3)).toEqual([0, 1])
    expect(allValidBatches(2, 3)).toEqual([2])
    expect(allValidBatches(3, 3)).toEqual([2, 3])
    expect(allValidBatches(5, 3)).toEqual([5])
    expect(allValidBatches(7, 3)).toEqual([5, 6, 7])
    expect(nextCompactionBatchId(0, 3)).toBe(2)
    expect(nextCompactionBatchId(2, 3)).toBe(5)
    expect(nextCompactionBatchId(4, 3)).toBe(5)
  })

  it('derives the interval of an existing log (SPARK-18187)', () => {
    // CompactibleFileStreamLogSuite's two cases, then the rule's branches worked by hand.
    expect(deriveCompactInterval(5, 4)).toBe(5)
    expect(deriveCompactInterval(4, 9)).toBe(5)
    expect(deriveCompactInterval(4, 0)).toBe(1)
    expect(deriveCompactInterval(4, 1)).toBe(2)
    expect(deriveCompactInterval(4, 2)).toBe(3)
    expect(deriveCompactInterval(4, 3)).toBe(4)
    expect(deriveCompactInterval(3, 9)).toBe(5)
    expect(deriveCompactInterval(5, 11)).toBe(6)
    expect(deriveCompactInterval(7, 11)).toBe(12)
    expect(compactIntervalOf(10, [])).toBe(10)
    expect(compactIntervalOf(10, [29, 19])).toBe(10)
    expect(compactIntervalOf(10, [5, 2])).toBe(3)
  })

  it('deletes logs below the compaction that keeps minBatchesToRetain batches', () => {
    expect(expiredBelow(108, 10, 100)).toBeUndefined()
    expect(expiredBelow(109, 10, 100)).toBe(9)
    expect(expiredBelow(118, 10, 100)).toBe(9)
    expect(expiredBelow(119, 10, 100)).toBe(19)
    expect(expiredBelow(5, 3, 2)).toBe(2)
  })
})

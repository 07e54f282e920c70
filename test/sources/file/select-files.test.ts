import { describe, expect, it } from 'vitest'
import { selectFiles } from '../../../src/sources/file/select-files.js'

// spark-semantics S23: files f1, f2, f3 with increasing mtimes.
const f1 = { path: '/in/f1', mtimeMs: 1000, size: 60 }
const f2 = { path: '/in/f2', mtimeMs: 2000, size: 60 }
const f3 = { path: '/in/f3', mtimeMs: 3000, size: 30 }
const none = {
  maxFilesPerTrigger: undefined,
  maxBytesPerTrigger: undefined,
  latestFirst: false,
  ignoreRateLimits: false,
}

describe('selectFiles', () => {
  it('admits files oldest first, limited by maxFilesPerTrigger', () => {
    expect(selectFiles([f3, f1, f2], { ...none, maxFilesPerTrigger: 2 })).toEqual([f1, f2])
  })
  it('admits the newest first with latestFirst', () => {
    expect(
      selectFiles([f1, f2, f3], { ...none, maxFilesPerTrigger: 2, latestFirst: true }),
    ).toEqual([f3, f2])
  })
  it('ignores the limit under Trigger.Once', () => {
    expect(
      selectFiles([f1, f2, f3], { ...none, maxFilesPerTrigger: 2, ignoreRateLimits: true }),
    ).toEqual([f1, f2, f3])
  })
  it('takes files while the byte total fits, always at least one, stopping at the first misfit', () => {
    expect(selectFiles([f1, f2, f3], { ...none, maxBytesPerTrigger: 100 })).toEqual([f1])
    expect(selectFiles([f2, f3], { ...none, maxBytesPerTrigger: 100 })).toEqual([f2, f3])
    expect(selectFiles([{ ...f1, size: 500 }], { ...none, maxBytesPerTrigger: 100 })).toHaveLength(
      1,
    )
  })
  it('breaks mtime ties by path so the order is deterministic', () => {
    const a = { path: '/in/a', mtimeMs: 5, size: 1 }
    const b = { path: '/in/b', mtimeMs: 5, size: 1 }
    expect(selectFiles([b, a], none)).toEqual([a, b])
  })
})

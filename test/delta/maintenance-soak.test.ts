/**
 * A short run of the Delta maintenance soak (bench/soak/delta-maintenance-soak.ts; the 24-hour
 * run is `npm run soak:delta`, numbers in docs/delta-maintenance.md): 720 micro-batches, one per
 * 30 simulated seconds (6 hours, across a UTC midnight), into one table with auto compaction,
 * hourly VACUUM and log clean-up after checkpoints. Every row is read back exactly once, and
 * both the live file count and the log stay far below one file per batch.
 */
import { describe, expect, it } from 'vitest'
import { SHORT_SOAK, runSoak } from '../../bench/soak/delta-maintenance-soak.js'
import { tempTablePath } from './support/temp-table.js'

describe('maintenance soak (short)', () => {
  it('720 batches over 6 simulated hours: bounded files and log, every row once', async () => {
    const result = await runSoak({
      table: await tempTablePath('sl-soak-'),
      ...SHORT_SOAK,
    })
    expect(result.everyRowOnce).toBe(true)
    expect(result.rows).toBe(720 * 20)
    expect(result.compactions).toBeGreaterThan(20)
    expect(result.vacuums).toBe(5)
    expect(result.vacuumedFiles).toBeGreaterThan(300)
    // Auto compaction keeps the live files of a partition below minNumFiles small ones plus the
    // compacted ones (~64 KB each); without it there would be 720.
    expect(result.max.liveFiles).toBeLessThan(60)
    // VACUUM (1 hour retention) deletes what compaction removed: the files on disk stay bounded.
    expect(result.max.dataFilesOnDisk).toBeLessThan(300)
    // The log: every commit and checkpoint written would be ~880 files. Clean-up cuts at the UTC
    // midnight before now − 1 hour (Delta's rule), i.e. the 2 hours before midnight go once the
    // run is past 01:00: a fifth of what was written.
    const written = result.final.version + 1 + Math.floor(result.final.version / 10)
    expect(result.final.logFiles).toBeLessThan(written * 0.8)
    // Delta's rule exactly: the run ends at 03:59:30 and the log starts at the checkpoint that
    // follows the last commit at or before 00:00 (checkpoints every 10 commits, 30 s apart), so
    // it spans 4 hours, not the retention (1 hour: no day truncation) nor the run (6 hours).
    expect(result.final.logSpanHours).toBeGreaterThan(3.95)
    expect(result.final.logSpanHours).toBeLessThan(4.1)
  }, 300_000)
})

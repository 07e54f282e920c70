/**
 * The rate source against Spark's (issue 17). Which rows land in which batch depends on wall time,
 * so the comparison is of the rule: Spark's rate source runs for a few seconds (rowsPerSecond 7,
 * rampUpTime 2s, numPartitions 3); from its checkpoint — the creation time in `sources/0/0` and
 * the offsets of each batch — our generator must produce exactly the rows Spark produced for
 * every batch, and Spark's files have the shape ours write (`v1\n<ms>`, a bare number of seconds);
 * the progress description is Spark's.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseRateOptions } from '../../src/sources/rate/rate-options.js'
import { RateStreamSource } from '../../src/sources/rate/rate-stream-source.js'
import { rateRows } from '../../src/sources/rate/rate-values.js'
import { tempDir } from '../support/temp-dir.js'
import { oracleCall } from './support/oracle-client.js'

interface SparkRateRun {
  readonly batches: { batchId: number; rows: [number, number][] }[]
  readonly offsets: Record<string, string>
  readonly sourceLog: string
  readonly description: string | null
}

describe('rate source vs Spark', () => {
  it('generates exactly Spark’s rows for Spark’s offsets; same offsets and start-time files', async () => {
    const root = await tempDir('streamlake-rate-')
    const run = await oracleCall<SparkRateRun>('rate_source', 'run_rate', {
      checkpoint: join(root, 'spark'),
      rowsPerSecond: 7,
      rampUpTime: '2s',
      numPartitions: 3,
      seconds: 3,
    })
    const ours = new RateStreamSource(
      parseRateOptions({ rowsPerSecond: '7', rampUpTime: '2s', numPartitions: '3' }),
      { checkpointDir: join(root, 'ours'), timeZone: 'UTC' },
    )
    expect(ours.description).toBe(run.description)
    const m = /^v1\n(\d+)$/.exec(run.sourceLog)
    expect(m, `sources/0/0 is ${JSON.stringify(run.sourceLog)}`).not.toBeNull()
    const startTimeMs = Number(m![1])
    const secondsOf = (batchId: number): number => {
      const lines = run.offsets[String(batchId)]!.split('\n')
      expect(lines[0]).toBe('v1')
      expect(lines[2]).toMatch(/^\d+$/)
      return Number(lines[2])
    }
    expect(run.batches.filter((b) => b.rows.length > 0).length).toBeGreaterThanOrEqual(3)
    for (const b of run.batches) {
      const ours = rateRows({
        startTimeMs,
        startSeconds: b.batchId === 0 ? 0 : secondsOf(b.batchId - 1),
        endSeconds: secondsOf(b.batchId),
        rowsPerSecond: 7,
        rampUpSeconds: 2,
      })
      expect(ours, `batch ${b.batchId}`).toEqual(b.rows)
    }
  })
})

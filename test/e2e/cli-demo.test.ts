/**
 * `streamlake demo` from the command line: its default lateness tail makes the watermark drop
 * rows (they land in late_events) within seconds, its closing summary names only the tables of
 * the queries that ran, and bad flags are refused before anything starts.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SparkSession } from '../../src/index.js'
import { runCli } from '../support/run-cli.js'
import { tempDir } from '../support/temp-dir.js'

const WATERMARK_MS = 10 * 60_000

describe('streamlake demo', () => {
  it('drops late rows into late_events with its default tail, and sums up the tables it ran', async () => {
    const dir = await tempDir()
    const data = join(dir, 'data')
    const r = await runCli(
      [
        'demo',
        ...['--input', join(dir, 'input'), '--data', data],
        ...['--checkpoints', join(dir, 'checkpoints'), '--port', '0'],
        ...['--interval', '250ms', '--events-per-batch', '50', '--duration', '20s'],
        ...['--queries', 'tumbling,watermark'],
      ],
      { timeoutMs: 60_000 },
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/stopped: the generator wrote [1-9]\d* events to .* this run/)
    expect(r.stdout).toMatch(/tumbling: .*tumbling_aggregates holds \d+ rows/)
    expect(r.stdout).toMatch(/watermark: .*watermarked_aggregates holds \d+ rows/)
    // The passthrough query did not run: its table is neither created nor reported.
    expect(r.stdout).not.toMatch(/[/\\]events holds/)
    expect(existsSync(join(data, 'events'))).toBe(false)

    const spark = SparkSession.builder().config('spark.sql.session.timeZone', 'UTC').getOrCreate()
    try {
      const late = await spark.read.format('delta').load(join(data, 'late_events')).collect()
      // ~2 % of 50 events per 250 ms batch: dozens of rows in 20 s; 5 would already be rare.
      expect(late.length).toBeGreaterThan(5)
      for (const row of late) {
        // Each dropped row is behind the watermark that judged it, and the tail is 15-20 min
        // behind the batch time, so beyond the 10-minute watermark delay.
        expect(Number(row['lateness_ms'])).toBeGreaterThan(0)
        const behindWatermark = Number(row['lateness_ms'])
        expect(behindWatermark).toBeLessThan(20 * 60_000 - WATERMARK_MS + 60_000)
      }
    } finally {
      await spark.stop()
    }
  }, 90_000)

  it('refuses an unknown query name before starting any query', async () => {
    const dir = await tempDir()
    const r = await runCli([
      'demo',
      ...['--input', join(dir, 'input'), '--data', join(dir, 'data')],
      ...['--checkpoints', join(dir, 'checkpoints'), '--port', '0'],
      ...['--queries', 'passthrough,bogus', '--duration', '5s'],
    ])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('SL_CLI_INVALID_FLAG')
    expect(r.stderr).toContain('--queries')
    expect(r.stderr).toContain('bogus')
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(join(dir, 'checkpoints'))).toBe(false)
    expect(existsSync(join(dir, 'data'))).toBe(false)
  })

  it('refuses --interval 0s with a flag error, not a stack trace', async () => {
    const dir = await tempDir()
    const r = await runCli([
      'demo',
      ...['--input', join(dir, 'input'), '--port', '0', '--interval', '0s'],
    ])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('SL_CLI_INVALID_FLAG')
    expect(r.stderr).toContain('--interval')
    expect(r.stderr).not.toContain('intervalMs')
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })
})

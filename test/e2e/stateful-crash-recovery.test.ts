/**
 * Acceptance: crash at any instant for stateful queries (aggregation, dedup, sessions). A child
 * process runs the seed app; it is killed with SIGKILL at each protocol step (and at random
 * moments), then restarted; the Delta table must equal the uninterrupted run's.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateEvents } from '../../src/index.js'
import { DeltaLog, readSnapshotRows } from '../../src/delta/index.js'
import { canonicalRows } from '../support/event-files.js'
import { runAppArgs, runCli } from '../support/run-cli.js'
import { tempDir } from '../support/temp-dir.js'

const APPS = [
  { app: 'tumbling', table: 'tumbling_aggregates', checkpoint: 'tumbling' },
  { app: 'dedup', table: 'deduplicated_events', checkpoint: 'dedup' },
  { app: 'sessions', table: 'user_sessions', checkpoint: 'sessions' },
] as const
const BATCHES = 20
let input: string

const args = (app: string, root: string): string[] =>
  runAppArgs(app, {
    input,
    data: join(root, 'data'),
    checkpoints: join(root, 'cp'),
    maxFilesPerTrigger: 1,
    quiet: true,
  })

async function tableRows(root: string, table: string): Promise<string[]> {
  const snapshot = await DeltaLog.forTable(join(root, 'data', table)).snapshot()
  return canonicalRows(await readSnapshotRows(snapshot))
}

beforeAll(async () => {
  input = join(await tempDir(), 'input')
  // Ten-minute steps over ~2 hours, 200 users: windows close, sessions end, duplicates recur.
  await generateEvents({
    out: input,
    batches: BATCHES,
    eventsPerBatch: 40,
    seed: 9,
    startTime: '2026-11-24T10:00:00Z',
    intervalMs: 600_000,
    users: 200,
    duplicateFraction: 0.15,
  })
})

describe.each(APPS)('crash recovery of $app', ({ app, table, checkpoint }) => {
  let expected: string[]
  beforeAll(async () => {
    const root = await tempDir()
    const r = await runCli(args(app, root))
    expect(r.stderr).toBe('')
    expected = await tableRows(root, table)
    expect(expected.length).toBeGreaterThan(0)
  })

  for (const crash of [
    'after-offsets-log:3',
    'delta-sink-files-written:4',
    'after-sink-commit:5',
    'after-commits-log:2',
    'after-source-log:6',
  ]) {
    it(`SIGKILL at ${crash}, restart: same table`, async () => {
      const root = await tempDir()
      const crashed = await runCli(args(app, root), { env: { STREAMLAKE_CRASH_AT: crash } })
      expect(crashed.signal).toBe('SIGKILL')
      const done = await runCli(args(app, root))
      expect(done.stderr).toBe('')
      expect(done.code).toBe(0)
      expect(await tableRows(root, table)).toEqual(expected)
      expect((await fs.readdir(join(root, 'cp', checkpoint, 'state', '0'))).length).toBeGreaterThan(
        0,
      )
    })
  }

  it('SIGKILL at random moments, several times in a row, restart: same table', async () => {
    const root = await tempDir()
    for (const ms of [260, 480, 350, 700]) await runCli(args(app, root), { killAfterMs: ms })
    const done = await runCli(args(app, root))
    expect(done.code).toBe(0)
    expect(await tableRows(root, table)).toEqual(expected)
  })
})

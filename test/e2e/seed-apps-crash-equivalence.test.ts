/**
 * "A crashed run equals the uninterrupted run", for all seven seed apps, on their final tables:
 * - every stateful app killed at each step of its last data batch's commit and of the no-data
 *   batch that follows it (the batch that closes the last windows and sessions), then restarted
 *   with no new input: the windows that batch closes must still be written (issue 14, item 1 —
 *   Spark withholds them until new data arrives; we do not);
 * - every stateful app killed at the last time its run reaches each crash point there is (found
 *   by tracing an uninterrupted run), then restarted;
 * - every app killed at random moments, again and again (≥ 100 kills over the suite), then run
 *   to the end.
 * Random kill times come from a seeded generator: a failure names its seed and kill schedule.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { DeltaLog, readSnapshotRows } from '../../src/delta/index.js'
import { SeededRandom } from '../../src/generator/index.js'
import { generateEvents } from '../../src/index.js'
import { canonicalRows } from '../support/event-files.js'
import { runAppArgs, runCli } from '../support/run-cli.js'
import { tempDir } from '../support/temp-dir.js'

interface SeedApp {
  readonly app: string
  readonly tables: readonly string[]
  /** Checkpoint folder of its (first) query. */
  readonly checkpoint: string
  readonly stateful: boolean
}

const APPS: readonly SeedApp[] = [
  { app: 'passthrough', tables: ['events'], checkpoint: 'raw_events', stateful: false },
  { app: 'tumbling', tables: ['tumbling_aggregates'], checkpoint: 'tumbling', stateful: true },
  { app: 'sliding', tables: ['sliding_aggregates'], checkpoint: 'sliding', stateful: true },
  {
    app: 'watermark',
    tables: ['watermarked_aggregates', 'late_events'],
    checkpoint: 'watermark',
    stateful: true,
  },
  { app: 'dedup', tables: ['deduplicated_events'], checkpoint: 'dedup', stateful: true },
  {
    app: 'join',
    tables: ['enriched_events', 'enriched_events_all'],
    checkpoint: 'enriched',
    stateful: false,
  },
  { app: 'sessions', tables: ['user_sessions'], checkpoint: 'sessions', stateful: true },
]
const FILES = 12
const KILLS_PER_APP = 15
const KILL_SEED = 20261206
let input: string

const args = (app: string, root: string): string[] =>
  runAppArgs(app, {
    input,
    data: join(root, 'data'),
    checkpoints: join(root, 'cp'),
    maxFilesPerTrigger: 1,
    quiet: true,
  })

async function tables(root: string, app: SeedApp): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {}
  for (const table of app.tables) {
    const snapshot = await DeltaLog.forTable(join(root, 'data', table)).snapshot()
    // The late table records the batch id that dropped each row; the row itself is the point.
    out[table] = canonicalRows(await readSnapshotRows(snapshot))
  }
  return out
}

async function finish(app: SeedApp, root: string): Promise<void> {
  const done = await runCli(args(app.app, root))
  expect(done.stderr).toBe('')
  expect(done.code).toBe(0)
}

/** Batch ids committed by a finished run: commits/0 … commits/N. */
async function committedBatches(root: string, app: SeedApp): Promise<number> {
  const names = await fs.readdir(join(root, 'cp', app.checkpoint, 'commits'))
  return names.filter((n) => /^\d+$/.test(n)).length
}

beforeAll(async () => {
  input = join(await tempDir(), 'input')
  // Ten-minute steps: windows close and sessions end between files; duplicates recur; a tail of
  // very late events gives the watermark app dropped rows.
  await generateEvents({
    out: input,
    batches: FILES,
    eventsPerBatch: 40,
    seed: 14,
    startTime: '2026-11-24T10:00:00Z',
    intervalMs: 600_000,
    users: 1000,
    duplicateFraction: 0.15,
    lateTailFraction: 0.1,
  })
})

describe.each(APPS)('$app: crashed run = uninterrupted run', (app) => {
  let expected: Record<string, string[]>
  let batches: number
  /** How often the uninterrupted run reached each crash point. */
  const reached = new Map<string, number>()
  beforeAll(async () => {
    const root = await tempDir()
    const trace = join(root, 'crash-trace')
    const done = await runCli(args(app.app, root), { env: { STREAMLAKE_CRASH_TRACE: trace } })
    expect(done.stderr).toBe('')
    expect(done.code).toBe(0)
    for (const point of (await fs.readFile(trace, 'utf8')).split('\n').filter(Boolean))
      reached.set(point, (reached.get(point) ?? 0) + 1)
    expected = await tables(root, app)
    for (const rows of Object.values(expected)) expect(rows.length).toBeGreaterThan(0)
    batches = await committedBatches(root, app)
  })

  if (app.stateful) {
    it('ends with a no-data batch that writes what the last data batch left open', () => {
      // FILES data batches, then the no-data batch that the advanced watermark calls for.
      expect(batches).toBe(FILES + 1)
    })

    // The n-th time a point is reached is batch n-1's: FILES is the no-data batch's n.
    it.each([
      `after-commits-log:${FILES}`,
      `after-sink-commit:${FILES}`,
      `after-offsets-log:${FILES + 1}`,
      `after-sink-commit:${FILES + 1}`,
      `after-commits-log:${FILES + 1}`,
    ])('SIGKILL at %s, restart with no new input: same tables', async (crash) => {
      const root = await tempDir()
      const crashed = await runCli(args(app.app, root), { env: { STREAMLAKE_CRASH_AT: crash } })
      expect(crashed.signal).toBe('SIGKILL')
      await finish(app, root)
      expect(await tables(root, app)).toEqual(expected)
      expect(await committedBatches(root, app)).toBe(batches)
    })
  }

  if (app.stateful)
    it('SIGKILL at the last time the run reaches each crash point, restart: same tables', async () => {
      // Every point of the protocol the run passes (offsets, source log, data files, Delta log
      // temp, sink commit, state/checkpoint temp files, commit log …), at its last occurrence.
      expect(reached.size).toBeGreaterThanOrEqual(6)
      for (const [point, n] of reached) {
        const root = await tempDir()
        const crashed = await runCli(args(app.app, root), {
          env: { STREAMLAKE_CRASH_AT: `${point}:${n}` },
        })
        expect(crashed.signal, `${point}:${n}`).toBe('SIGKILL')
        await finish(app, root)
        expect(await tables(root, app), `${point}:${n}`).toEqual(expected)
      }
    }, 180_000)

  it(`SIGKILL at ${KILLS_PER_APP} random moments in a row, then run to the end: same tables`, async () => {
    const root = await tempDir()
    const rng = SeededRandom.create(KILL_SEED, APPS.indexOf(app))
    const schedule: number[] = []
    for (let k = 0; k < KILLS_PER_APP; k++) {
      const ms = rng.nextInt(150, 900)
      schedule.push(ms)
      await runCli(args(app.app, root), { killAfterMs: ms })
    }
    await finish(app, root)
    expect(await tables(root, app), `kill schedule ${schedule.join(',')} ms`).toEqual(expected)
  }, 120_000)
})

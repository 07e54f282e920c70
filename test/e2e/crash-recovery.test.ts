/**
 * Acceptance: crash at any instant. A child process runs the pass-through; it is killed with
 * SIGKILL at many points of the batch protocol (after the source log, after the offsets WAL,
 * with data files written but not committed, after the Delta commit, after the commit log) and
 * at random moments, then restarted. The table must equal the uninterrupted run's: no event
 * missing, none twice, the Delta log contiguous and the txn at the last batch.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateEvents } from '../../src/index.js'
import { DeltaLog, readSnapshotRows } from '../../src/delta/index.js'
import { canonicalRows, readEventFiles } from '../support/event-files.js'
import { runAppArgs, runCli } from '../support/run-cli.js'
import { tempDir } from '../support/temp-dir.js'

const BATCHES = 12
let input: string
let expected: string[]

const runArgs = (root: string): string[] =>
  runAppArgs('passthrough', {
    input,
    data: join(root, 'data'),
    checkpoints: join(root, 'checkpoints'),
    maxFilesPerTrigger: 1,
    quiet: true,
  })

async function checkTable(root: string): Promise<void> {
  const tablePath = join(root, 'data', 'events')
  const snapshot = await DeltaLog.forTable(tablePath).snapshot()
  const rows = await readSnapshotRows(snapshot)
  expect(canonicalRows(rows)).toEqual(expected)
  const queryId = (
    JSON.parse(await fs.readFile(join(root, 'checkpoints', 'raw_events', 'metadata'), 'utf8')) as {
      id: string
    }
  ).id
  expect(snapshot.txnVersion(queryId)).toBe(BATCHES - 1)
  const versions = (await fs.readdir(join(tablePath, '_delta_log')))
    .filter((n) => /^\d{20}\.json$/.test(n))
    .map((n) => Number(n.slice(0, 20)))
  expect(versions.sort((a, b) => a - b)).toEqual(
    Array.from({ length: versions.length }, (_, i) => i),
  )
}

async function recover(root: string): Promise<void> {
  const done = await runCli(runArgs(root))
  expect(done.stderr).toBe('')
  expect(done.code).toBe(0)
}

beforeAll(async () => {
  input = join(await tempDir(), 'input')
  await generateEvents({
    out: input,
    batches: BATCHES,
    eventsPerBatch: 40,
    seed: 7,
    startTime: '2026-11-24T10:00:00Z',
    duplicateFraction: 0.1,
  })
  expected = canonicalRows(await readEventFiles(input))
})

describe('crash at any instant, then restart', () => {
  it('an uninterrupted run holds every event once (the reference)', async () => {
    const root = await tempDir()
    await recover(root)
    await checkTable(root)
  })

  const points = [
    'after-source-log',
    'after-offsets-log',
    'delta-sink-files-written',
    'after-sink-commit',
    'after-commits-log',
  ]
  const occurrences = [1, 4, 12]
  for (const point of points) {
    for (const n of occurrences) {
      it(`SIGKILL at ${point} #${n}`, async () => {
        const root = await tempDir()
        const crashed = await runCli(runArgs(root), {
          env: { STREAMLAKE_CRASH_AT: `${point}:${n}` },
        })
        expect(crashed.signal).toBe('SIGKILL')
        await recover(root)
        await checkTable(root)
      })
    }
  }

  it('survives a chain of crashes at different points in one checkpoint', async () => {
    const root = await tempDir()
    for (const crash of [
      'after-offsets-log:2',
      'delta-sink-files-written:1',
      'after-sink-commit:1',
      'after-source-log:1',
      'after-commits-log:3',
    ]) {
      const r = await runCli(runArgs(root), { env: { STREAMLAKE_CRASH_AT: crash } })
      expect(r.signal).toBe('SIGKILL')
    }
    await recover(root)
    await checkTable(root)
  })

  it('survives SIGKILL at random moments', async () => {
    const root = await tempDir()
    // Deterministic pseudo-random delays spread over a run's lifetime (start-up to the last batch).
    const delays = [150, 420, 230, 610, 300, 520, 380, 700]
    let kills = 0
    for (const ms of delays) {
      const r = await runCli(runArgs(root), { killAfterMs: ms })
      if (r.signal === 'SIGKILL') kills++
      else expect(r.code).toBe(0)
    }
    await recover(root)
    await checkTable(root)
    expect(kills).toBeGreaterThan(0)
  })
})

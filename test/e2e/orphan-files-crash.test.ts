/**
 * Leftovers of a crash (#14 item 9): a process killed after writing a batch's data files and
 * before committing them leaves orphan Parquet files; one killed between writing a log entry's
 * temp file and publishing it (Delta log or checkpoint) leaves a `.tmp`. After a restart with
 * orphanFileRetention 0 they are gone and the table equals the uninterrupted run's; with the
 * default retention (1 hour) an orphan younger than that is kept. Run in a child process (bundled by esbuild) so that
 * STREAMLAKE_CRASH_AT can SIGKILL it.
 */
import { spawn } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { basename, join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { DeltaLog, readSnapshotRows } from '../../src/delta/index.js'
import { referencedPaths } from '../../src/delta/orphan-files.js'
import { generateEvents } from '../../src/index.js'
import { isTempFileName } from '../../src/internal/stale-temp-files.js'
import { bundleForNode } from '../delta/support/bundle-child.js'
import { canonicalRows, readEventFiles } from '../support/event-files.js'
import { tempDir } from '../support/temp-dir.js'

const BATCHES = 8
let child: string
let input: string
let expected: string[]

function run(
  root: string,
  retention: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [child, input, join(root, 'table'), join(root, 'checkpoint'), retention],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stderr = ''
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => p.kill('SIGKILL'), 60_000)
    p.on('error', reject)
    p.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stderr })
    })
  })
}

/** Parquet files in the table folder that no live file or tombstone of the log references. */
async function unreferencedDataFiles(root: string): Promise<string[]> {
  const table = join(root, 'table')
  const referenced = referencedPaths(await DeltaLog.forTable(table).snapshot())
  return (await fs.readdir(table)).filter((n) => n.endsWith('.parquet') && !referenced.has(n))
}

async function tempFiles(dir: string, recursive = false): Promise<string[]> {
  const names = await fs.readdir(dir, { recursive })
  return names.filter((n) => isTempFileName(basename(n)))
}

async function checkTable(root: string): Promise<void> {
  const snapshot = await DeltaLog.forTable(join(root, 'table')).snapshot()
  expect(canonicalRows(await readSnapshotRows(snapshot))).toEqual(expected)
  expect(snapshot.files).toHaveLength(BATCHES)
}

beforeAll(async () => {
  child = await bundleForNode(join(__dirname, 'support/orphan-files-child.ts'))
  input = join(await tempDir(), 'input')
  await generateEvents({
    out: input,
    batches: BATCHES,
    eventsPerBatch: 30,
    seed: 11,
    startTime: '2026-11-24T10:00:00Z',
  })
  expected = canonicalRows(await readEventFiles(input))
}, 60_000)

describe('orphan files after a crash', () => {
  it('a crash between writing a batch’s files and its commit leaves an orphan; a restart with retention 0 deletes it', async () => {
    const root = await tempDir()
    const crashed = await run(root, '0 seconds', {
      STREAMLAKE_CRASH_AT: 'delta-sink-files-written:3',
    })
    expect(crashed.signal).toBe('SIGKILL')
    const orphans = await unreferencedDataFiles(root)
    expect(orphans).toHaveLength(1)

    const restarted = await run(root, '0 seconds')
    expect(restarted.code).toBe(0)
    expect(await unreferencedDataFiles(root)).toEqual([])
    expect(restarted.stderr).toMatch(/Removed 1 orphan data file\(s\)/)
    await checkTable(root)
  }, 120_000)

  it('keeps an orphan younger than the default retention (1 hour)', async () => {
    const root = await tempDir()
    const crashed = await run(root, '1 hour', { STREAMLAKE_CRASH_AT: 'delta-sink-files-written:2' })
    expect(crashed.signal).toBe('SIGKILL')
    const orphans = await unreferencedDataFiles(root)
    expect(orphans).toHaveLength(1)
    const restarted = await run(root, '1 hour')
    expect(restarted.code).toBe(0)
    expect(await unreferencedDataFiles(root)).toEqual(orphans)
    await checkTable(root)
  }, 120_000)

  it('deletes a Delta log temp file a crash left behind once it is stale', async () => {
    const root = await tempDir()
    const crashed = await run(root, '0 seconds', {
      STREAMLAKE_CRASH_AT: 'delta-log-temp-written:3',
    })
    expect(crashed.signal).toBe('SIGKILL')
    const log = join(root, 'table', '_delta_log')
    const temps = await tempFiles(log)
    expect(temps).toHaveLength(1)
    // Younger than a minute, a temp file may belong to a writer still at work: it stays.
    expect((await run(root, '0 seconds')).code).toBe(0)
    expect(await tempFiles(log)).toEqual(temps)
    const old = (Date.now() - 2 * 3_600_000) / 1000
    await fs.utimes(join(log, temps[0]!), old, old)
    expect((await run(root, '0 seconds')).code).toBe(0)
    expect(await tempFiles(log)).toEqual([])
    await checkTable(root)
  }, 120_000)

  it.each([2, 5, 9])(
    'deletes a checkpoint temp file a crash left behind (crash at write %i)',
    async (n) => {
      const root = await tempDir()
      const crashed = await run(root, '0 seconds', {
        STREAMLAKE_CRASH_AT: `atomic-file-temp-written:${n}`,
      })
      expect(crashed.signal).toBe('SIGKILL')
      const checkpoint = join(root, 'checkpoint')
      const temps = await tempFiles(checkpoint, true)
      expect(temps).toHaveLength(1)
      const old = (Date.now() - 2 * 3_600_000) / 1000
      await fs.utimes(join(checkpoint, temps[0]!), old, old)
      expect((await run(root, '0 seconds')).code).toBe(0)
      expect(await tempFiles(checkpoint, true)).toEqual([])
      await checkTable(root)
    },
    120_000,
  )
})

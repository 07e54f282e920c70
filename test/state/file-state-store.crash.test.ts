import { spawn } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FileStateStoreProvider } from '../../src/state/file-state-store.js'
import { indexStateFiles } from '../../src/state/state-file-plan.js'
import { bundleForNode } from '../delta/support/bundle-child.js'
import { tempDir } from '../support/temp-dir.js'
import { crashModel } from './support/crash-batches.js'

const KILLS = 14

/** Runs the child from `from` and SIGKILLs it after `delayMs`; returns the versions it reported. */
async function runAndKill(child: string, dir: string, from: number, delayMs: number) {
  const proc = spawn(process.execPath, [child, dir, String(from), '3'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()))
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    proc.on('exit', (_code, signal) => resolve(signal)),
  )
  // Wait until the child is running (its first commit) so the kill lands in the commit loop.
  const start = Date.now()
  while (!out.includes('committed') && Date.now() - start < 20_000 && proc.exitCode === null) {
    await new Promise((r) => setTimeout(r, 5))
  }
  await new Promise((r) => setTimeout(r, delayMs))
  proc.kill('SIGKILL')
  const signal = await exited
  expect(err).toBe('')
  expect(signal).toBe('SIGKILL')
  return [...out.matchAll(/committed (\d+)/g)].map((m) => Number(m[1]))
}

async function latestDelta(dir: string): Promise<number> {
  const names = await fs.readdir(dir).catch(() => [])
  return Math.max(0, ...indexStateFiles(names).deltas)
}

async function expectVersion(dir: string, version: number): Promise<void> {
  const provider = new FileStateStoreProvider(dir, { name: 'crash', snapshotInterval: 3 })
  const store = await provider.open(version)
  expect(new Map(store.entries())).toEqual(crashModel(version))
  await provider.close()
}

describe('FileStateStoreProvider crash safety', () => {
  it('always reopens the latest committed version after a SIGKILL at a random moment', async () => {
    const child = await bundleForNode(join(__dirname, 'support/state-store-child.ts'))
    const dir = join(await tempDir('sl-state-crash-'), 'state', '0')
    let reported = 0
    for (let i = 0; i < KILLS; i++) {
      const latest = await latestDelta(dir)
      expect(latest).toBeGreaterThanOrEqual(reported)
      await expectVersion(dir, latest)
      if (latest >= 2) await expectVersion(dir, latest - 2)
      // Half of the restarts re-run the last batch, as after a crash before the commit log.
      const from = i % 2 === 1 && latest > 0 ? latest - 1 : latest
      const versions = await runAndKill(child, dir, from, Math.floor(Math.random() * 400))
      expect(versions.length).toBeGreaterThan(0)
      reported = Math.max(...versions)
    }
    const latest = await latestDelta(dir)
    expect(latest).toBeGreaterThanOrEqual(reported)
    expect(latest).toBeGreaterThan(KILLS)
    await expectVersion(dir, latest)
  }, 180_000)
})

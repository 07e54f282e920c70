/**
 * Crash at any protocol step of a stream-stream join (both sides buffered in state, outer rows
 * emitted at eviction): a child process is killed with SIGKILL, restarted from its checkpoint,
 * and the Delta table must equal the uninterrupted run's. Each step's event times lie above the
 * previous step's on both sides, so a restart (which forgets the per-side maxima, as Spark
 * does) cannot change the watermark either.
 */
import { spawn } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { DeltaLog, readSnapshotRows } from '../../src/delta/index.js'
import { bundleForNode } from '../delta/support/bundle-child.js'
import { canonicalRows } from '../support/event-files.js'
import { tempDir } from '../support/temp-dir.js'

const STEPS = 12
let child: string
let input: string
let expected: string[]

function run(root: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve, reject) => {
      const p = spawn(
        process.execPath,
        [
          child,
          join(input, 'left'),
          join(input, 'right'),
          join(root, 'table'),
          join(root, 'checkpoint'),
        ],
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
    },
  )
}

async function tableRows(root: string): Promise<string[]> {
  const snapshot = await DeltaLog.forTable(join(root, 'table')).snapshot()
  return canonicalRows(await readSnapshotRows(snapshot))
}

beforeAll(async () => {
  child = await bundleForNode(join(__dirname, 'support/stream-join-child.ts'))
  input = await tempDir()
  let x = 5
  const rand = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648
  const base = Date.UTC(2026, 0, 1)
  for (const side of ['left', 'right'] as const) {
    await fs.mkdir(join(input, side), { recursive: true })
    for (let s = 0; s < STEPS; s++) {
      const lines = Array.from({ length: 6 }, () => {
        const t = 15 * s + Math.floor(rand() * 15)
        const key = Math.floor(rand() * 4)
        return JSON.stringify({
          key,
          time: new Date(base + t * 1000).toISOString(),
          [side === 'left' ? 'leftValue' : 'rightValue']: Math.floor(rand() * 100),
        })
      })
      const file = join(input, side, `step-${String(s).padStart(2, '0')}.json`)
      await fs.writeFile(file, lines.join('\n') + '\n')
      const mtime = new Date(base + s * 10_000)
      await fs.utimes(file, mtime, mtime)
    }
  }
  const root = await tempDir()
  const r = await run(root)
  expect(r.stderr).toBe('')
  expected = await tableRows(root)
  // Matched and outer rows both occur.
  expect(expected.some((row) => row.includes('null'))).toBe(true)
  expect(expected.some((row) => !row.includes('null'))).toBe(true)
})

describe('crash recovery of a stream-stream join', () => {
  for (const crash of [
    'after-offsets-log:3',
    'delta-sink-files-written:4',
    'after-sink-commit:6',
    'after-commits-log:5',
    'after-source-log:7',
  ]) {
    it(`SIGKILL at ${crash}, restart: same table`, async () => {
      const root = await tempDir()
      const crashed = await run(root, { STREAMLAKE_CRASH_AT: crash })
      expect(crashed.signal).toBe('SIGKILL')
      const done = await run(root)
      expect(done.stderr).toBe('')
      expect(done.code).toBe(0)
      expect(await tableRows(root)).toEqual(expected)
    })
  }
})

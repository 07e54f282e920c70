/**
 * Several processes start on one checkpoint whose lock was left by a killed query (#14): the
 * stale lock is taken over by exactly one of them at a time. Uses the built module
 * (dist/state/checkpoint/checkpoint-lock.js): run `npm run build` first.
 */
import { spawn } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../support/temp-dir.js'

const LOCK_MODULE = fileURLToPath(
  new URL('../../dist/state/checkpoint/checkpoint-lock.js', import.meta.url),
)

/** One starter: waits for the common start instant, takes the lock, holds it, releases it. */
const STARTER = `
const { CheckpointLock } = await import(process.argv[1])
const [, file, runId, at, holdMs] = process.argv.slice(1)
while (Date.now() < Number(at)) {}
try {
  const lock = await CheckpointLock.acquire(file, runId, null)
  const from = Date.now()
  await new Promise((r) => setTimeout(r, Number(holdMs)))
  const to = Date.now()
  await lock.release()
  console.log(JSON.stringify({ acquired: true, from, to }))
} catch (e) {
  console.log(JSON.stringify({ acquired: false, code: e.code }))
}
`

interface Outcome {
  readonly acquired: boolean
  readonly from?: number
  readonly to?: number
  readonly code?: string
}

function starter(file: string, runId: string, at: number, holdMs: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', STARTER, LOCK_MODULE, file, runId, String(at), String(holdMs)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.on('error', reject)
    child.on('close', () => {
      try {
        resolve(JSON.parse(out) as Outcome)
      } catch (error) {
        reject(new Error(`starter printed ${JSON.stringify(out)}`, { cause: error }))
      }
    })
  })
}

describe('checkpoint lock across processes', () => {
  it('lets one of four concurrent starters take over a stale lock; the others are refused', async () => {
    const dir = await tempDir()
    for (let trial = 0; trial < 8; trial++) {
      const file = join(dir, `lock-${trial}`)
      await fs.writeFile(
        file,
        JSON.stringify({
          pid: 2 ** 22 + 12345,
          host: hostname(),
          runId: `killed-${trial}`,
          queryName: null,
          startedAt: '2026-01-01T00:00:00.000Z',
        }),
      )
      const at = Date.now() + 500
      const outcomes = await Promise.all(
        [0, 1, 2, 3].map((i) => starter(file, `run-${trial}-${i}`, at, 800)),
      )
      const holders = outcomes.filter((o) => o.acquired)
      expect(holders, `trial ${trial}: ${JSON.stringify(outcomes)}`).toHaveLength(1)
      for (const o of outcomes.filter((x) => !x.acquired))
        expect(o.code).toBe('SL_STATE_CHECKPOINT_IN_USE')
      await expect(fs.stat(file)).rejects.toMatchObject({ code: 'ENOENT' })
    }
    expect((await fs.readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([])
  })
})

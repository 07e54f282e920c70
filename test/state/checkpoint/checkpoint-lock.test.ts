import { promises as fs } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CheckpointLock, type LockOwner } from '../../../src/state/checkpoint/checkpoint-lock.js'
import { tempDir } from '../../support/temp-dir.js'

/** A lock left by a killed query: its pid no longer exists on this host. */
function staleOwner(runId: string): string {
  const owner: LockOwner = {
    pid: 2 ** 22 + 12345,
    host: hostname(),
    runId,
    queryName: 'killed',
    startedAt: '2026-01-01T00:00:00.000Z',
  }
  return JSON.stringify(owner)
}

async function race(
  file: string,
  starters: number,
): Promise<{ won: CheckpointLock[]; errors: unknown[]; winners: string[] }> {
  const runIds = Array.from({ length: starters }, (_, i) => `run-${i}`)
  const results = await Promise.allSettled(
    runIds.map((runId) => CheckpointLock.acquire(file, runId, null)),
  )
  const won: CheckpointLock[] = []
  const errors: unknown[] = []
  const winners: string[] = []
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') {
      won.push(r.value)
      winners.push(runIds[i]!)
    } else errors.push(r.reason)
  })
  return { won, errors, winners }
}

describe('CheckpointLock', () => {
  it('lets exactly one of two concurrent starters take over a stale lock', async () => {
    const dir = await tempDir()
    for (let trial = 0; trial < 40; trial++) {
      const file = join(dir, `lock-${trial}`)
      await fs.writeFile(file, staleOwner(`killed-${trial}`))
      const { won, errors, winners } = await race(file, 2)
      expect(won, `trial ${trial}`).toHaveLength(1)
      expect(errors).toEqual([
        expect.objectContaining({ code: 'SL_STATE_CHECKPOINT_IN_USE', path: file }),
      ])
      // The lock on disk is the winner's, and it survives the loser's attempt.
      const owner = JSON.parse(await fs.readFile(file, 'utf8')) as LockOwner
      expect(owner.runId).toBe(winners[0])
      expect(owner.pid).toBe(process.pid)
      await won[0]!.release()
      await expect(fs.stat(file)).rejects.toMatchObject({ code: 'ENOENT' })
    }
    // No takeover claims are left behind.
    expect((await fs.readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([])
  })

  it('lets exactly one of several starters take over, and none while it holds the lock', async () => {
    const dir = await tempDir()
    const file = join(dir, 'lock')
    await fs.writeFile(file, staleOwner('killed'))
    const { won, errors } = await race(file, 5)
    expect(won).toHaveLength(1)
    expect(errors).toHaveLength(4)
    const again = await race(file, 3)
    expect(again.won).toHaveLength(0)
    await won[0]!.release()
    const after = await race(file, 3)
    expect(after.won).toHaveLength(1)
    await after.won[0]!.release()
  })

  it('takes over a takeover claim whose starter died in the middle', async () => {
    const dir = await tempDir()
    const file = join(dir, 'lock')
    const stale = staleOwner('killed')
    await fs.writeFile(file, stale)
    const { createHash } = await import('node:crypto')
    const claim = join(
      dir,
      `.lock-takeover-${createHash('sha256').update(stale).digest('hex').slice(0, 32)}`,
    )
    await fs.writeFile(claim, staleOwner('died-while-taking-over'))
    const lock = await CheckpointLock.acquire(file, 'next', null)
    expect((JSON.parse(await fs.readFile(file, 'utf8')) as LockOwner).runId).toBe('next')
    await lock.release()
  })

  it('release leaves a lock alone that is no longer its own', async () => {
    const dir = await tempDir()
    const file = join(dir, 'lock')
    const lock = await CheckpointLock.acquire(file, 'mine', null)
    await fs.writeFile(file, staleOwner('someone-else'))
    await lock.release()
    expect(await fs.readFile(file, 'utf8')).toBe(staleOwner('someone-else'))
  })
})

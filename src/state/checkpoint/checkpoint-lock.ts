/**
 * One running query per checkpoint. A `lock` file names the owner (host, pid, runId); it is
 * created with put-if-absent, so two starters race safely. A lock whose process is gone (the
 * query was killed) is stale and taken over; a live one is refused with a clear error.
 */
import { promises as fs } from 'node:fs'
import { hostname } from 'node:os'
import { CheckpointError } from '../../errors/index.js'
import { isAlreadyExists, writeFileAtomic } from '../../internal/atomic-file.js'

export interface LockOwner {
  readonly pid: number
  readonly host: string
  readonly runId: string
  readonly queryName: string | null
  readonly startedAt: string
}

/** Checkpoints locked by this process (a pid check cannot tell two in-process queries apart). */
const heldInThisProcess = new Set<string>()

export class CheckpointLock {
  private constructor(private readonly file: string) {}

  /** Takes the lock or throws SL_STATE_CHECKPOINT_IN_USE naming the owner. */
  static async acquire(
    file: string,
    runId: string,
    queryName: string | null,
  ): Promise<CheckpointLock> {
    const owner: LockOwner = {
      pid: process.pid,
      host: hostname(),
      runId,
      queryName,
      startedAt: new Date().toISOString(),
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      if (heldInThisProcess.has(file)) throw inUse(file, owner)
      try {
        await writeFileAtomic(file, JSON.stringify(owner), 'fail')
        heldInThisProcess.add(file)
        return new CheckpointLock(file)
      } catch (error) {
        if (!isAlreadyExists(error)) throw error
      }
      const existing = await readOwner(file)
      if (existing && isAlive(existing)) throw inUse(file, existing)
      await fs.rm(file, { force: true })
    }
    throw inUse(file, undefined)
  }

  async release(): Promise<void> {
    heldInThisProcess.delete(this.file)
    await fs.rm(this.file, { force: true })
  }
}

/** The lock's owner, undefined when there is no lock or it cannot be read. */
export async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as LockOwner
  } catch {
    return undefined
  }
}

/** Whether the owner's process still runs (a lock from another host counts as alive). */
export function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true // another machine: we cannot tell, so respect it
  if (owner.pid === process.pid) return false // not in heldInThisProcess: left over from a failed run
  try {
    process.kill(owner.pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function inUse(file: string, owner: LockOwner | undefined): CheckpointError {
  const who = owner
    ? `query ${owner.queryName ?? '(unnamed)'} run ${owner.runId} in process ${owner.pid} on ${owner.host}, started ${owner.startedAt}`
    : 'another query'
  return new CheckpointError(
    'SL_STATE_CHECKPOINT_IN_USE',
    { path: file, owner: who },
    { path: file },
  )
}

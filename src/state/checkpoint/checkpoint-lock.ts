/**
 * One running query per checkpoint. A `lock` file names the owner (host, pid, runId); it is
 * created with put-if-absent, so two starters race safely. A lock whose process is gone (the
 * query was killed) is stale and taken over; a live one is refused with a clear error.
 *
 * Taking over a stale lock is atomic (#14: reading it and removing it were two steps, so two
 * starters could both find it stale, and the second removed the first one's new lock). The rule:
 * a file whose content is X may only be replaced by the holder of the claim for X,
 * `.lock-takeover-<sha256(X)>`, itself created put-if-absent. The holder checks, while holding
 * the claim, that the lock still reads X, and then renames its own lock over it (one atomic
 * replace: there is no instant without a lock). Nobody else can change a file holding X in the
 * meantime: its owner is dead, put-if-absent fails on an existing file, and every other taker
 * needs the same claim. A claim whose taker died in the middle is stale in turn and taken over
 * by the same rule (claim files are hidden names; one may be left behind by such a crash).
 */
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { hostname } from 'node:os'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
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
/** Run ids of this process that hold or are acquiring a lock (their files are not stale). */
const liveRunsInThisProcess = new Set<string>()

/** How often a starter looks again while another one is taking over a stale lock. */
const ATTEMPTS = 50
const RETRY_MS = 20
/** Claims on claims: more than this many takers dying in a row is not plausible. */
const MAX_CLAIM_DEPTH = 4

export class CheckpointLock {
  private constructor(
    private readonly file: string,
    private readonly content: string,
    private readonly runId: string,
  ) {}

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
    const mine = JSON.stringify(owner)
    if (heldInThisProcess.has(file)) throw inUse(file, await readOwner(file))
    liveRunsInThisProcess.add(runId)
    try {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        if (heldInThisProcess.has(file)) throw inUse(file, await readOwner(file))
        if (await createIfAbsent(file, mine)) return CheckpointLock.held(file, mine, runId)
        const current = await readText(file)
        if (current === undefined) continue // released meanwhile
        const existing = parseOwner(current)
        if (existing !== undefined && isAlive(existing)) throw inUse(file, existing)
        if (await replaceStale(file, current, mine, 0))
          return CheckpointLock.held(file, mine, runId)
        await sleep(RETRY_MS)
      }
      throw inUse(file, await readOwner(file))
    } catch (error) {
      liveRunsInThisProcess.delete(runId)
      throw error
    }
  }

  private static held(file: string, content: string, runId: string): CheckpointLock {
    heldInThisProcess.add(file)
    return new CheckpointLock(file, content, runId)
  }

  /** Removes the lock, unless it is no longer ours (then it is someone else's to remove). */
  async release(): Promise<void> {
    heldInThisProcess.delete(this.file)
    try {
      if ((await readText(this.file)) === this.content) await fs.rm(this.file, { force: true })
    } finally {
      liveRunsInThisProcess.delete(this.runId)
    }
  }
}

/**
 * Replaces `target`, found holding the stale content `stale`, with `mine` under the claim for
 * `stale` (see the module comment). False when another starter got there first or the target
 * changed: the caller looks at the lock again.
 */
async function replaceStale(
  target: string,
  stale: string,
  mine: string,
  depth: number,
): Promise<boolean> {
  const claim = join(dirname(target), `.lock-takeover-${sha256(stale)}`)
  if (!(await createIfAbsent(claim, mine))) {
    const claimed = await readText(claim)
    if (claimed === undefined || depth >= MAX_CLAIM_DEPTH) return false
    const taker = parseOwner(claimed)
    if (taker !== undefined && isAlive(taker)) return false
    // The taker died while holding the claim: take the claim over by the same rule.
    if (!(await replaceStale(claim, claimed, mine, depth + 1))) return false
  }
  try {
    if ((await readText(target)) !== stale) return false
    await writeFileAtomic(target, mine, 'replace')
    return true
  } finally {
    await fs.rm(claim, { force: true })
  }
}

/** Creates `file` with `content` unless it exists; true when this call created it. */
async function createIfAbsent(file: string, content: string): Promise<boolean> {
  try {
    await writeFileAtomic(file, content, 'fail')
    return true
  } catch (error) {
    if (isAlreadyExists(error)) return false
    throw error
  }
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(text) as Partial<LockOwner> | null
    return typeof owner?.pid === 'number' ? (owner as LockOwner) : undefined
  } catch {
    return undefined
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32)
}

/** The lock's owner, undefined when there is no lock or it cannot be read. */
export async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    return parseOwner(await fs.readFile(file, 'utf8'))
  } catch {
    return undefined
  }
}

/** Whether the owner's process still runs (a lock from another host counts as alive). */
export function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true // another machine: we cannot tell, so respect it
  // This process: alive while that run holds or acquires a lock; otherwise left by a failed run.
  if (owner.pid === process.pid) return liveRunsInThisProcess.has(owner.runId)
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

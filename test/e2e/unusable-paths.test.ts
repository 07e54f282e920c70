/**
 * A checkpoint or table path that can hold no directory (under /proc, or below a regular file)
 * ends the run at once with a user error naming it (SL_FS_CANNOT_CREATE_DIRECTORY,
 * SL_FS_NOT_A_DIRECTORY) — under /proc Node's recursive mkdir would spin forever (see
 * internal/make-directory.ts).
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateEvents } from '../../src/index.js'
import { runAppArgs, runCli } from '../support/run-cli.js'
import { tempDir } from '../support/temp-dir.js'

let root: string

beforeAll(async () => {
  root = await tempDir()
  await generateEvents({
    out: join(root, 'input'),
    batches: 2,
    eventsPerBatch: 10,
    seed: 1,
    startTime: '2026-11-24T10:00:00Z',
  })
  await fs.writeFile(join(root, 'a-file'), 'not a directory')
})

interface Case {
  readonly name: string
  readonly checkpoints?: string
  /** Relative to the test's root. */
  readonly data?: string
  readonly code: string
  readonly named: string
}

const CASES: readonly Case[] = [
  {
    name: 'checkpoints under /proc',
    checkpoints: '/proc/streamlake-nope/cp',
    code: 'SL_FS_CANNOT_CREATE_DIRECTORY',
    named: '/proc/streamlake-nope',
  },
  {
    name: 'data under a regular file',
    data: 'a-file/data',
    code: 'SL_FS_NOT_A_DIRECTORY',
    named: 'a-file',
  },
]

describe('paths that cannot hold directories', () => {
  it.each(CASES)('$name: exits 2 at once with $code', async (c) => {
    const r = await runCli(
      runAppArgs('tumbling', {
        input: join(root, 'input'),
        data: join(root, c.data ?? 'data'),
        checkpoints: c.checkpoints ?? join(root, 'cp'),
        quiet: true,
      }),
      { timeoutMs: 20_000 },
    )
    expect(r.signal).toBeNull()
    expect(r.stderr).toContain(`error [${c.code}]`)
    expect(r.stderr).toContain(c.named)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(r.code).toBe(2)
  })
})

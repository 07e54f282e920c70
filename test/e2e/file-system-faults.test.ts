/**
 * Real file-system faults under a real query: the checkpoint and the table live on a small tmpfs
 * (mounted in a private user + mount namespace with `unshare -rm`, so no root is needed and
 * nothing leaks to the host). A full disk (ENOSPC) and a read-only remount (EROFS) must stop the
 * query with a user error naming the path and the fix — not "this is a bug" with a stack — leave
 * no temp file, and after the fix (a bigger or read-write remount) a restart must write every
 * event exactly once.
 */
import { execFile, execFileSync } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { DeltaLog, readSnapshotRows } from '../../src/delta/index.js'
import { generateEvents } from '../../src/index.js'
import { canonicalRows, readEventFiles } from '../support/event-files.js'
import { CLI } from '../support/run-cli.js'
import { tempDir } from '../support/temp-dir.js'

const run = promisify(execFile)
const FILES = 12
let input: string
let expected: string[]

/** Runs a shell script in a new user + mount namespace; its tmpfs mounts vanish with it. */
async function inNamespace(script: string): Promise<void> {
  await run('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-e', '-c', script], {
    timeout: 120_000,
  })
}

const runApp = (inputDir: string, mnt: string, n: number): string =>
  `set +e; "${process.execPath}" "${CLI}" run passthrough --input "${inputDir}" ` +
  `--data "${mnt}/data" --checkpoints "${mnt}/cp" --trigger available-now ` +
  `--max-files-per-trigger 1 --quiet > "${mnt}/../out${n}" 2> "${mnt}/../err${n}"; ` +
  `echo $? > "${mnt}/../rc${n}"; set -e`

async function tableRows(dir: string): Promise<string[]> {
  const snapshot = await DeltaLog.forTable(join(dir, 'data', 'events')).snapshot()
  return canonicalRows(await readSnapshotRows(snapshot))
}

async function result(dir: string, n: number): Promise<{ code: number; stderr: string }> {
  return {
    code: Number(await fs.readFile(join(dir, `rc${n}`), 'utf8')),
    stderr: await fs.readFile(join(dir, `err${n}`), 'utf8'),
  }
}

function expectUserError(stderr: string, code: string, mnt: string): void {
  expect(stderr).toContain(`error [${code}]`)
  expect(stderr).toContain(`path: ${mnt}/`)
  expect(stderr).toMatch(/start the query again: it resumes from its checkpoint/)
  expect(stderr).not.toContain('SL_INTERNAL_UNEXPECTED')
  expect(stderr).not.toContain('bug')
  expect(stderr).not.toMatch(/\n\s+at /)
}

beforeAll(async () => {
  try {
    execFileSync('unshare', ['--user', '--map-root-user', '--mount', 'true'])
  } catch (error) {
    throw new Error(
      `this test mounts a tmpfs in a user namespace (unshare -rm), which this machine refuses: ${(error as Error).message}. ` +
        'Enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1) or run as root.',
    )
  }
  input = join(await tempDir(), 'input')
  await generateEvents({
    out: input,
    batches: FILES,
    eventsPerBatch: 500,
    seed: 3,
    startTime: '2026-11-24T10:00:00Z',
    intervalMs: 60_000,
  })
  expected = canonicalRows(await readEventFiles(input))
})

describe('file-system faults', () => {
  it('a full disk stops the query with SL_FS_NO_SPACE; after freeing space it resumes exactly once', async () => {
    const dir = await tempDir()
    const mnt = join(dir, 'mnt')
    await fs.mkdir(mnt)
    await inNamespace(
      [
        `mount -t tmpfs -o size=300k tmpfs "${mnt}"`,
        runApp(input, mnt, 1),
        `ls "${mnt}/data/events/_delta_log" | grep -c 'json$' > "${dir}/versions1" || true`,
        `find "${mnt}" -name '*.tmp' > "${dir}/tmp1"`,
        `mount -o remount,size=64m "${mnt}"`,
        runApp(input, mnt, 2),
        `cp -a "${mnt}/data" "${mnt}/cp" "${dir}/"`,
      ].join('\n'),
    )
    const first = await result(dir, 1)
    expect(first.code).not.toBe(0)
    expectUserError(first.stderr, 'SL_FS_NO_SPACE', mnt)
    // It failed part-way: some batches were committed before the disk filled.
    const versions = Number(await fs.readFile(join(dir, 'versions1'), 'utf8'))
    expect(versions).toBeGreaterThan(0)
    expect(versions).toBeLessThan(FILES)
    expect(await fs.readFile(join(dir, 'tmp1'), 'utf8')).toBe('')
    const second = await result(dir, 2)
    expect(second.stderr).toBe('')
    expect(second.code).toBe(0)
    expect(await tableRows(dir)).toEqual(expected)
  }, 180_000)

  it('a read-only remount stops the query with SL_FS_READ_ONLY; after remounting read-write it resumes exactly once', async () => {
    const dir = await tempDir()
    const mnt = join(dir, 'mnt')
    const growing = join(dir, 'input')
    await fs.mkdir(mnt)
    await fs.mkdir(growing)
    const files = (await fs.readdir(input)).filter((f) => f.endsWith('.json')).sort()
    const copy = (names: string[]): string =>
      names.map((f) => `cp "${join(input, f)}" "${growing}/"`).join('\n')
    await inNamespace(
      [
        `mount -t tmpfs -o size=64m tmpfs "${mnt}"`,
        copy(files.slice(0, 6)),
        runApp(growing, mnt, 1),
        `mount -o remount,ro "${mnt}"`,
        copy(files.slice(6)),
        runApp(growing, mnt, 2),
        `mount -o remount,rw "${mnt}"`,
        runApp(growing, mnt, 3),
        `cp -a "${mnt}/data" "${mnt}/cp" "${dir}/"`,
      ].join('\n'),
    )
    expect((await result(dir, 1)).code).toBe(0)
    const readOnly = await result(dir, 2)
    expect(readOnly.code).not.toBe(0)
    expectUserError(readOnly.stderr, 'SL_FS_READ_ONLY', mnt)
    const third = await result(dir, 3)
    expect(third.stderr).toBe('')
    expect(third.code).toBe(0)
    expect(await tableRows(dir)).toEqual(expected)
  }, 180_000)
})

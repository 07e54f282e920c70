/**
 * Acceptance (issue 14, items 7 and 8) through the built CLI: a file starting with a UTF-8 BOM
 * loses no record; bad records — malformed lines, wrong types, bytes that are not UTF-8 — leave
 * the table and are listed under `--bad-records-path` with file, line and reason, exactly once
 * even when the process is killed around the batch and restarted; a file deleted after its batch
 * was planned fails every restart with an error naming the file, the batch and both fixes, and
 * `--ignore-missing-files` skips it with a warning.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { DeltaLog, readSnapshotRows } from '../../src/delta/index.js'
import { generateEvents } from '../../src/index.js'
import { canonicalRows, readEventFiles } from '../support/event-files.js'
import { runAppArgs, runCli } from '../support/run-cli.js'
import { tempDir } from '../support/temp-dir.js'

const BOM = Buffer.from([0xef, 0xbb, 0xbf])
/** Appended to the second file: lines 41-43 of it. */
const BAD_LINES = Buffer.concat([
  Buffer.from(
    'not json\n{"event_id":"bad-1","user_id":"seven"}\n{"event_id":"bad-2","event_type":"cl',
  ),
  Buffer.from([0xff]),
  Buffer.from('ick"}\n'),
])

let input: string
let files: string[]
let expected: string[]
let expectedWithoutSecond: string[]

beforeAll(async () => {
  input = join(await tempDir(), 'input')
  await generateEvents({
    out: input,
    batches: 4,
    eventsPerBatch: 40,
    seed: 11,
    startTime: '2026-11-24T10:00:00Z',
    duplicateFraction: 0,
  })
  files = (await fs.readdir(input)).filter((n) => n.endsWith('.json')).sort()
  expected = canonicalRows(await readEventFiles(input))
  const second = canonicalRows((await readEventFiles(input)).filter((_, i) => i >= 40 && i < 80))
  expectedWithoutSecond = expected.filter((r) => !second.includes(r))
  // A BOM before the first file's first record; bad lines at the end of the second file.
  const first = join(input, files[0]!)
  await rewrite(first, Buffer.concat([BOM, await fs.readFile(first)]))
  const path = join(input, files[1]!)
  await rewrite(path, Buffer.concat([await fs.readFile(path), BAD_LINES]))
})

/** Rewrites a file keeping its modification time (the file order). */
async function rewrite(path: string, content: Buffer): Promise<void> {
  const st = await fs.stat(path)
  await fs.writeFile(path, content)
  await fs.utimes(path, st.atime, st.mtime)
}

async function copyInput(root: string): Promise<string> {
  const copy = join(root, 'input')
  await fs.cp(input, copy, { recursive: true, preserveTimestamps: true })
  return copy
}

function args(root: string, from: string, extra: readonly string[] = []): string[] {
  return [
    ...runAppArgs('passthrough', {
      input: from,
      data: join(root, 'data'),
      checkpoints: join(root, 'checkpoints'),
      maxFilesPerTrigger: 1,
      quiet: true,
    }),
    ...extra,
  ]
}

async function tableRows(root: string): Promise<string[]> {
  const snapshot = await DeltaLog.forTable(join(root, 'data', 'events')).snapshot()
  return canonicalRows(await readSnapshotRows(snapshot))
}

/** Every bad-records file under `dir`: relative path → its records. */
async function badRecordFiles(dir: string): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {}
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    out[path.slice(dir.length + 1)] = (await fs.readFile(path, 'utf8'))
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
  }
  return out
}

function checkBadRecords(written: Record<string, Record<string, unknown>[]>, from: string): void {
  const names = Object.keys(written)
  expect(names).toHaveLength(1)
  expect(names[0]).toMatch(/^\d{8}T\d{6}\/bad_records\/part-00001-[0-9a-f-]{36}-source0\.json$/)
  const second = join(from, files[1]!)
  expect(Object.values(written)[0]).toEqual([
    {
      path: second,
      line: 41,
      record: 'not json',
      reason: 'the line is not a JSON object or array',
    },
    {
      path: second,
      line: 42,
      record: '{"event_id":"bad-1","user_id":"seven"}',
      reason: `field 'user_id' cannot be read as int from "seven"`,
    },
    {
      path: second,
      line: 43,
      record: '{"event_id":"bad-2","event_type":"cl\uFFFDick"}',
      reason: 'the line is not valid UTF-8 (an invalid byte sequence at column 37)',
    },
  ])
}

describe('bad input through streamlake run (issue 14)', () => {
  it('--bad-records-path: every good event once (the BOM file included), the bad records listed with file, line and reason', async () => {
    const root = await tempDir()
    const from = await copyInput(root)
    const bad = join(root, 'bad')
    const done = await runCli(args(root, from, ['--bad-records-path', bad]))
    expect(done.stderr).toBe('')
    expect(done.code).toBe(0)
    expect(await tableRows(root)).toEqual(expected)
    checkBadRecords(await badRecordFiles(bad), from)
  })

  it('without it, PERMISSIVE keeps the bad lines as rows (Spark) — and the BOM still costs nothing', async () => {
    const root = await tempDir()
    const done = await runCli(args(root, await copyInput(root)))
    expect(done.code).toBe(0)
    const rows = await tableRows(root)
    expect(rows.length).toBe(expected.length + 3)
    for (const r of expected) expect(rows).toContain(r)
  })

  for (const point of ['after-bad-records', 'after-sink-commit', 'after-commits-log']) {
    it(`killed at ${point} of the batch with bad records, then restarted: each bad record written once`, async () => {
      const root = await tempDir()
      const from = await copyInput(root)
      const bad = join(root, 'bad')
      const crashed = await runCli(args(root, from, ['--bad-records-path', bad]), {
        env: { STREAMLAKE_CRASH_AT: `${point}:2` },
      })
      expect(crashed.signal).toBe('SIGKILL')
      const done = await runCli(args(root, from, ['--bad-records-path', bad]))
      expect(done.stderr).toBe('')
      expect(done.code).toBe(0)
      expect(await tableRows(root)).toEqual(expected)
      checkBadRecords(await badRecordFiles(bad), from)
    })
  }

  it('a file deleted after its batch was planned: every restart fails naming file, batch and both fixes; --ignore-missing-files skips it', async () => {
    const root = await tempDir()
    const from = await copyInput(root)
    // Killed after batch 1 (the second file) is in the offsets log, before it is read.
    const crashed = await runCli(args(root, from), {
      env: { STREAMLAKE_CRASH_AT: 'after-offsets-log:2' },
    })
    expect(crashed.signal).toBe('SIGKILL')
    const gone = join(from, files[1]!)
    await fs.rm(gone)
    for (let attempt = 0; attempt < 2; attempt++) {
      const failed = await runCli(args(root, from))
      // A user error (the fix is the user's): exit status 2.
      expect(failed.code).toBe(2)
      expect(failed.stderr).toContain(
        `error [SL_SOURCE_FILE_MISSING]: The input file ${gone} was admitted into batch 1 but no longer exists`,
      )
      expect(failed.stderr).toContain('Restore the file and restart the query')
      expect(failed.stderr).toContain('ignoreMissingFiles=true')
      expect(failed.stderr).toContain('lost to this query')
      expect(failed.stderr).not.toContain('this is a bug')
    }
    const done = await runCli(args(root, from, ['--ignore-missing-files']))
    expect(done.code).toBe(0)
    expect(done.stderr).toContain(
      `Skipped missing file ${gone} of batch 1 (ignoreMissingFiles=true): its rows are not in the batch.`,
    )
    expect(await tableRows(root)).toEqual(expectedWithoutSecond)
  })
})

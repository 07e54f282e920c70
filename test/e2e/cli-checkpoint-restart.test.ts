/**
 * #14 items 2–4 through the built CLI: what a failed first start leaves, which spellings and
 * moves of the paths are still the same query, and that the recovery advice of the errors and of
 * `checkpoint inspect` loses and duplicates nothing when followed. Run `npm run build` first.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateEvents } from '../../src/index.js'
import { runCli } from '../support/run-cli.js'
import { tempDir } from '../support/temp-dir.js'

const START = '2026-11-24T10:00:00Z'
const EVENTS = 20

/** Appends `batches` event files to `dir`, continuing its numbering and simulated clock. */
async function addInput(dir: string, batches: number): Promise<void> {
  await generateEvents({
    out: dir,
    batches,
    eventsPerBatch: EVENTS,
    seed: 7,
    startTime: START,
    intervalMs: 5 * 60_000,
    duplicateFraction: 0,
  })
}

/** `streamlake run <app>` with the flags given, available-now, one file per batch. */
function run(app: string, cwd: string, flags: readonly string[] = []) {
  return runCli(
    ['run', app, '--trigger', 'available-now', '--max-files-per-trigger', '1', ...flags],
    { cwd },
  )
}

/** The table's rows as sorted JSON lines. */
async function rows(table: string): Promise<string[]> {
  const r = await runCli(['table', 'show', table, '--json'])
  expect(r.stderr).toBe('')
  return r.stdout.trim().split('\n').filter(Boolean).sort()
}

describe('a first start that fails writes nothing (#14 item 3)', () => {
  it('a typo in --input, then the corrected command: no SL_STATE_QUERY_CHANGED', async () => {
    const root = await tempDir()
    await addInput(join(root, 'input'), 2)
    const typo = await run('passthrough', root, ['--input', 'inptu'])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain('error [SL_SOURCE_PATH_NOT_FOUND]')
    await expect(fs.stat(join(root, 'checkpoints', 'raw_events'))).rejects.toMatchObject({
      code: 'ENOENT',
    })
    const fixed = await run('passthrough', root)
    expect(fixed.stderr).toBe('')
    expect(fixed.code).toBe(0)
    expect(await rows(join(root, 'data', 'events'))).toHaveLength(2 * EVENTS)
  })
})

describe('paths of the query identity (#14 item 4)', () => {
  it('--input in and --input $PWD/in are the same query', async () => {
    const root = await tempDir()
    await addInput(join(root, 'in'), 2)
    expect((await run('passthrough', root, ['--input', 'in'])).code).toBe(0)
    await addInput(join(root, 'in'), 1)
    const again = await run('passthrough', root, ['--input', join(root, 'in')])
    expect(again.stderr).toBe('')
    expect(again.code).toBe(0)
    expect(await rows(join(root, 'data', 'events'))).toHaveLength(3 * EVENTS)
  })

  it('a checkpoint and its table moved together continue exactly once (the input stays)', async () => {
    const root = await tempDir()
    const input = join(root, 'shared', 'input')
    await addInput(input, 2)
    await fs.mkdir(join(root, 'a', 'tree'), { recursive: true })
    const first = await run('passthrough', join(root, 'a', 'tree'), [
      '--input',
      '../../shared/input',
    ])
    expect(first.code).toBe(0)
    await fs.mkdir(join(root, 'b'))
    await fs.rename(join(root, 'a', 'tree'), join(root, 'b', 'moved'))
    await addInput(input, 1)
    const moved = await run('passthrough', join(root, 'b', 'moved'), ['--input', input])
    expect(moved.stderr).toBe('')
    expect(moved.code).toBe(0)
    expect(moved.stdout).toMatch(/^\[raw_events\] batch 2: 20 rows/m)
    expect(await rows(join(root, 'b', 'moved', 'data', 'events'))).toHaveLength(3 * EVENTS)
  })

  it('an input moved with the checkpoint is refused; put back at its old path it continues exactly once', async () => {
    const root = await tempDir()
    const before = join(root, 'c')
    await addInput(join(before, 'input'), 2)
    expect((await run('passthrough', before)).code).toBe(0)
    const after = join(root, 'd')
    await fs.rename(before, after)
    const table = join(after, 'data', 'events')
    const refused = await run('passthrough', after)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(
      `error [SL_STATE_INPUT_MOVED]: The input of source 0 moved together with the checkpoint ${join(after, 'checkpoints', 'raw_events')}: it was ${join(before, 'input')} and is now ${join(after, 'input')}.`,
    )
    // Before the fix the moved input was accepted and every file read again (duplicates).
    expect(await rows(table)).toHaveLength(2 * EVENTS)
    // The advice: the input back at its old path (a symbolic link), started with that path.
    await addInput(join(after, 'input'), 1)
    await fs.mkdir(before)
    await fs.symlink(join(after, 'input'), join(before, 'input'))
    const fixed = await run('passthrough', after, ['--input', join(before, 'input')])
    expect(fixed.stderr).toBe('')
    expect(fixed.code).toBe(0)
    expect(await rows(table)).toHaveLength(3 * EVENTS)
  })
})

describe('recovery advice that loses and duplicates nothing (#14 item 2)', () => {
  /** The tumbling table of one uninterrupted run over `files` input files. */
  async function reference(files: number): Promise<string[]> {
    const root = await tempDir()
    await addInput(join(root, 'input'), files)
    expect((await run('tumbling', root)).code).toBe(0)
    return rows(join(root, 'data', 'tumbling_aggregates'))
  }

  it('inspect names the error a missing state file will stop the restart with; restoring it continues exactly once', async () => {
    const root = await tempDir()
    await addInput(join(root, 'input'), 4)
    expect((await run('tumbling', root)).code).toBe(0)
    const cp = join(root, 'checkpoints', 'tumbling')
    const backup = join(root, 'backup')
    await fs.cp(cp, backup, { recursive: true })
    const latest = (await fs.readdir(join(cp, 'state', '0')))
      .filter((n) => n.endsWith('.delta'))
      .map((n) => Number.parseInt(n, 10))
      .sort((a, b) => a - b)
      .at(-1)!
    const missing = join(cp, 'state', '0', `${latest}.delta`)
    await fs.rm(missing)
    const inspected = await runCli(['checkpoint', 'inspect', cp, '--json'])
    expect(inspected.code).toBe(0)
    const report = JSON.parse(inspected.stdout) as {
      restart: { kind: string; code: string; batchId: number; summary: string; path: string }
    }
    expect(report.restart).toMatchObject({
      kind: 'state-unusable',
      code: 'SL_STATE_STORE_FILE_MISSING',
      batchId: latest,
      path: missing,
    })
    const text = await runCli(['checkpoint', 'inspect', cp])
    expect(text.stdout).not.toContain('start batch')
    expect(text.stdout).toContain(`fail with SL_STATE_STORE_FILE_MISSING: batch ${latest}`)
    // The restart does what inspect said, as soon as that batch runs.
    await addInput(join(root, 'input'), 2)
    const failed = await run('tumbling', root)
    expect(failed.code).toBe(2)
    expect(failed.stderr).toContain(`error [SL_STATE_STORE_FILE_MISSING]: State version ${latest}`)
    expect(failed.stderr).toContain('delete both its checkpoint and its output table')
    // The advice: restore the missing file from a backup that holds it; the table ends as an
    // uninterrupted run's.
    await fs.copyFile(join(backup, 'state', '0', `${latest}.delta`), missing)
    expect((await run('tumbling', root)).code).toBe(0)
    expect(await rows(join(root, 'data', 'tumbling_aggregates'))).toEqual(await reference(6))
  })

  it('a corrupt checkpoint: starting over as the error says gives the table once, not twice', async () => {
    const root = await tempDir()
    await addInput(join(root, 'input'), 5)
    expect((await run('tumbling', root)).code).toBe(0)
    const offsets = join(root, 'checkpoints', 'tumbling', 'offsets')
    const last = Math.max(...(await fs.readdir(offsets)).map(Number).filter(Number.isFinite))
    const entry = join(offsets, String(last))
    await fs.writeFile(entry, 'v1\n{broken')
    await addInput(join(root, 'input'), 1)
    const failed = await run('tumbling', root)
    expect(failed.code).toBe(2)
    expect(failed.stderr).toContain(
      `error [SL_STATE_CHECKPOINT_CORRUPT]: The checkpoint file ${entry}`,
    )
    expect(failed.stderr).toContain(
      'To start over instead, stop the query, delete both its checkpoint and its output table, and run it again',
    )
    await fs.rm(join(root, 'checkpoints', 'tumbling'), { recursive: true })
    await fs.rm(join(root, 'data', 'tumbling_aggregates'), { recursive: true })
    expect((await run('tumbling', root)).code).toBe(0)
    expect(await rows(join(root, 'data', 'tumbling_aggregates'))).toEqual(await reference(6))
  })
})

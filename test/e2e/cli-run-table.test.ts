/**
 * The CLI contract of `run` and `table`: exit codes, the seed layout (DATA/events,
 * CHECKPOINTS/raw_events), JSON lines output and clean stops on SIGTERM.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateEvents } from '../../src/index.js'
import { runAppArgs, runCli, startCli } from '../support/run-cli.js'
import { readEventFiles } from '../support/event-files.js'
import { tempDir } from '../support/temp-dir.js'

let root: string
let input: string

beforeAll(async () => {
  root = await tempDir()
  input = join(root, 'input')
  await generateEvents({
    out: input,
    batches: 3,
    eventsPerBatch: 20,
    seed: 3,
    startTime: '2026-11-24T10:00:00Z',
  })
  const r = await runCli(
    runAppArgs('passthrough', {
      input,
      data: join(root, 'data'),
      checkpoints: join(root, 'cp'),
      maxFilesPerTrigger: 1,
    }),
  )
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  expect(r.stdout).toContain('[raw_events] batch 2: 20 rows')
})

describe('streamlake run / table', () => {
  it('writes the seed layout: DATA/events and CHECKPOINTS/raw_events', async () => {
    expect((await fs.stat(join(root, 'data', 'events', '_delta_log'))).isDirectory()).toBe(true)
    expect((await fs.stat(join(root, 'cp', 'raw_events', 'metadata'))).isFile()).toBe(true)
  })

  it('table show --json prints every row as a JSON line with ISO timestamps', async () => {
    const r = await runCli(['table', 'show', join(root, 'data', 'events'), '--json'])
    expect(r.code).toBe(0)
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines).toHaveLength(60)
    const ids = new Set((await readEventFiles(input)).map((e) => e[0]))
    for (const l of lines) expect(ids.has(l['event_id'] as string)).toBe(true)
    expect(lines[0]!['timestamp']).toMatch(/^2026-11-24T\d\d:\d\d:\d\d\.\d+Z$/)
  })

  it('table show prints an ASCII table limited by --limit', async () => {
    const r = await runCli(['table', 'show', join(root, 'data', 'events'), '--limit', '2'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('only showing top 2 rows')
  })

  it('table history lists one STREAMING UPDATE per batch with the query id and batch id', async () => {
    const r = await runCli(['table', 'history', join(root, 'data', 'events'), '--json'])
    const queryId = (
      JSON.parse(await fs.readFile(join(root, 'cp', 'raw_events', 'metadata'), 'utf8')) as {
        id: string
      }
    ).id
    const h = r.stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            version: number
            operation: string
            txn: { appId: string; version: number }
          },
      )
    expect(h.map((e) => [e.version, e.operation, e.txn.appId, e.txn.version])).toEqual([
      [2, 'STREAMING UPDATE', queryId, 2],
      [1, 'STREAMING UPDATE', queryId, 1],
      [0, 'STREAMING UPDATE', queryId, 0],
    ])
  })

  it('exits 2 with a clear message for a bad flag or an unknown app', async () => {
    const bad = await runCli(['run', 'passthrough', '--trigger', 'sometimes'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^error \[SL_CLI_INVALID_FLAG\]: .*--trigger/)
    const unknown = await runCli(['run', 'nosuchapp'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('Known apps: passthrough')
  })

  it('exits 2 naming the path when the input directory does not exist', async () => {
    const r = await runCli(
      runAppArgs('passthrough', {
        input: join(root, 'missing'),
        data: join(root, 'd2'),
        checkpoints: join(root, 'c2'),
        trigger: 'once',
      }),
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(
      `error [SL_SOURCE_PATH_NOT_FOUND]: The input path ${join(root, 'missing')} does not exist`,
    )
  })

  it('exits 2 for a table path that does not exist or is not a Delta table', async () => {
    const missing = await runCli(['table', 'history', join(root, 'nothing')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain(
      `error [SL_CLI_PATH_NOT_FOUND]: The Delta table directory ${join(root, 'nothing')} does not exist.`,
    )
    const notDelta = await runCli(['table', 'history', input])
    expect(notDelta.code).toBe(2)
    expect(notDelta.stderr).toContain(
      `error [SL_SOURCE_TABLE_NOT_FOUND]: There is no Delta table at ${input}`,
    )
  })

  it('table show exits 2 naming the path when it does not exist or is a file (docs/cli.md)', async () => {
    const missing = join(root, 'nothing')
    const r = await runCli(['table', 'show', missing])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(
      `error [SL_CLI_PATH_NOT_FOUND]: The Delta table directory ${missing} does not exist.`,
    )
    const file = join(input, 'batch_000000.json')
    const notDir = await runCli(['table', 'show', file, '--json'])
    expect(notDir.code).toBe(2)
    expect(notDir.stderr).toContain(
      `error [SL_CLI_NOT_A_DIRECTORY]: The Delta table directory ${file} is a file`,
    )
    const notDelta = await runCli(['table', 'show', input])
    expect(notDelta.code).toBe(2)
    expect(notDelta.stderr).toContain(
      `error [SL_SOURCE_TABLE_NOT_FOUND]: There is no Delta table at ${input} (no _delta_log folder)`,
    )
  })

  it('table show --version past the latest exits 2 naming the available versions', async () => {
    const table = join(root, 'data', 'events')
    const r = await runCli(['table', 'show', table, '--version', '9'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(
      `error [SL_DELTA_VERSION_NOT_FOUND]: Version 9 of Delta table ${table} is not available`,
    )
    expect(r.stderr).toContain('Choose a version between 0 and 2.')
  })

  it('table show, history and describe say an empty _delta_log folder holds no commits', async () => {
    const empty = join(root, 'empty_table')
    await fs.mkdir(join(empty, '_delta_log'), { recursive: true })
    for (const verb of ['show', 'history', 'describe']) {
      const r = await runCli(['table', verb, empty])
      expect(r.code, verb).toBe(2)
      expect(r.stderr, verb).toContain(
        `error [SL_SOURCE_TABLE_NOT_FOUND]: There is no Delta table at ${empty} (its _delta_log folder is there but holds no commits)`,
      )
    }
  })

  it('a processing-time run stops cleanly on SIGTERM with exit code 0', async () => {
    const { child, closed, printed } = startCli(
      runAppArgs('passthrough', {
        input,
        data: join(root, 'd3'),
        checkpoints: join(root, 'c3'),
        trigger: 'processing-time:100ms',
      }),
    )
    await printed('batch 0')
    child.kill('SIGTERM')
    expect(await closed).toBe(0)
    await expect(fs.stat(join(root, 'c3', 'raw_events', 'lock'))).rejects.toThrow()
  })
})

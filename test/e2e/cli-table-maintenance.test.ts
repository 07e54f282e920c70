/**
 * `streamlake table optimize|vacuum|restore` (cli/commands/table-maintenance.ts) on a table the
 * passthrough app wrote (one file per micro-batch): compaction and its history entry, the
 * retention check exiting 2 with its code, a dry run, VACUUM with the check off, restore by
 * version, and the rows unchanged throughout.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateEvents } from '../../src/index.js'
import { runAppArgs, runCli } from '../support/run-cli.js'
import { tempDir } from '../support/temp-dir.js'

let table: string

beforeAll(async () => {
  const root = await tempDir()
  const input = join(root, 'input')
  await generateEvents({ out: input, batches: 4, eventsPerBatch: 10, seed: 5 })
  const r = await runCli(
    runAppArgs('passthrough', {
      input,
      data: join(root, 'data'),
      checkpoints: join(root, 'cp'),
      maxFilesPerTrigger: 1,
    }),
  )
  expect(r.code).toBe(0)
  table = join(root, 'data', 'events')
}, 120_000)

async function rowCount(): Promise<number> {
  const r = await runCli(['table', 'show', table, '--json'])
  expect(r.code).toBe(0)
  return r.stdout.trim().split('\n').length
}

describe('streamlake table optimize / vacuum / restore', () => {
  it('compacts, refuses a short retention, vacuums, restores', async () => {
    const optimize = await runCli(['table', 'optimize', table, '--json'])
    expect(optimize.stderr).toBe('')
    expect(optimize.code).toBe(0)
    const metrics = JSON.parse(optimize.stdout) as Record<string, unknown>
    expect(metrics).toMatchObject({ version: 4, numFilesRemoved: 4, numFilesAdded: 1 })
    expect(await rowCount()).toBe(40)
    const again = await runCli(['table', 'optimize', table])
    expect(again.stdout).toContain('Nothing to compact')

    const short = await runCli(['table', 'vacuum', table, '--retain', '0'])
    expect(short.code).toBe(2)
    expect(short.stderr).toContain('error [SL_DELTA_VACUUM_RETENTION_TOO_SHORT]')
    expect(short.stderr).toContain('--disable-retention-check')

    const dry = await runCli([
      'table',
      'vacuum',
      table,
      '--retain',
      '0',
      '--dry-run',
      '--disable-retention-check',
    ])
    expect(dry.code).toBe(0)
    const listed = dry.stdout.trim().split('\n').slice(0, -1)
    expect(listed).toHaveLength(4)
    expect(dry.stdout).toContain('Dry run: 4 file(s)')
    for (const f of listed) expect(existsSync(f)).toBe(true)

    const restore = await runCli(['table', 'restore', table, '--version', '1', '--json'])
    expect(restore.code).toBe(0)
    expect(JSON.parse(restore.stdout)).toMatchObject({
      version: 5,
      numRestoredFiles: 2,
      numRemovedFiles: 1,
    })
    expect(await rowCount()).toBe(20)

    const vacuum = await runCli([
      'table',
      'vacuum',
      table,
      '--retain',
      '0',
      '--disable-retention-check',
    ])
    expect(vacuum.code).toBe(0)
    expect(vacuum.stdout).toContain('Deleted 3 file(s)') // the compacted file and batches 2, 3
    expect(await rowCount()).toBe(20)
    const history = await runCli(['table', 'history', table])
    expect(history.stdout).toMatch(/VACUUM END[\s\S]*VACUUM START[\s\S]*RESTORE[\s\S]*OPTIMIZE/)

    const both = await runCli(['table', 'restore', table])
    expect(both.code).toBe(2)
  }, 120_000)

  it.each(['table optimize', 'table vacuum', 'table restore'])(
    '%s --help has examples',
    async (name) => {
      const r = await runCli([...name.split(' '), '--help'])
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(new RegExp(`Examples:\\n {2}\\$ streamlake ${name}`))
    },
  )
})

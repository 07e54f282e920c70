/**
 * `streamlake run <app> --remote sc://…`: the seed apps run on Spark through Spark Connect from
 * the CLI write the same Delta tables as `streamlake run <app>` on the embedded engine, on the
 * same generated input. Both runs use relative paths from their own working directory, so the
 * remote run also checks that the CLI sends the server absolute paths (the server's working
 * directory is elsewhere).
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { generateEvents } from '../../src/generator/generate-events.js'
import { runCli, type CliResult } from '../support/run-cli.js'
import { tempDir } from '../support/temp-dir.js'
import { tableRows } from './support/table-rows.js'

/** Each app and the tables both engines write (the watermark app's late_events is embedded-only). */
const APPS: ReadonlyArray<readonly [app: string, tables: readonly string[]]> = [
  ['passthrough', ['events']],
  ['tumbling', ['tumbling_aggregates']],
  ['sliding', ['sliding_aggregates']],
  ['watermark', ['watermarked_aggregates']],
  ['dedup', ['deduplicated_events']],
  // Each run creates its own DATA/users with our Delta writer; Spark reads it as the static side.
  ['join', ['enriched_events', 'enriched_events_all']],
  ['sessions', ['user_sessions']],
]

let root: string

beforeAll(async () => {
  root = await tempDir('streamlake-connect-cli-')
  // 4 files a minute apart (10:00-10:03) with duplicates and a lateness tail 15-20 minutes
  // behind, then one file at 12:00 that moves every watermark past the earlier windows and
  // sessions so that they are written. With two files per batch the watermark app's 10-minute
  // watermark from batch 0 (~9:51) drops tail events of batch 1: late rows on both engines.
  const events = {
    out: join(root, 'input'),
    intervalMs: 60_000,
    eventsPerBatch: 150,
    seed: 1515,
    duplicateFraction: 0.1,
    lateTailFraction: 0.05,
  }
  await generateEvents({ ...events, batches: 4, startTime: '2026-11-24T10:00:00Z' })
  // The generator continues at batch 4, at start + 4 x interval: 11:56 + 4 min = 12:00.
  await generateEvents({ ...events, batches: 1, startTime: '2026-11-24T11:56:00Z' })
  await fs.mkdir(join(root, 'embedded'))
  await fs.mkdir(join(root, 'remote'))
})

/**
 * `streamlake run <app>` in ROOT/<engine> with relative paths; all files in one batch (Spark
 * takes seconds per batch here), two per batch for the watermark app (late rows need batches).
 */
function run(
  engine: 'embedded' | 'remote',
  app: string,
  extra: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<CliResult> {
  return runCli(
    [
      'run',
      app,
      ...['--input', '../input', '--data', 'data', '--checkpoints', 'checkpoints'],
      ...['--trigger', 'available-now', '--quiet'],
      ...(app === 'watermark' ? ['--max-files-per-trigger', '2'] : []),
      ...extra,
    ],
    { cwd: join(root, engine), env, timeoutMs: 240_000 },
  )
}

function expectSuccess(r: CliResult): void {
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
}

describe('streamlake run <app> --remote writes the tables the embedded run writes', () => {
  it.each(APPS)('%s', async (app, tables) => {
    const embedded = await run('embedded', app)
    expectSuccess(embedded)
    // passthrough takes the server from SPARK_REMOTE, the others from the flag.
    const remote =
      app === 'passthrough'
        ? await run('remote', app, [], { SPARK_REMOTE: inject('sparkConnectUrl') })
        : await run('remote', app, ['--remote', inject('sparkConnectUrl')])
    expectSuccess(remote)
    expect(remote.stdout).toContain(
      `running on Spark through Spark Connect: ${inject('sparkConnectUrl')}`,
    )
    if (app === 'watermark')
      expect(remote.stdout).toContain(
        'note: watermark runs WITHOUT its late_events table on Spark: Spark drops late rows without recording them',
      )
    if (app === 'join')
      expect(remote.stdout).toContain(
        "note: join creates DATA/users with streamlake's Delta writer",
      )
    for (const table of tables) {
      const ours = await tableRows(join(root, 'embedded', 'data', table))
      expect(ours.length).toBeGreaterThan(0)
      expect(await tableRows(join(root, 'remote', 'data', table))).toEqual(ours)
    }
    // Spark wrote the checkpoint where the CLI said, not under the server's working directory.
    await expect(fs.stat(join(root, 'remote', 'checkpoints'))).resolves.toBeDefined()
  })

  it('watermark: the late_events table is embedded-only (the remote run said so at start)', async () => {
    // Runs after the it.each above (vitest runs a file's tests in order): the input had late
    // rows, the embedded run recorded them, the remote run wrote no late table.
    const late = await tableRows(join(root, 'embedded', 'data', 'late_events'))
    expect(late.length).toBeGreaterThan(0)
    await expect(fs.stat(join(root, 'remote', 'data', 'late_events'))).rejects.toMatchObject({
      code: 'ENOENT',
    })
  })

  it('--bad-records-path is refused with --remote (Spark has no such option) before anything runs', async () => {
    const r = await run('remote', 'passthrough', [
      '--remote',
      inject('sparkConnectUrl'),
      '--bad-records-path',
      'bad',
    ])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('SL_CLI_INVALID_FLAG')
    expect(r.stderr).toContain('--bad-records-path')
    expect(r.stderr).toContain('is not supported with --remote')
  })
})

/**
 * `status`, `checkpoint inspect` and `table describe|history` on real checkpoints and Delta
 * tables written by real runs of the passthrough and tumbling seed apps through the CLI, plus
 * the bad paths (missing, a file, not a checkpoint, corrupt offsets) with their exit codes and
 * messages. The restart prediction is checked against what the engine then really does.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { SparkSession, generateEvents } from '../../src/index.js'
import { startSeedApp } from '../../src/apps/seed-apps.js'
import { runAppArgs, runCli, startCli } from '../support/run-cli.js'
import { tempDir } from '../support/temp-dir.js'

const FILES = 8
const EVENTS_PER_FILE = 20

let root: string
let input: string
let data: string
let cp: string

async function queryId(dir: string): Promise<string> {
  return (JSON.parse(await fs.readFile(join(dir, 'metadata'), 'utf8')) as { id: string }).id
}

function runApp(app: string): ReturnType<typeof runCli> {
  return runCli(
    runAppArgs(app, { input, data, checkpoints: cp, maxFilesPerTrigger: 1, quiet: true }),
  )
}

function expectNarrow(text: string): void {
  for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80)
}

async function json<T>(args: readonly string[]): Promise<T> {
  const r = await runCli(args)
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  return JSON.parse(r.stdout) as T
}

beforeAll(async () => {
  root = await tempDir()
  input = join(root, 'input')
  data = join(root, 'data')
  cp = join(root, 'checkpoints')
  // Two minutes of event time per file, so the 10-minute watermark closes tumbling windows.
  await generateEvents({
    out: input,
    batches: FILES,
    eventsPerBatch: EVENTS_PER_FILE,
    seed: 11,
    startTime: '2026-11-24T10:00:00Z',
    intervalMs: 120_000,
  })
  for (const app of ['passthrough', 'tumbling']) {
    const r = await runApp(app)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
  }
}, 60_000)

interface StatusJson {
  root: string
  queries: {
    name: string
    queryId: string
    running: boolean
    lastBatchId: number
    lastCommittedBatchId: number
    watermarkMs: number
    offsets: { logOffset: number }[]
    sink: { format: string; path: string }
    restart: { kind: string; nextBatchId: number }
  }[]
  skipped: string[]
}

describe('streamlake status', () => {
  it('lists each query of the checkpoint root with its batches, offsets, sink and restart', async () => {
    const s = await json<StatusJson>(['status', '--checkpoints', cp, '--json'])
    expect(s.root).toBe(cp)
    expect(s.queries.map((q) => q.name)).toEqual(['raw_events', 'tumbling'])
    const [raw, tumbling] = s.queries
    expect(raw!.queryId).toBe(await queryId(join(cp, 'raw_events')))
    // One file per batch: batches 0..7 read log offsets 0..7; passthrough has no no-data batch.
    expect(raw!.lastBatchId).toBe(FILES - 1)
    expect(raw!.lastCommittedBatchId).toBe(FILES - 1)
    expect(raw!.offsets).toEqual([{ logOffset: FILES - 1 }])
    expect(raw!.sink).toMatchObject({ format: 'delta', path: join(data, 'events') })
    expect(raw!.restart).toMatchObject({ kind: 'resume', nextBatchId: FILES })
    expect(raw!.running).toBe(false)
    expect(raw!.watermarkMs).toBe(0)
    // The windowed query has a watermark, and the offsets of its newest (possibly no-data) batch.
    expect(tumbling!.sink.path).toBe(join(data, 'tumbling_aggregates'))
    expect(tumbling!.offsets).toEqual([{ logOffset: FILES - 1 }])
    expect(tumbling!.watermarkMs).toBeGreaterThan(Date.parse('2026-11-24T10:00:00Z'))
    expect(tumbling!.restart.kind).toBe('resume')
  })

  it('prints a block per query in 80 columns', async () => {
    const r = await runCli(['status', '--checkpoints', cp])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`checkpoints ${cp}: 2 queries`)
    expect(r.stdout).toMatch(/^raw_events +stopped$/m)
    expect(r.stdout).toContain(`start batch ${FILES}: batch ${FILES - 1} is committed`)
    expect(r.stdout).toContain('source 0: logOffset=7')
    expectNarrow(r.stdout)
  })

  it('treats a root that is one checkpoint as one query and skips non-checkpoint folders', async () => {
    const one = await json<StatusJson>(['status', '--checkpoints', join(cp, 'tumbling'), '--json'])
    expect(one.queries.map((q) => q.name)).toEqual(['tumbling'])
    const parent = await json<StatusJson>(['status', '--checkpoints', root, '--json'])
    expect(parent.queries).toEqual([])
    expect(parent.skipped).toEqual(['checkpoints', 'data', 'input'])
  })

  it('shows a query that is running as running, with its lock owner', async () => {
    const live = join(root, 'live')
    const { child, closed, printed } = startCli(
      runAppArgs('passthrough', {
        input,
        data: join(live, 'data'),
        checkpoints: join(live, 'cp'),
        trigger: 'processing-time:100ms',
        maxFilesPerTrigger: 1,
      }),
    )
    try {
      await printed('batch 0')
      const s = await json<StatusJson>(['status', '--checkpoints', join(live, 'cp'), '--json'])
      expect(s.queries.map((q) => [q.name, q.running])).toEqual([['raw_events', true]])
      const r = await runCli(['checkpoint', 'inspect', join(live, 'cp', 'raw_events')])
      expect(r.code).toBe(0)
      expect(r.stdout).toContain(`held by a running query: pid ${child.pid} on`)
    } finally {
      child.kill('SIGTERM')
    }
    expect(await closed).toBe(0)
    const after = await json<StatusJson>(['status', '--checkpoints', join(live, 'cp'), '--json'])
    expect(after.queries[0]!.running).toBe(false)
  })

  it("shows the last entry of a query's progress log (progress.jsonl)", async () => {
    const logged = join(root, 'logged')
    const spark = SparkSession.builder()
      .config('spark.sql.session.timeZone', 'UTC')
      .getOrCreate()
      .newSession()
    spark.conf.set('streamlake.progressLog.enabled', 'true')
    const queries = await startSeedApp(spark, 'passthrough', {
      input,
      data: join(logged, 'data'),
      checkpoints: join(logged, 'cp'),
      trigger: { availableNow: true },
      maxFilesPerTrigger: 1,
    })
    for (const q of queries) await q.awaitTermination()
    const last = queries[0]!.lastProgress!
    expect(last.batchId).toBe(FILES - 1)
    const s = await json<{ queries: { lastProgress: Record<string, unknown> }[] }>([
      'status',
      '--checkpoints',
      join(logged, 'cp'),
      '--json',
    ])
    expect(s.queries[0]!.lastProgress).toMatchObject({
      batchId: FILES - 1,
      numInputRows: EVENTS_PER_FILE,
      runId: last.runId,
    })
    const text = await runCli(['status', '--checkpoints', join(logged, 'cp')])
    expect(text.stdout).toContain(
      `progress    batch ${FILES - 1} at ${last.timestamp}: ${EVENTS_PER_FILE} input rows`,
    )
    const inspect = await runCli(['checkpoint', 'inspect', join(logged, 'cp', 'raw_events')])
    expect(inspect.stdout).toContain(
      `last progress (progress.jsonl)\n  batch  ${FILES - 1} at ${last.timestamp}`,
    )
    expect(inspect.stdout).toContain(`sink   DeltaSink[${join(logged, 'data', 'events')}]`)
  })

  it('finds the progress log in --progress-dir for a query run with streamlake.progressLog.dir', async () => {
    const logged = join(root, 'logged-dir')
    const logs = join(logged, 'logs')
    const spark = SparkSession.builder()
      .config('spark.sql.session.timeZone', 'UTC')
      .getOrCreate()
      .newSession()
    spark.conf.set('streamlake.progressLog.dir', logs)
    const queries = await startSeedApp(spark, 'passthrough', {
      input,
      data: join(logged, 'data'),
      checkpoints: join(logged, 'cp'),
      trigger: { availableNow: true },
      maxFilesPerTrigger: 1,
    })
    for (const q of queries) await q.awaitTermination()
    const last = queries[0]!.lastProgress!
    const checkpoint = join(logged, 'cp', 'raw_events')
    const logFile = join(logs, 'raw_events.jsonl')
    await expect(fs.stat(join(checkpoint, 'progress.jsonl'))).rejects.toThrow()
    type Status = { progressDir: string | null; queries: Record<string, unknown>[] }
    // Without the flag only <checkpoint>/progress.jsonl is looked at: nothing there.
    const without = await json<Status>(['status', '--checkpoints', join(logged, 'cp'), '--json'])
    expect(without.progressDir).toBeNull()
    expect(without.queries[0]).toMatchObject({ lastProgress: null, progressLog: null })
    const withoutText = await runCli(['status', '--checkpoints', join(logged, 'cp')])
    expect(withoutText.stdout).toContain(
      'progress    none recorded (no progress.jsonl; see --progress-dir)',
    )
    // With it, the file named after the query (progressLogPath) is found.
    const found = await json<Status>([
      'status',
      '--checkpoints',
      join(logged, 'cp'),
      '--progress-dir',
      logs,
      '--json',
    ])
    expect(found.progressDir).toBe(logs)
    expect(found.queries[0]).toMatchObject({
      progressLog: logFile,
      lastProgress: { batchId: FILES - 1, numInputRows: EVENTS_PER_FILE, runId: last.runId },
    })
    const text = await runCli([
      'status',
      '--checkpoints',
      join(logged, 'cp'),
      '--progress-dir',
      logs,
    ])
    expect(text.code).toBe(0)
    expect(text.stdout).toContain(
      `progress    batch ${FILES - 1} at ${last.timestamp}: ${EVENTS_PER_FILE} input rows`,
    )
    expect(text.stdout).toMatch(/^ {2}log {9}\S*raw_events\.jsonl$/m)
    expectNarrow(text.stdout)
    const inspect = await runCli(['checkpoint', 'inspect', checkpoint, '--progress-dir', logs])
    expect(inspect.code).toBe(0)
    expect(inspect.stdout.replace(/\s+/g, ' ')).toContain(
      `last progress (${logFile}) batch ${FILES - 1} at ${last.timestamp}`,
    )
    expect(
      (
        await json<{ lastProgress: { runId: string } }>([
          'checkpoint',
          'inspect',
          checkpoint,
          '--progress-dir',
          logs,
          '--json',
        ])
      ).lastProgress.runId,
    ).toBe(last.runId)
    // A checkpoint folder not named after the query: the log is still found by the query id
    // of its entries.
    const renamed = join(logged, 'moved', 'events_copy')
    await fs.cp(checkpoint, renamed, { recursive: true })
    const moved = await json<Status>([
      'status',
      '--checkpoints',
      renamed,
      '--progress-dir',
      logs,
      '--json',
    ])
    expect(moved.queries[0]).toMatchObject({ name: 'events_copy', progressLog: logFile })
  })

  it('exits 2 naming --progress-dir when its folder is missing or a file', async () => {
    const missing = join(root, 'no-logs')
    const r = await runCli(['status', '--checkpoints', cp, '--progress-dir', missing])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain(
      `error [SL_CLI_PATH_NOT_FOUND]: The progress log directory (--progress-dir) ${missing} does not exist.`,
    )
    const file = join(input, 'batch_000000.json')
    const i = await runCli(['checkpoint', 'inspect', join(cp, 'tumbling'), '--progress-dir', file])
    expect(i.code).toBe(2)
    expect(i.stderr).toContain(
      `error [SL_CLI_NOT_A_DIRECTORY]: The progress log directory (--progress-dir) ${file} is a file, not a directory.`,
    )
  })

  it('exits 2 naming the path for a missing root or a file', async () => {
    const missing = await runCli(['status', '--checkpoints', join(root, 'nope')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain(
      `error [SL_CLI_PATH_NOT_FOUND]: The checkpoint root ${join(root, 'nope')} does not exist.`,
    )
    const file = await runCli(['status', '--checkpoints', join(input, 'batch_000000.json')])
    expect(file.code).toBe(2)
    expect(file.stderr).toContain(
      `error [SL_CLI_NOT_A_DIRECTORY]: The checkpoint root ${join(input, 'batch_000000.json')} is a file, not a directory.`,
    )
  })
})

interface InspectJson {
  path: string
  queryId: string
  sources: { format: string; path: string }[]
  sink: { format: string; path: string }
  batches: {
    batchId: number
    batchWatermarkMs: number
    batchTimestampMs: number
    conf: Record<string, string>
    offsets: { logOffset: number }[]
    committed: boolean
    nextBatchWatermarkMs: number | null
  }[]
  state: {
    operatorId: number
    operator: string
    stateFormatVersion: number
    provider: string
    latestVersion: number
    files: { version: number; kind: string; bytes: number; puts: number; removes: number }[]
    totalBytes: number
  }[]
  sourceLogs: { index: number; entries: number; filesSeen: number; lastFile: string }[]
  restart: { kind: string; batchId?: number; nextBatchId?: number; endOffsets?: unknown[] }
}

describe('streamlake checkpoint inspect', () => {
  it('reports metadata, both logs, state versions and source logs as JSON', async () => {
    const dir = join(cp, 'tumbling')
    const r = await json<InspectJson>(['checkpoint', 'inspect', dir, '--json'])
    expect(r.queryId).toBe(await queryId(dir))
    expect(r.sources).toMatchObject([{ format: 'json', path: input }])
    const offsetFiles = (await fs.readdir(join(dir, 'offsets'))).map(Number).sort((a, b) => a - b)
    expect(r.batches.map((b) => b.batchId)).toEqual(offsetFiles)
    expect(r.batches.every((b) => b.committed)).toBe(true)
    expect(r.batches.slice(0, FILES).map((b) => b.offsets)).toEqual(
      Array.from({ length: FILES }, (_, i) => [{ logOffset: i }]),
    )
    expect(r.batches[0]!.batchWatermarkMs).toBe(0)
    expect(r.batches[0]!.conf['spark.sql.session.timeZone']).toBe('UTC')
    // The watermark only moves forward, and each commit carries the next batch's watermark.
    for (let i = 1; i < r.batches.length; i++) {
      expect(r.batches[i]!.batchWatermarkMs).toBeGreaterThanOrEqual(
        r.batches[i - 1]!.batchWatermarkMs,
      )
      expect(r.batches[i]!.batchWatermarkMs).toBe(r.batches[i - 1]!.nextBatchWatermarkMs)
    }
    const [op] = r.state
    expect(r.state).toHaveLength(1)
    const format = JSON.parse(
      await fs.readFile(join(dir, 'state', '0', '_metadata', 'format.json'), 'utf8'),
    ) as { stateFormatVersion: number }
    expect(op).toMatchObject({
      operatorId: 0,
      stateFormatVersion: format.stateFormatVersion,
      provider: 'file',
    })
    expect(op!.operator).toBe('stateStoreSave')
    const stateFiles = (await fs.readdir(join(dir, 'state', '0'))).filter((n) => /^\d+\./.test(n))
    expect(op!.files.map((f) => `${f.version}.${f.kind}`).sort()).toEqual(stateFiles.sort())
    // State version v is the state after batch v-1.
    expect(op!.latestVersion).toBe(offsetFiles.at(-1)! + 1)
    const sizes = await Promise.all(
      stateFiles.map(async (n) => (await fs.stat(join(dir, 'state', '0', n))).size),
    )
    expect(op!.totalBytes).toBe(sizes.reduce((a, b) => a + b, 0))
    expect(op!.files.reduce((n, f) => n + f.puts, 0)).toBeGreaterThan(0)
    expect(r.sourceLogs).toEqual([
      expect.objectContaining({
        index: 0,
        entries: FILES,
        filesSeen: FILES,
        lastFile: join(input, `batch_00000${FILES - 1}.json`),
      }),
    ])
    expect(r.restart).toMatchObject({ kind: 'resume', nextBatchId: offsetFiles.at(-1)! + 1 })
  })

  it('prints readable sections in 80 columns', async () => {
    const r = await runCli(['checkpoint', 'inspect', join(cp, 'tumbling'), '--batches', '3'])
    expect(r.code).toBe(0)
    for (const section of ['batches (', 'restart', 'state (1 operator)', 'source logs', 'last'])
      expect(r.stdout).toContain(`\n${section}`)
    expect(r.stdout).toMatch(/stateStoreSave, state format v\d+, provider file/)
    expect(r.stdout).toMatch(/… \d+ older entries/)
    expect(r.stdout).toContain(`${FILES} log entries, ${FILES} files seen`)
    expectNarrow(r.stdout)
  })

  it('exits 2 for a missing directory, a file, and a directory that is not a checkpoint', async () => {
    const missing = await runCli(['checkpoint', 'inspect', join(cp, 'nope')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain(
      `error [SL_CLI_PATH_NOT_FOUND]: The checkpoint directory ${join(cp, 'nope')} does not exist.`,
    )
    const file = join(cp, 'raw_events', 'metadata')
    const notDir = await runCli(['checkpoint', 'inspect', file])
    expect(notDir.code).toBe(2)
    expect(notDir.stderr).toContain(
      `error [SL_CLI_NOT_A_DIRECTORY]: The checkpoint directory ${file} is a file`,
    )
    const notCheckpoint = await runCli(['checkpoint', 'inspect', input])
    expect(notCheckpoint.code).toBe(2)
    expect(notCheckpoint.stderr).toContain(
      `error [SL_CLI_NOT_A_CHECKPOINT]: The directory ${input} is not a query checkpoint: it has no metadata file (found: batch_000000.json`,
    )
  })

  it('names the file and line of a corrupt offsets entry, and status shows it in place', async () => {
    const copy = join(root, 'corrupt', 'tumbling')
    await fs.cp(join(cp, 'tumbling'), copy, { recursive: true })
    await fs.cp(join(cp, 'raw_events'), join(root, 'corrupt', 'raw_events'), { recursive: true })
    const entry = join(copy, 'offsets', '2')
    const lines = (await fs.readFile(entry, 'utf8')).split('\n')
    lines[2] = '{"logOffset":2'
    await fs.writeFile(entry, lines.join('\n'))
    const r = await runCli(['checkpoint', 'inspect', copy])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(
      `error [SL_STATE_CHECKPOINT_CORRUPT]: The checkpoint file ${entry} is corrupt: line 3: a source offset is not valid JSON: "{\\"logOffset\\":2"`,
    )
    expect(r.stderr).toContain(`(path: ${entry}, line: 3)`)
    const s = await runCli(['status', '--checkpoints', join(root, 'corrupt')])
    expect(s.code).toBe(2)
    expect(s.stdout).toMatch(/^raw_events +stopped$/m)
    expect(s.stdout).toMatch(/^tumbling {2}unreadable$/m)
    expect(s.stdout).toContain('error [SL_STATE_CHECKPOINT_CORRUPT]')
  })

  it('predicts a re-run of an uncommitted batch, and the engine then re-runs exactly it', async () => {
    const dir = join(cp, 'raw_events')
    const last = FILES - 1
    await fs.rm(join(dir, 'commits', String(last)))
    const r = await json<InspectJson>(['checkpoint', 'inspect', dir, '--json'])
    expect(r.batches.at(-1)).toMatchObject({ batchId: last, committed: false })
    const { summary, ...restart } = r.restart as InspectJson['restart'] & { summary: string }
    expect(restart).toEqual({
      kind: 'rerun',
      batchId: last,
      watermarkMs: 0,
      endOffsets: [{ logOffset: last }],
    })
    expect(summary).toContain(`re-run batch ${last} with its logged offsets`)
    const text = await runCli(['checkpoint', 'inspect', dir])
    expect(text.stdout).toContain(`re-run batch ${last} with its logged offsets`)
    const run = await runCli(runAppArgs('passthrough', { input, data, checkpoints: cp }))
    expect(run.code).toBe(0)
    // Exactly one batch: the logged one, with the same 20 rows, and nothing after it.
    expect(run.stdout).toMatch(
      new RegExp(`^\\[raw_events\\] batch ${last}: ${EVENTS_PER_FILE} rows in \\d+ ms\\n$`),
    )
    // The re-run was a no-op in the table (its txn was already there): still one row per event.
    const rows = await runCli(['table', 'show', join(data, 'events'), '--json'])
    expect(rows.stdout.trim().split('\n')).toHaveLength(FILES * EVENTS_PER_FILE)
  })
})

interface DescribeJson {
  path: string
  version: number
  schema: { fields: { name: string; nullable: boolean; dataType: { type: string } }[] }
  partitionColumns: string[]
  protocol: { minReaderVersion: number; minWriterVersion: number }
  properties: Record<string, string>
  numFiles: number
  sizeInBytes: number
  numRecords: number
  txns: { appId: string; version: number }[]
  lastCommit: { operation: string }
}

describe('streamlake table describe / history', () => {
  it('describes schema, protocol, files and the streaming writer of a real table', async () => {
    const table = join(data, 'events')
    const d = await json<DescribeJson>(['table', 'describe', table, '--json'])
    const log = (await fs.readdir(join(table, '_delta_log'))).filter((n) => n.endsWith('.json'))
    expect(d.version).toBe(log.length - 1)
    // The schema as the log's first metaData action holds it (Spark's file source makes every
    // column nullable, so event_id's NOT NULL does not reach the table).
    const first = (await fs.readFile(join(table, '_delta_log', log.sort()[0]!), 'utf8'))
      .split('\n')
      .filter((l) => l.includes('"metaData"'))
      .map((l) => JSON.parse(l) as { metaData: { schemaString: string } })[0]!
    const logged = JSON.parse(first.metaData.schemaString) as DescribeJson['schema']
    expect(d.schema.fields.map((f) => [f.name, f.nullable])).toEqual(
      logged.fields.map((f) => [f.name, f.nullable]),
    )
    expect(d.schema.fields.map((f) => f.name)).toEqual([
      'event_id',
      'timestamp',
      'user_id',
      'event_type',
      'value',
      'session_id',
    ])
    expect(d.partitionColumns).toEqual([])
    expect(d.protocol).toEqual({ minReaderVersion: 1, minWriterVersion: 2 })
    const parquet = (await fs.readdir(table)).filter((n) => n.endsWith('.parquet'))
    expect(d.numFiles).toBe(parquet.length)
    const sizes = await Promise.all(parquet.map(async (n) => (await fs.stat(join(table, n))).size))
    expect(d.sizeInBytes).toBe(sizes.reduce((a, b) => a + b, 0))
    expect(d.numRecords).toBe(FILES * EVENTS_PER_FILE)
    expect(d.txns).toEqual([{ appId: await queryId(join(cp, 'raw_events')), version: FILES - 1 }])
    expect(d.lastCommit.operation).toBe('STREAMING UPDATE')
  })

  it('prints the struct fields of the window column and the writers in 80 columns', async () => {
    const r = await runCli(['table', 'describe', join(data, 'tumbling_aggregates')])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(' |-- window: struct (nullable = true)\n |    |-- start: timestamp')
    expect(r.stdout).toContain(' |-- event_count: long')
    expect(r.stdout).toContain(await queryId(join(cp, 'tumbling')))
    expect(r.stdout).toMatch(/files +[1-9]\d* live, .*, [1-9]\d* rows/)
    expectNarrow(r.stdout)
  })

  it('history shows operation and txn (query id prefix @ batch) in 80 columns', async () => {
    const r = await runCli(['table', 'history', join(data, 'tumbling_aggregates')])
    expect(r.code).toBe(0)
    const id = (await queryId(join(cp, 'tumbling'))).slice(0, 8)
    expect(r.stdout).toMatch(
      new RegExp(`^ +0 +\\S+ \\S+ +STREAMING UPDATE +\\d+ +\\d+/0 +${id}…@0$`, 'm'),
    )
    expectNarrow(r.stdout)
  })

  it('exits 2 for a missing path, a file and a directory without _delta_log', async () => {
    const missing = await runCli(['table', 'describe', join(data, 'nope')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain(
      `error [SL_CLI_PATH_NOT_FOUND]: The Delta table directory ${join(data, 'nope')} does not exist.`,
    )
    const file = join(input, 'batch_000000.json')
    const notDir = await runCli(['table', 'describe', file])
    expect(notDir.code).toBe(2)
    expect(notDir.stderr).toContain(
      `error [SL_CLI_NOT_A_DIRECTORY]: The Delta table directory ${file}`,
    )
    const notDelta = await runCli(['table', 'describe', input])
    expect(notDelta.code).toBe(2)
    expect(notDelta.stderr).toContain(
      `error [SL_SOURCE_TABLE_NOT_FOUND]: There is no Delta table at ${input}`,
    )
  })
})

describe('--help', () => {
  it.each([
    'status',
    'checkpoint inspect',
    'table describe',
    'table history',
    'table show',
    'run',
    'generate',
    'demo',
    'bench',
  ])('%s has usage and examples, in 80 columns', async (name) => {
    const command = name.split(' ')
    const r = await runCli([...command, '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`Usage: streamlake ${command.join(' ')}`)
    expect(r.stdout).toMatch(new RegExp(`Examples:\\n {2}\\$ streamlake ${command.join(' ')}`))
    expectNarrow(r.stdout)
  })
})

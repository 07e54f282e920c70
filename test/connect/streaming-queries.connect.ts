/**
 * Streaming queries on the Spark Connect server (#15 item 3): the StreamingQuery handle
 * (id, runId, name, status, progress, processAllAvailable, awaitTermination, stop, exception),
 * `spark.streams` (active, get, refresh, awaitAnyTermination, resetTerminated) scoped to the
 * server session, and Spark's listener events delivered to the session's listener bus (and from
 * it to the progress log and `streamlake status`). Expected values come from Spark's own event JSON and the input files.
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { SparkSession } from '../../src/api/session.js'
import { col } from '../../src/api/functions.js'
import { EngineError } from '../../src/errors/index.js'
import type {
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
} from '../../src/monitor/events.js'
import { readProgressLog } from '../../src/monitor/progress-log.js'
import { runCli } from '../support/run-cli.js'
import { tempDir } from '../support/temp-dir.js'

let root: string
let url: string
let spark: SparkSession
const started: QueryStartedEvent[] = []
const progress: QueryProgressEvent[] = []
const terminated: QueryTerminatedEvent[] = []

beforeAll(async () => {
  root = await tempDir('streamlake-connect-queries-')
  // A fixed server session, so a second client can join it.
  url = `${inject('sparkConnectUrl')}/;user_id=streamlake-test;session_id=${randomUUID()}`
  spark = SparkSession.builder()
    .remote(url)
    .config('spark.sql.session.timeZone', 'UTC')
    .config('streamlake.progressLog.dir', join(root, 'progress'))
    .getOrCreate()
  spark.streams.addListener({
    onQueryStarted: (e) => void started.push(e),
    onQueryProgress: (e) => void progress.push(e),
    onQueryTerminated: (e) => void terminated.push(e),
  })
})

afterAll(async () => {
  await spark.stop()
})

const REPO = fileURLToPath(new URL('../..', import.meta.url))
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

async function writeInput(dir: string, file: string, rows: readonly object[]): Promise<void> {
  await fs.mkdir(dir, { recursive: true })
  const tmp = join(dir, `.${file}.tmp`)
  await fs.writeFile(tmp, rows.map((r) => JSON.stringify(r)).join('\n') + '\n')
  await fs.rename(tmp, join(dir, file))
}

describe('a remote streaming query', () => {
  it('has the StreamingQuery interface, with Spark progress and listener events', async () => {
    const input = join(root, 'in')
    await writeInput(input, 'a.json', [
      { k: 'a', v: 1 },
      { k: 'b', v: 2 },
      { k: 'c', v: 3 },
    ])
    const q = await spark.readStream
      .format('json')
      .schema('k STRING, v INT')
      .load(input)
      .writeStream.format('delta')
      .queryName('remote_interface')
      .option('checkpointLocation', join(root, 'cp'))
      .trigger({ processingTime: '1 second' })
      .start(join(root, 'out'))

    expect(q.id).toMatch(UUID)
    expect(q.runId).toMatch(UUID)
    expect(q.name).toBe('remote_interface')
    expect(q.isActive).toBe(true)
    // The started event comes from the server's WriteStreamOperationStartResult.
    expect(started).toContainEqual(
      expect.objectContaining({ id: q.id, runId: q.runId, name: 'remote_interface' }),
    )
    expect(spark.streams.active).toContain(q)
    expect(spark.streams.get(q.id)).toBe(q)

    await q.processAllAvailable()
    const first = q.recentProgress.filter((p) => p.numInputRows > 0)
    expect(first.map((p) => p.numInputRows)).toEqual([3])
    const p0 = first[0]!
    expect(p0).toMatchObject({ id: q.id, runId: q.runId, name: 'remote_interface' })
    // Filled from sources[] as PySpark does; Spark's own listener JSON carries the JVM's values
    // (its sources[] rates are rounded to one decimal, so the sums agree to that).
    await vi.waitFor(() => expect(progress.map((e) => e.progress.batchId)).toContain(p0.batchId), {
      timeout: 30_000,
    })
    const event = progress.find((e) => e.progress.batchId === p0.batchId)!.progress
    expect(p0.numInputRows).toBe(event.numInputRows)
    expect(p0.inputRowsPerSecond).toBeCloseTo(event.inputRowsPerSecond ?? NaN, 1)
    expect(p0.processedRowsPerSecond).toBeCloseTo(event.processedRowsPerSecond ?? NaN, 1)
    expect(p0.sink.description).toBe(`DeltaSink[${join(root, 'out')}]`)

    await writeInput(input, 'b.json', [
      { k: 'd', v: 4 },
      { k: 'e', v: 5 },
    ])
    await q.processAllAvailable()
    expect(q.lastProgress?.numInputRows).toBe(2)
    expect(q.status).toEqual({
      message: expect.any(String) as string,
      isDataAvailable: expect.any(Boolean) as boolean,
      isTriggerActive: expect.any(Boolean) as boolean,
    })
    expect(await q.awaitTermination(200)).toBe(false)

    // The server session holds the query: a second client in the same session finds it (and
    // can stop it), a client in another session does not.
    const other = SparkSession.builder()
      .remote(`${inject('sparkConnectUrl')}/;user_id=streamlake-test;session_id=${randomUUID()}`)
      .getOrCreate()
    expect(await other.streams.refresh()).toEqual([])
    await other.stop()
    const same = spark.newSession()
    const found = await same.streams.refresh()
    expect(found.map((x) => [x.id, x.runId, x.name])).toEqual([[q.id, q.runId, q.name]])
    expect(same.streams.get(q.id)).toBe(found[0])
    await found[0]!.stop()
    await same.stop()

    expect(await q.awaitTermination(60_000)).toBe(true)
    expect(q.isActive).toBe(false)
    expect(q.exception()).toBeNull()
    await vi.waitFor(() => expect(spark.streams.active).not.toContain(q), { timeout: 30_000 })
    await vi.waitFor(
      () =>
        expect(terminated).toContainEqual({
          id: q.id,
          runId: q.runId,
          exception: null,
          errorClassOnException: null,
        }),
      { timeout: 30_000 },
    )
    expect(await spark.streams.awaitAnyTermination(5_000)).toBe(true)
    await spark.streams.resetTerminated()
    expect(await spark.streams.awaitAnyTermination(200)).toBe(false)

    // The progress log (streamlake.progressLog.dir) got every batch the listener bus delivered.
    const logged = await readProgressLog(join(root, 'progress', 'remote_interface.jsonl'))
    const withData = logged.filter((p) => p.runId === q.runId && p.numInputRows > 0)
    expect(withData.map((p) => p.numInputRows)).toEqual([3, 2])
    // `streamlake status` reads Spark's checkpoint and the client-side progress log.
    const status = await runCli([
      'status',
      ...['--checkpoints', join(root, 'cp'), '--progress-dir', join(root, 'progress'), '--json'],
    ])
    expect(status.code, status.stderr).toBe(0)
    const report = JSON.parse(status.stdout) as {
      queries: { queryId: string; lastCommittedBatchId: number; lastProgress: { runId: string } }[]
    }
    expect(report.queries).toEqual([
      expect.objectContaining({
        queryId: q.id,
        lastCommittedBatchId: logged.at(-1)!.batchId,
        lastProgress: expect.objectContaining({ runId: q.runId }) as unknown,
      }),
    ])
    // The Delta table has each input row once.
    const rows = await spark.read.format('delta').load(join(root, 'out')).collectRows()
    expect(rows.rows.map((r) => r[1]).sort()).toEqual([1, 2, 3, 4, 5])
  })

  it("reports Spark's failure as a typed error naming the query", async () => {
    const input = join(root, 'bad-in')
    await writeInput(input, 'a.json', [{ s: 'not a number' }])
    const q = await spark.readStream
      .format('json')
      .schema('s STRING')
      .load(input)
      .withColumn('n', col('s').cast('int'))
      .writeStream.format('delta')
      .queryName('remote_failing')
      .option('checkpointLocation', join(root, 'bad-cp'))
      .trigger({ availableNow: true })
      .start(join(root, 'bad-out'))
    // Spark 4 runs with ANSI casts: 'not a number' to INT fails the batch.
    const error = await q.awaitTermination().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(EngineError)
    expect(error).toMatchObject({ code: 'SL_CONNECT_QUERY_FAILED', queryId: q.id })
    expect((error as Error).message).toContain('remote_failing')
    expect((error as Error).message).toContain('CAST_INVALID_INPUT')
    expect(q.exception()).toMatchObject({ code: 'SL_CONNECT_QUERY_FAILED' })
    expect(q.isActive).toBe(false)
    await vi.waitFor(
      () => {
        const t = terminated.find((e) => e.id === q.id)
        expect(t?.exception).toContain('CAST_INVALID_INPUT')
      },
      { timeout: 30_000 },
    )
    await expect(spark.streams.awaitAnyTermination(5_000)).rejects.toMatchObject({
      code: 'SL_CONNECT_QUERY_FAILED',
    })
    await spark.streams.resetTerminated()
    // Nothing was committed to the table.
    await expect(
      fs.stat(join(root, 'bad-out', '_delta_log', '00000000000000000000.json')),
    ).rejects.toThrow()
  })

  it('lets a script end when its queries do, without spark.stop()', async () => {
    // The listener-bus stream is closed once no query of the session runs: an open gRPC stream
    // would keep the process alive (the built package in a child, as a user's script runs it).
    const input = join(root, 'exit-in')
    await writeInput(input, 'a.json', [{ v: 1 }])
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { SparkSession } from ${JSON.stringify(join(REPO, 'dist', 'index.js'))}
const spark = SparkSession.builder().remote(process.env.URL).getOrCreate()
spark.streams.addListener({ onQueryTerminated: () => console.log('terminated event') })
const q = await spark.readStream.format('json').schema('v INT').load(process.env.IN)
  .writeStream.format('parquet').option('checkpointLocation', process.env.CP)
  .trigger({ availableNow: true }).start(process.env.OUT)
console.log('ended', await q.awaitTermination())`,
      ],
      {
        env: {
          ...process.env,
          URL: inject('sparkConnectUrl'),
          IN: input,
          CP: join(root, 'exit-cp'),
          OUT: join(root, 'exit-out'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let out = ''
    child.stdout.on('data', (d: Buffer) => void (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => void (out += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000)
    const code = await new Promise<number | null>((r) => child.once('exit', r))
    clearTimeout(timer)
    expect(code, out).toBe(0)
    expect(out).toContain('ended true')
    expect(out).toContain('terminated event')
  })

  it('knows no query by an id the server does not know', async () => {
    await spark.streams.refresh()
    expect(spark.streams.get(randomUUID())).toBeUndefined()
  })
})

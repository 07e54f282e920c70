/**
 * Faults of remote queries (#15 "Done when: Faults"), each against a real Spark Connect server,
 * each a typed error, no table damaged: the server not running, a wrong or missing token, the
 * server killed mid-query and restarted (the query resumes from its checkpoint, each row once),
 * a stale handle and an unknown query id, and a client process killed while its query runs (a new
 * client of the same server session finds the query and stops it).
 *
 * The kill and token cases use their own server (port STREAMLAKE_CONNECT_PORT + 1, started here
 * with SPARK_CONNECT_AUTHENTICATE_TOKEN, which Spark 4.2's Connect server requires as a bearer
 * token) so killing it never disturbs the suite's shared server.
 */
import { execFile, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { SparkSession } from '../../src/api/session.js'
import type { StreamingQuery } from '../../src/api/streaming-query.js'
import { EngineError } from '../../src/errors/index.js'
import { tempDir } from '../support/temp-dir.js'

const run = promisify(execFile)
const REPO = fileURLToPath(new URL('../..', import.meta.url))
const SCRIPT = join(REPO, 'scripts', 'spark-connect-server.sh')
const PORT = String(Number(process.env['STREAMLAKE_CONNECT_PORT'] ?? '15002') + 1)
const TOKEN = `t-${randomUUID()}`
const SERVER_ENV = {
  ...process.env,
  STREAMLAKE_CONNECT_PORT: PORT,
  SPARK_CONNECT_AUTHENTICATE_TOKEN: TOKEN,
  // Delta rebuilds a table's snapshot in 50 tasks by default: minutes on a busy 2-core box.
  JAVA_TOOL_OPTIONS: '-Dspark.databricks.delta.snapshotPartitions=2',
}
const base = `sc://127.0.0.1:${PORT}`

let root: string

async function server(command: 'start' | 'stop'): Promise<void> {
  await run(SCRIPT, [command], { env: SERVER_ENV, timeout: 300_000 })
}

async function killServer(): Promise<void> {
  const pid = Number(
    await fs.readFile(join(REPO, '.cache', 'spark-connect', `server-${PORT}.pid`), 'utf8'),
  )
  process.kill(pid, 'SIGKILL')
  await vi.waitFor(() => expect(() => process.kill(pid, 0)).toThrow(), { timeout: 30_000 })
}

async function writeInput(dir: string, file: string, values: readonly number[]): Promise<void> {
  await fs.mkdir(dir, { recursive: true })
  const tmp = join(dir, `.${file}.tmp`)
  await fs.writeFile(tmp, values.map((v) => JSON.stringify({ v })).join('\n') + '\n')
  await fs.rename(tmp, join(dir, file))
}

function session(url: string): SparkSession {
  return SparkSession.builder()
    .remote(url)
    .config('spark.sql.session.timeZone', 'UTC')
    .getOrCreate()
    .newSession()
}

function startQuery(spark: SparkSession, name: string): Promise<StreamingQuery> {
  return spark.readStream
    .format('json')
    .schema('v INT')
    .load(join(root, name, 'in'))
    .writeStream.format('delta')
    .queryName(name)
    .option('checkpointLocation', join(root, name, 'cp'))
    .trigger({ processingTime: '1 second' })
    .start(join(root, name, 'out'))
}

async function tableValues(name: string): Promise<number[]> {
  const embedded = SparkSession.builder().getOrCreate()
  const { rows } = await embedded.read
    .format('delta')
    .load(join(root, name, 'out'))
    .collectRows()
  return rows.map((r) => r[0] as number).sort((a, b) => a - b)
}

async function rejection(p: Promise<unknown>): Promise<EngineError> {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error,
  )
  expect(e).toBeInstanceOf(EngineError)
  return e as EngineError
}

beforeAll(async () => {
  root = await tempDir('streamlake-connect-faults-')
  await server('start')
})

afterAll(async () => {
  await server('stop')
})

describe('Spark Connect faults', () => {
  it('a server that is not running: names the URL and how to start one', async () => {
    // The token server's port + 1 has no server (both ports are this suite's own).
    const url = `sc://127.0.0.1:${Number(PORT) + 1}`
    const spark = session(url)
    const e = await rejection(spark.read.format('json').schema('v INT').load(root).count())
    expect(e.code).toBe('SL_CONNECT_UNAVAILABLE')
    expect(e.message).toContain(url)
    expect(e.message).toContain('scripts/spark-connect-server.sh start')
    const s = await rejection(startQuery(spark, 'never'))
    expect(s.code).toBe('SL_CONNECT_UNAVAILABLE')
  })

  it('a wrong or missing token is refused as such', async () => {
    for (const url of [`${base}/;token=wrong`, base]) {
      const e = await rejection(session(url).read.format('json').schema('v INT').load(root).count())
      expect(e.code).toBe('SL_CONNECT_AUTHENTICATION_FAILED')
      expect(e.message).toContain('127.0.0.1')
      expect(e.message).not.toContain(TOKEN)
    }
  })

  it('the server killed mid-query: a clear error, and the restarted query writes each row once', async () => {
    const warnings: string[] = []
    const onWarning = (w: Error): void => void warnings.push(w.message)
    process.on('warning', onWarning)
    try {
      const url = `${base}/;token=${TOKEN}`
      const spark = session(url)
      await writeInput(join(root, 'killed', 'in'), 'a.json', [1, 2, 3])
      const q = await startQuery(spark, 'killed')
      await q.processAllAvailable()
      expect(q.lastProgress?.numInputRows).toBe(3)
      // New data, and the server dies while (or just before) the batch runs.
      await writeInput(join(root, 'killed', 'in'), 'b.json', [4, 5])
      const waiting = rejection(q.awaitTermination())
      await new Promise((r) => setTimeout(r, 1500))
      await killServer()

      const lost = await waiting
      expect(lost.code).toBe('SL_CONNECT_QUERY_LOST')
      expect(lost.message).toContain('killed')
      expect(lost.message).toContain(`127.0.0.1:${PORT}`)
      expect(lost.message).toContain('checkpointLocation')
      expect(q.isActive).toBe(false)
      expect(q.exception()).toBe(lost)
      expect(q.lastProgress?.numInputRows).toBeGreaterThan(0)
      await vi.waitFor(
        () => expect(warnings.join('\n')).toContain('events of remote streaming queries stopped'),
        { timeout: 30_000 },
      )

      await server('start')
      // The old handle's run is unknown to the new server process.
      const stale = await rejection(q.stop())
      expect(stale.code).toBe('SL_CONNECT_QUERY_NOT_FOUND')
      expect(stale.message).toContain(q.id)
      const again = session(url)
      const resumed = await startQuery(again, 'killed')
      expect(resumed.id).toBe(q.id)
      await resumed.processAllAvailable()
      await resumed.stop()
      await again.stop()
      await spark.stop().catch(() => undefined)
      expect(await tableValues('killed')).toEqual([1, 2, 3, 4, 5])
    } finally {
      process.off('warning', onWarning)
    }
  }, 420_000)

  it('an unknown query id: get gives undefined', async () => {
    const spark = session(inject('sparkConnectUrl'))
    await spark.streams.refresh()
    expect(spark.streams.get(randomUUID())).toBeUndefined()
    await spark.stop()
  })

  it('a client killed while its query runs: a new client of the same session stops it', async () => {
    const url = `${base}/;token=${TOKEN};user_id=faults;session_id=${randomUUID()}`
    await writeInput(join(root, 'orphan', 'in'), 'a.json', [1, 2, 3])
    // The child starts the query through the built package and reports its id, then waits.
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { SparkSession } from ${JSON.stringify(join(REPO, 'dist', 'index.js'))}
const spark = SparkSession.builder().remote(process.env.URL).getOrCreate()
const q = await spark.readStream.format('json').schema('v INT').load(process.env.IN)
  .writeStream.format('delta').queryName('orphan').option('checkpointLocation', process.env.CP)
  .trigger({ processingTime: '1 second' }).start(process.env.OUT)
await q.processAllAvailable()
console.log(q.id)
setInterval(() => {}, 1000)`,
      ],
      {
        env: {
          ...process.env,
          URL: url,
          IN: join(root, 'orphan', 'in'),
          CP: join(root, 'orphan', 'cp'),
          OUT: join(root, 'orphan', 'out'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()))
    const id = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => resolve(d.toString().trim()))
      child.on('exit', (code) => reject(new Error(`child exited ${code}: ${stderr}`)))
    })
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))

    const spark = session(url)
    const found = await spark.streams.refresh()
    expect(found.map((q) => [q.id, q.name])).toEqual([[id, 'orphan']])
    const q = spark.streams.get(id)!
    await q.stop()
    expect(q.isActive).toBe(false)
    expect(await spark.streams.refresh()).toEqual([])
    await spark.stop()
    expect(await tableValues('orphan')).toEqual([1, 2, 3])
  })
})

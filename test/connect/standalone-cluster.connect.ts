/**
 * A seed app on a real multi-process Spark cluster: scripts/spark-standalone-cluster.sh starts a
 * standalone master, one worker and a Spark Connect server whose master is that cluster, so the
 * tasks run in an executor JVM the worker launched. The tumbling app's table must equal the
 * embedded run's on the same input, and the worker must show the executor that did the work.
 *
 * Its own ports (17070-17099, UIs 18080-18099) keep it clear of the suite's local server.
 */
import { execFile } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SparkSession } from '../../src/api/session.js'
import type { SeedAppOptions } from '../../src/apps/seed-app-options.js'
import { startTumbling } from '../../src/apps/windowed-apps.js'
import { generateEvents } from '../../src/generator/generate-events.js'
import { tempDir } from '../support/temp-dir.js'
import { tableRows } from './support/table-rows.js'

const run = promisify(execFile)
const REPO = fileURLToPath(new URL('../..', import.meta.url))
const SCRIPT = join(REPO, 'scripts', 'spark-standalone-cluster.sh')
const PORTS = {
  STREAMLAKE_SPARK_MASTER_PORT: '17077',
  STREAMLAKE_SPARK_MASTER_UI_PORT: '18080',
  STREAMLAKE_SPARK_WORKER_PORT: '17078',
  STREAMLAKE_SPARK_WORKER_UI_PORT: '18081',
  STREAMLAKE_CONNECT_PORT: '17071',
}
const env = { ...process.env, ...PORTS }

let url: string
let wasRunning: boolean
let root: string

beforeAll(async () => {
  wasRunning = await run(SCRIPT, ['status'], { env }).then(
    () => true,
    () => false,
  )
  const { stdout } = await run(SCRIPT, ['start'], { env, timeout: 600_000 }).catch((e: unknown) => {
    throw new Error(
      `the standalone cluster did not start:\n${(e as { stderr?: string }).stderr ?? String(e)}`,
    )
  })
  url = stdout.trim().split('\n').at(-1)!
  root = await tempDir('streamlake-cluster-')
  await generateEvents({
    out: join(root, 'input'),
    batches: 3,
    intervalMs: 10 * 60_000,
    eventsPerBatch: 200,
    seed: 17,
    startTime: '2026-11-24T10:00:00Z',
  })
}, 660_000)

afterAll(async () => {
  if (!wasRunning) await run(SCRIPT, ['stop'], { env, timeout: 120_000 })
}, 180_000)

interface WorkerJson {
  executors: { id: number; appid: string }[]
  finishedexecutors: { id: number; appid: string }[]
}
interface MasterJson {
  activeapps: { id: string; name: string }[]
  completedapps: { id: string; name: string }[]
}
const getJson = async <T>(port: string): Promise<T> =>
  (await (await fetch(`http://127.0.0.1:${port}/json/`)).json()) as T

describe('a seed app on a standalone master + worker through Spark Connect', () => {
  it('tumbling writes the embedded run’s table, and the tasks ran in the worker’s executor', async () => {
    const options = (engine: string): SeedAppOptions => ({
      input: join(root, 'input'),
      data: join(root, engine, 'data'),
      checkpoints: join(root, engine, 'checkpoints'),
      trigger: { availableNow: true },
    })
    const embedded = SparkSession.builder()
      .config('spark.sql.session.timeZone', 'UTC')
      .getOrCreate()
    await (await startTumbling(embedded, options('embedded'))).awaitTermination()
    const remote = SparkSession.builder()
      .remote(url)
      .config('spark.sql.session.timeZone', 'UTC')
      .getOrCreate()
    const query = await startTumbling(remote, options('cluster'))
    expect(await query.awaitTermination(300_000)).toBe(true)
    expect(query.exception()).toBeNull()

    const ours = await tableRows(join(root, 'embedded', 'data', 'tumbling_aggregates'))
    expect(ours.length).toBeGreaterThan(0)
    expect(await tableRows(join(root, 'cluster', 'data', 'tumbling_aggregates'))).toEqual(ours)

    // The Connect server is an application of the master, with an executor on the worker…
    const master = await getJson<MasterJson>(PORTS.STREAMLAKE_SPARK_MASTER_UI_PORT)
    const app = master.activeapps.find((a) => a.name === 'streamlake Spark Connect')
    expect(app, JSON.stringify(master.activeapps)).toBeDefined()
    const worker = await getJson<WorkerJson>(PORTS.STREAMLAKE_SPARK_WORKER_UI_PORT)
    const executor = [...worker.executors, ...worker.finishedexecutors].find(
      (e) => e.appid === app!.id,
    )
    expect(executor, JSON.stringify(worker)).toBeDefined()
    // …which ran the query's tasks: Spark's executor log records each task it finished.
    const stderr = await fs.readFile(
      join(REPO, '.cache', 'spark-cluster', 'work', app!.id, String(executor!.id), 'stderr'),
      'utf8',
    )
    expect(stderr).toMatch(/Finished task \S+ in stage \S+ \(TID \d+\)/)
  })
})

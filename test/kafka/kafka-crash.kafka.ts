/**
 * Exactly once from Kafka into Delta under SIGKILL: a child process streams a 3-partition topic
 * into a Delta table (processingTime trigger, maxOffsetsPerTrigger) while this process keeps
 * producing; the child is killed at random instants (at least 20 times) and restarted on the
 * same checkpoint. After the producer finishes, a last availableNow run drains the topic. The
 * table must hold every produced record exactly once: each value once, each (partition, offset)
 * once, nothing else.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { DeltaLog, readSnapshotRows } from '../../src/delta/index.js'
import { tempDir } from '../support/temp-dir.js'
import { KafkaTestCluster, type TestRecord } from './support/topics.js'

const bootstrap = inject('kafkaBootstrap')
const DIST = new URL('../../dist/index.js', import.meta.url).href
const KILLS = 20
const PARTITIONS = 3
const MIN_CHUNKS = 20
const PER_CHUNK = 50

let cluster: KafkaTestCluster
beforeAll(() => {
  cluster = new KafkaTestCluster(bootstrap)
})
afterAll(async () => {
  await cluster.close()
})

/** The streaming query of the child: Kafka → Delta, until killed (or drained with availableNow). */
function childScript(topic: string, root: string, availableNow: boolean): string {
  return `
    import { SparkSession } from ${JSON.stringify(DIST)}
    const spark = SparkSession.builder().getOrCreate()
    const query = await spark.readStream.format('kafka')
      .option('kafka.bootstrap.servers', ${JSON.stringify(bootstrap)})
      .option('subscribe', ${JSON.stringify(topic)})
      .option('startingOffsets', 'earliest')
      .option('maxOffsetsPerTrigger', '120')
      .load()
      .writeStream.format('delta')
      .option('checkpointLocation', ${JSON.stringify(join(root, 'checkpoint'))})
      .trigger(${availableNow ? '{ availableNow: true }' : "{ processingTime: '50 milliseconds' }"})
      .start(${JSON.stringify(join(root, 'table'))})
    await query.awaitTermination()
    await spark.stop()
  `
}

/** The number of batches the checkpoint's commit log holds. */
async function commits(root: string): Promise<number> {
  const names = await fs.readdir(join(root, 'checkpoint', 'commits')).catch(() => [])
  return names.filter((n) => /^\d+$/.test(n)).length
}

function startChild(script: string): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== null && code !== 0) process.stderr.write(`child exited ${code}: ${stderr}\n`)
      resolve(code)
    }),
  )
  return { child, exited }
}

describe('Kafka → Delta under SIGKILL', () => {
  it(
    `${KILLS} kills at random instants while producers write: every record exactly once`,
    { timeout: 600_000 },
    async () => {
      const topic = await cluster.createTopic('crash', PARTITIONS)
      const root = await tempDir()
      const produced: TestRecord[] = []
      // The producer writes until the last kill, so every kill falls while records arrive.
      let killing = true
      const producer = (async () => {
        for (let c = 0; killing || c < MIN_CHUNKS; c++) {
          const chunk: TestRecord[] = []
          for (let i = 0; i < PER_CHUNK; i++) {
            const n = c * PER_CHUNK + i
            chunk.push({ partition: n % PARTITIONS, key: `k${n}`, value: `r${n}` })
          }
          await cluster.produce(topic, chunk)
          produced.push(...chunk)
          await new Promise((r) => setTimeout(r, 200))
        }
      })()

      let kills = 0
      while (kills < KILLS) {
        const committed = await commits(root)
        const { child, exited } = startChild(childScript(topic, root, false))
        // Start-up time varies with the machine's load: wait until this run commits a batch, then
        // kill at a random instant among the batches that follow.
        const deadline = Date.now() + 60_000
        while ((await commits(root)) <= committed && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 20))
        await new Promise((r) => setTimeout(r, Math.random() * 400))
        child.kill('SIGKILL')
        expect(await exited).toBeNull()
        kills++
      }
      killing = false
      await producer
      // The kills fell among batches, not only in start-ups: the killed runs committed many.
      const beforeDrain = await DeltaLog.forTable(join(root, 'table')).snapshot()
      console.log(
        `kafka crash: ${kills} kills, Delta version ${beforeDrain.version} before the drain`,
      )
      expect(beforeDrain.version).toBeGreaterThanOrEqual(KILLS)
      const drain = startChild(childScript(topic, root, true))
      expect(await drain.exited).toBe(0)

      const snapshot = await DeltaLog.forTable(join(root, 'table')).snapshot()
      const rows = await readSnapshotRows(snapshot)
      const values = rows.map((r) => Buffer.from(r[1] as Uint8Array).toString('utf8'))
      const positions = new Set(rows.map((r) => `${String(r[3])}:${String(r[4])}`))
      expect(positions.size).toBe(rows.length)
      expect(values.length).toBe(produced.length)
      expect(values.sort()).toEqual(produced.map((r) => r.value!).sort())
    },
  )
})

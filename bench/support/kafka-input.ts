/**
 * The kafka workload's input: the local broker (scripts/kafka-broker.sh, started here and
 * stopped again unless it was already running) and, per bench run, fresh topics holding the
 * throughput and start-up inputs' events — each JSON line one record, spread round-robin over
 * two partitions (one per core, as Spark's local[2] reads them), produced once and read by both
 * engines from the earliest offset.
 */
import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Admin, Producer, ProduceAcks } from '@platformatic/kafka'
import { REPO_ROOT } from './engine-process.js'
import type { InputSet } from './bench-inputs.js'

const exec = promisify(execFile)
const SCRIPT = join(REPO_ROOT, 'scripts', 'kafka-broker.sh')
export const KAFKA_PARTITIONS = 2

export interface KafkaBroker {
  readonly bootstrap: string
  /** Creates a topic with `input`'s events; resolves when the broker acknowledged all. */
  topicOf(input: InputSet, label: string): Promise<string>
  /** Deletes the topics made here; stops the broker if this run started it. */
  close(): Promise<void>
}

export async function startKafkaBroker(log: (s: string) => void): Promise<KafkaBroker> {
  const wasRunning = await exec(SCRIPT, ['status']).then(
    () => true,
    () => false,
  )
  log(`${wasRunning ? 'reusing' : 'starting'} the local Kafka broker`)
  const { stdout } = await exec(SCRIPT, ['start'], { timeout: 600_000 })
  const bootstrap = stdout.trim().split('\n').at(-1)!
  const admin = new Admin({ clientId: 'streamlake-bench', bootstrapBrokers: [bootstrap] })
  const producer = new Producer({
    clientId: 'streamlake-bench',
    bootstrapBrokers: [bootstrap],
    // Idempotent: a retried send never duplicates records (both engines must read `events`).
    idempotent: true,
    acks: ProduceAcks.ALL,
  })
  const topics: string[] = []
  return {
    bootstrap,
    async topicOf(input, label) {
      const topic = `bench-${label}-${randomUUID().slice(0, 8)}`
      await admin.createTopics({ topics: [topic], partitions: KAFKA_PARTITIONS, replicas: 1 })
      topics.push(topic)
      const started = performance.now()
      let n = 0
      for (const file of input.files) {
        const lines = (await fs.readFile(join(input.dir, file), 'utf8'))
          .split('\n')
          .filter((l) => l !== '')
        for (let i = 0; i < lines.length; i += 2000)
          await producer.send({
            messages: lines.slice(i, i + 2000).map((line) => ({
              topic,
              partition: n++ % KAFKA_PARTITIONS,
              value: Buffer.from(line),
            })),
          })
      }
      if (n !== input.events)
        throw new Error(`kafka input ${label}: ${n} lines in the files, expected ${input.events}`)
      const s = (performance.now() - started) / 1000
      log(
        `kafka topic ${topic}: ${n.toLocaleString('en')} records in ${s.toFixed(1)} s (${Math.round(n / s).toLocaleString('en')} records/s produced)`,
      )
      return topic
    },
    async close() {
      await producer.close()
      if (topics.length) await admin.deleteTopics({ topics }).catch(() => undefined)
      await admin.close()
      if (!wasRunning) await exec(SCRIPT, ['stop'], { timeout: 60_000 })
    },
  }
}

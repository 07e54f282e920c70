/**
 * A broker outage mid-stream: the broker is stopped and started again (same data) while a query
 * runs. The query waits (retrying for kafka.default.api.timeout.ms), goes on when the broker is
 * back, and the table holds every record once. Its own file: the restart affects the whole broker.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, inject, it } from 'vitest'
import { SparkSession } from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'
import { KafkaTestCluster, type TestRecord } from './support/topics.js'

const bootstrap = inject('kafkaBootstrap')
const SCRIPT = fileURLToPath(new URL('../../scripts/kafka-broker.sh', import.meta.url))
const run = promisify(execFile)

const batch = (from: number, n: number): TestRecord[] =>
  Array.from({ length: n }, (_, i) => ({ partition: (from + i) % 2, value: `r${from + i}` }))

describe('Kafka broker restart', () => {
  it(
    'the query waits for the broker and goes on; every record once',
    { timeout: 300_000 },
    async () => {
      let cluster = new KafkaTestCluster(bootstrap)
      const topic = await cluster.createTopic('outage', 2)
      await cluster.produce(topic, batch(0, 100))
      const root = await tempDir()
      const spark = SparkSession.builder().getOrCreate().newSession()
      const query = await spark.readStream
        .format('kafka')
        .option('kafka.bootstrap.servers', bootstrap)
        .option('subscribe', topic)
        .option('startingOffsets', 'earliest')
        .load()
        .writeStream.format('delta')
        .option('checkpointLocation', join(root, 'checkpoint'))
        .trigger({ processingTime: '200 milliseconds' })
        .start(join(root, 'table'))
      const count = (): Promise<number> =>
        spark.read
          .format('delta')
          .load(join(root, 'table'))
          .count()
          .catch(() => 0)
      await waitFor(async () => (await count()) === 100)

      await cluster.close()
      await run(SCRIPT, ['restart'], { timeout: 180_000 })
      cluster = new KafkaTestCluster(bootstrap)
      await cluster.produce(topic, batch(100, 100))
      await waitFor(async () => (await count()) >= 200)
      await query.processAllAvailable()
      expect(query.isActive).toBe(true)
      expect(query.exception()).toBeNull()
      await query.stop()
      const values = (await spark.read.format('delta').load(join(root, 'table')).collect()).map(
        (r) => Buffer.from(r['value'] as Uint8Array).toString('utf8'),
      )
      expect(values.sort()).toEqual(
        batch(0, 200)
          .map((r) => r.value!)
          .sort(),
      )
      await cluster.close()
    },
  )
})

async function waitFor(check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 200))
  }
}

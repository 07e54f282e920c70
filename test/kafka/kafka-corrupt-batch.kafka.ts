/**
 * A record batch damaged in the broker's log segment, on the real broker: one byte of a value is
 * changed in the segment file after the broker wrote it (the broker serves fetches from the
 * file, so the next fetch carries the damage). As Java's consumer with its default
 * check.crcs=true, the batch read and the stream fail naming the partition and offset, and
 * nothing of the batch reaches the table; kafka.check.crcs=false reads the damaged bytes as
 * they are.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SparkSession } from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'
import { KafkaTestCluster } from './support/topics.js'

const bootstrap = inject('kafkaBootstrap')
const REPO = fileURLToPath(new URL('../..', import.meta.url))
let cluster: KafkaTestCluster
beforeAll(() => {
  cluster = new KafkaTestCluster(bootstrap)
})
afterAll(async () => {
  await cluster.close()
})

/** Replaces the only occurrence of `from` in partition 0's log segment by `to` (same length). */
function damageSegment(topic: string, from: string, to: string): void {
  const port = bootstrap.split(':').at(-1)!
  const dir = join(REPO, '.cache', 'kafka', port, 'data', `${topic}-0`)
  const segment = join(
    dir,
    readdirSync(dir).find((f) => f.endsWith('.log'))!,
  )
  const bytes = readFileSync(segment)
  const at = bytes.indexOf(from)
  expect(at).toBeGreaterThan(0)
  expect(bytes.indexOf(from, at + 1)).toBe(-1)
  bytes.write(to, at)
  writeFileSync(segment, bytes)
}

function batchRead(topic: string, checkCrcs?: string): Promise<string[]> {
  const spark = SparkSession.builder().getOrCreate().newSession()
  let reader = spark.read
    .format('kafka')
    .option('kafka.bootstrap.servers', bootstrap)
    .option('subscribe', topic)
  if (checkCrcs !== undefined) reader = reader.option('kafka.check.crcs', checkCrcs)
  return reader
    .load()
    .collect()
    .then((rows) =>
      rows
        .sort((x, y) => Number(x['offset']) - Number(y['offset']))
        .map((r) => Buffer.from(r['value'] as Uint8Array).toString('utf8')),
    )
}

describe('a corrupt record batch', () => {
  it('fails the batch read and the stream naming partition and offset; check.crcs=false reads it as it is', async () => {
    const topic = await cluster.createTopic('corrupt', 1)
    const values = Array.from({ length: 20 }, (_, i) => `value-${String(i).padStart(2, '0')}`)
    await cluster.produce(
      topic,
      values.map((value) => ({ partition: 0, value })),
    )
    expect(await batchRead(topic)).toEqual(values)

    damageSegment(topic, 'value-07', 'valuE-07')

    const failed = await batchRead(topic).then(
      () => undefined,
      (e: unknown) => e as { code?: string; message: string },
    )
    expect(failed?.code).toBe('SL_SOURCE_KAFKA_CORRUPT_RECORD')
    expect(failed?.message).toContain(`${topic}-0 at offset 0`)
    expect(failed?.message).toMatch(/kafka\.check\.crcs=false/)

    const root = await tempDir('kafka-corrupt-')
    const spark = SparkSession.builder().getOrCreate().newSession()
    const query = await spark.readStream
      .format('kafka')
      .option('kafka.bootstrap.servers', bootstrap)
      .option('subscribe', topic)
      .option('startingOffsets', 'earliest')
      .load()
      .writeStream.format('delta')
      .option('checkpointLocation', join(root, 'checkpoint'))
      .trigger({ availableNow: true })
      .start(join(root, 'table'))
    const ended = await query.awaitTermination(60_000).then(
      () => undefined,
      (e: unknown) => e as { code?: string },
    )
    await query.stop()
    expect(ended?.code).toBe('SL_SOURCE_KAFKA_CORRUPT_RECORD')
    // The failed batch committed nothing.
    const log = join(root, 'table', '_delta_log')
    expect(existsSync(log) ? readdirSync(log).filter((f) => f.endsWith('.json')) : []).toEqual([])

    expect(await batchRead(topic, 'false')).toEqual(
      values.map((v) => (v === 'value-07' ? 'valuE-07' : v)),
    )
    await expect(batchRead(topic, 'maybe')).rejects.toThrow(/kafka\.check\.crcs/)
  })
})

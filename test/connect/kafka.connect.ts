/**
 * Kafka on Spark through Spark Connect: the server runs Spark's own Kafka source
 * (spark-sql-kafka-0-10, on its classpath via scripts/spark-env.sh) against the same broker.
 * The seed's events go into a 3-partition topic; the tumbling query (from_json with an options
 * map → data.* → watermark → window) runs embedded and remote, and both Delta tables must hold
 * the same rows; a batch read counts the same records.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { EVENT_SCHEMA_DDL } from '../../src/apps/event-schema.js'
import {
  col,
  count,
  from_json,
  generateEvents,
  max,
  min,
  SparkSession,
  struct,
  to_json,
  window,
  type DataFrame,
} from '../../src/index.js'
import { KafkaTestCluster } from '../kafka/support/topics.js'
import { tempDir } from '../support/temp-dir.js'

let cluster: KafkaTestCluster
let topic: string
let records: number
let root: string
let embedded: SparkSession
let remote: SparkSession

beforeAll(async () => {
  cluster = new KafkaTestCluster(inject('kafkaBootstrap'))
  root = await tempDir('streamlake-connect-kafka-')
  const input = join(root, 'input')
  await generateEvents({
    out: input,
    batches: 6,
    intervalMs: 5 * 60_000,
    eventsPerBatch: 100,
    seed: 16,
    startTime: '2026-11-24T10:00:00Z',
    lateFraction: 0.1,
  })
  const lines: string[] = []
  for (const f of (await fs.readdir(input)).sort())
    for (const line of (await fs.readFile(join(input, f), 'utf8')).split('\n'))
      if (line.trim() !== '') lines.push(line)
  // Two malformed values: from_json gives an all-null struct, dropped by the null timestamp.
  lines.push('not json', '{"timestamp": "not a time"}')
  records = lines.length
  topic = await cluster.createTopic('connect-seed', 3)
  await cluster.produce(
    topic,
    lines.map((value, i) => ({ partition: i % 3, value })),
  )
  embedded = SparkSession.builder().config('spark.sql.session.timeZone', 'UTC').getOrCreate()
  remote = SparkSession.builder()
    .remote(inject('sparkConnectUrl'))
    .config('spark.sql.session.timeZone', 'UTC')
    .getOrCreate()
})

afterAll(async () => {
  await cluster.close()
})

const tumbling = (spark: SparkSession): DataFrame =>
  spark.readStream
    .format('kafka')
    .option('kafka.bootstrap.servers', cluster.bootstrap)
    .option('subscribe', topic)
    .option('startingOffsets', 'earliest')
    .option('maxOffsetsPerTrigger', 200)
    .load()
    .select(
      from_json(col('value').cast('string'), EVENT_SCHEMA_DDL, { mode: 'PERMISSIVE' }).alias('e'),
    )
    .select('e.*')
    .withWatermark('timestamp', '10 minutes')
    .groupBy(window('timestamp', '5 minutes'), 'event_type')
    .agg(count('*').alias('n'), min('value').alias('lo'), max('value').alias('hi'))

async function runToDelta(spark: SparkSession, engine: string): Promise<string[]> {
  const q = await tumbling(spark)
    .writeStream.format('delta')
    .option('checkpointLocation', join(root, engine, 'checkpoint'))
    .trigger({ availableNow: true })
    .start(join(root, engine, 'table'))
  expect(await q.awaitTermination(150_000)).toBe(true)
  expect(q.exception()).toBeNull()
  const rows = await embedded.read
    .format('delta')
    .load(join(root, engine, 'table'))
    .collectRows()
  return rows.rows.map((r) => JSON.stringify(r)).sort()
}

describe('Kafka on Spark through Spark Connect', () => {
  it('the seed tumbling query from a Kafka topic writes the table the embedded engine writes', async () => {
    const ours = await runToDelta(embedded, 'embedded')
    const spark = await runToDelta(remote, 'remote')
    expect(ours.length).toBeGreaterThan(5)
    expect(spark).toEqual(ours)
  })

  it("Kafka → Kafka with to_json(struct(...)) and getField: Spark's Kafka sink writes the records the embedded one writes; deliveryGuarantee is refused remotely", async () => {
    const pipe = (spark: SparkSession, engine: string, out: string) =>
      spark.readStream
        .format('kafka')
        .option('kafka.bootstrap.servers', cluster.bootstrap)
        .option('subscribe', topic)
        .option('startingOffsets', 'earliest')
        .load()
        .select(from_json(col('value').cast('string'), EVENT_SCHEMA_DDL).alias('e'))
        .filter(col('e').getField('event_type').isNotNull())
        .select(
          col('e').getField('user_id').cast('string').alias('key'),
          to_json(
            struct(
              col('e').getField('event_id').alias('id'),
              col('e').getField('value').alias('v'),
              col('e').getField('timestamp').alias('t'),
            ),
            { timestampFormat: "yyyy-MM-dd'T'HH:mm:ss" },
          ).alias('value'),
        )
        .writeStream.format('kafka')
        .option('kafka.bootstrap.servers', cluster.bootstrap)
        .option('topic', out)
        .option('checkpointLocation', join(root, engine, 'kafka-checkpoint'))
        .trigger({ availableNow: true })
    const outOf = { embedded: await cluster.createTopic('out-embedded', 1), remote: '' }
    outOf.remote = await cluster.createTopic('out-remote', 1)
    await expect(
      pipe(remote, 'refused', outOf.remote).option('deliveryGuarantee', 'exactly-once').start(),
    ).rejects.toMatchObject({ code: 'SL_CONNECT_UNSUPPORTED' })
    for (const [engine, spark] of [
      ['embedded', embedded],
      ['remote', remote],
    ] as const) {
      const q = await pipe(spark, engine, outOf[engine]).start()
      expect(await q.awaitTermination(150_000)).toBe(true)
      expect(q.exception()).toBeNull()
    }
    const written = async (t: string) => {
      const { rows } = await embedded.read
        .format('kafka')
        .option('kafka.bootstrap.servers', cluster.bootstrap)
        .option('subscribe', t)
        .load()
        .select(col('key').cast('string'), col('value').cast('string'))
        .collectRows()
      return rows.map((r) => JSON.stringify(r)).sort()
    }
    const ours = await written(outOf.embedded)
    expect(ours.length).toBe(records - 2)
    expect(await written(outOf.remote)).toEqual(ours)
  })

  it('a batch read of the topic counts every record on both engines', async () => {
    const read = (spark: SparkSession) =>
      spark.read
        .format('kafka')
        .option('kafka.bootstrap.servers', cluster.bootstrap)
        .option('subscribe', topic)
        .load()
        .count()
    expect(await read(remote)).toBe(records)
    expect(await read(embedded)).toBe(records)
  })
})

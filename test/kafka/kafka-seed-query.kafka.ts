/**
 * The seed's events through Kafka: each generated JSON line becomes a record's value, and the
 * seed's tumbling query (watermark 10 min, 5-minute windows by event_type, append) parses them
 * with from_json(value.cast('string')) + select('data.*'). Its Delta table must equal the same
 * query over the same events read from the JSON files (whose results the Spark oracle suite
 * checks). Events are spread over 3 partitions by user.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { EVENT_SCHEMA_DDL } from '../../src/apps/index.js'
import {
  avg,
  col,
  count,
  from_json,
  generateEvents,
  SparkSession,
  sum,
  window,
  type DataFrame,
} from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'
import { KafkaTestCluster } from './support/topics.js'

const bootstrap = inject('kafkaBootstrap')
let cluster: KafkaTestCluster
beforeAll(() => {
  cluster = new KafkaTestCluster(bootstrap)
})
afterAll(async () => {
  await cluster.close()
})

const tumbling = (events: DataFrame): DataFrame =>
  events
    .withWatermark('timestamp', '10 minutes')
    .groupBy(window('timestamp', '5 minutes'), 'event_type')
    .agg(
      count('*').alias('event_count'),
      sum('value').alias('total_value'),
      avg('value').alias('avg_value'),
    )

async function runToDelta(df: DataFrame, root: string): Promise<string[]> {
  const query = await df.writeStream
    .format('delta')
    .option('checkpointLocation', join(root, 'checkpoint'))
    .trigger({ availableNow: true })
    .start(join(root, 'table'))
  expect(await query.awaitTermination(120_000)).toBe(true)
  await query.stop()
  const rows = await df.sparkSession.read.format('delta').load(join(root, 'table')).collectRows()
  // Sorted by window and type (the first three fields), which are exact on both sides.
  return rows.rows.map((r) => JSON.stringify(r)).sort()
}

describe('the seed on Kafka', () => {
  it('tumbling windows from Kafka values (from_json + data.*) equal the same query on the JSON files', async () => {
    const root = await tempDir()
    const input = join(root, 'input')
    await generateEvents({
      out: input,
      batches: 12,
      eventsPerBatch: 150,
      intervalMs: 120_000,
      seed: 11,
      startTime: '2026-11-24T10:00:00Z',
      duplicateFraction: 0.05,
      lateTailFraction: 0.05,
    })
    const lines: string[] = []
    for (const f of (await fs.readdir(input)).sort())
      for (const line of (await fs.readFile(join(input, f), 'utf8')).split('\n'))
        if (line.trim() !== '') lines.push(line)
    const topic = await cluster.createTopic('seed-events', 3)
    await cluster.produce(
      topic,
      lines.map((value) => {
        const user = (JSON.parse(value) as { user_id: number | null }).user_id ?? 0
        return { partition: user % 3, value }
      }),
    )

    const spark = SparkSession.builder().getOrCreate().newSession()
    spark.conf.set('spark.sql.session.timeZone', 'UTC')
    const fromKafka = spark.readStream
      .format('kafka')
      .option('kafka.bootstrap.servers', bootstrap)
      .option('subscribe', topic)
      .option('startingOffsets', 'earliest')
      .load()
      .select(from_json(col('value').cast('string'), EVENT_SCHEMA_DDL).alias('data'))
      .select('data.*')
    const fromFiles = spark.readStream
      .format('json')
      .schema(EVENT_SCHEMA_DDL)
      .option('maxFilesPerTrigger', 1000)
      .load(input)
    const kafkaRows = await runToDelta(tumbling(fromKafka), join(root, 'kafka'))
    const fileRows = await runToDelta(tumbling(fromFiles), join(root, 'files'))
    expect(kafkaRows.length).toBeGreaterThan(10)
    // Windows, types and counts are exact; double sums depend on the order rows are added in
    // (partitions vs files), as on Spark with a different partitioning: equal to 1e-9 relative.
    const parse = (r: string) => JSON.parse(r) as [number[], string, number, number, number]
    expect(kafkaRows.map((r) => JSON.stringify(parse(r).slice(0, 3)))).toEqual(
      fileRows.map((r) => JSON.stringify(parse(r).slice(0, 3))),
    )
    kafkaRows.forEach((r, i) => {
      const k = parse(r)
      const f = parse(fileRows[i]!)
      expect(Math.abs(k[3] - f[3])).toBeLessThanOrEqual(1e-9 * Math.abs(f[3]))
      expect(Math.abs(k[4] - f[4])).toBeLessThanOrEqual(1e-9 * Math.abs(f[4]))
    })
  })
})

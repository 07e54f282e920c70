/**
 * Kafka scenarios (issue 16): Spark's Kafka source and ours read the same topic with the same
 * options; batches (how `maxOffsetsPerTrigger` splits them), rows, source end offsets in the
 * progress and the final Delta tables must be equal. The seed's windowed, dedup and sessions
 * queries run on the generated events produced into a 3-partition topic.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { EVENT_SCHEMA_DDL } from '../../../src/apps/event-schema.js'
import {
  col,
  count,
  from_json,
  generateEvents,
  max,
  min,
  session_window,
  sum,
  window,
  type DataFrame,
} from '../../../src/index.js'
import type { TestRecord } from '../../kafka/support/topics.js'
import { tempDir } from '../../support/temp-dir.js'
import { defineKafkaScenarios } from '../support/kafka-scenario.js'

// Record timestamps an hour ago, whole seconds: older ones would fall to the broker's 7-day
// retention between the two engines' reads.
const T0 = Math.floor(Date.now() / 1000) * 1000 - 3_600_000

/** 2 partitions × 5 records with keys, values and fixed CreateTime timestamps. */
const tenRecords: TestRecord[] = Array.from({ length: 10 }, (_, i) => ({
  partition: i % 2,
  key: `k${i % 3}`,
  value: `v${i}`,
  timestamp: T0 + i * 1000,
}))

/** The seed's events (late ones and duplicates included) as values, partitioned by user. */
async function seedRecords(): Promise<TestRecord[]> {
  const dir = await tempDir('streamlake-oracle-kafka-seed-')
  await generateEvents({
    out: dir,
    batches: 12,
    eventsPerBatch: 40,
    seed: 7,
    startTime: '2026-11-24T10:00:00Z',
    intervalMs: 60_000,
    lateFraction: 0.2,
    duplicateFraction: 0.1,
    users: 30,
  })
  const records: TestRecord[] = []
  for (const f of (await fs.readdir(dir)).filter((n) => n.endsWith('.json')).sort())
    for (const line of (await fs.readFile(join(dir, f), 'utf8')).split('\n')) {
      if (line.trim() === '') continue
      const user = (JSON.parse(line) as { user_id: number | null }).user_id ?? 0
      records.push({ partition: user % 3, key: String(user), value: line })
    }
  return records
}

/** value → the seed's event columns, in both engines. */
const events = (df: DataFrame): DataFrame =>
  df.select(from_json(col('value').cast('string'), EVENT_SCHEMA_DDL).alias('e')).select('e.*')
const EVENTS_PY = `df.select(F.from_json(F.col('value').cast('string'), '${EVENT_SCHEMA_DDL}').alias('e')).select('e.*')`
// 480 events over 3 partitions, at most 100 offsets per batch: ~5 batches, split as Spark does.
const seedOptions = () => ({ maxOffsetsPerTrigger: 100 })

export const kafkaScenarios = defineKafkaScenarios(
  {
    name: 'kafka raw columns; maxOffsetsPerTrigger 4 over 2 partitions splits batches as Spark (4, 4, 2)',
    partitions: 2,
    records: tenRecords,
    readOptions: () => ({ maxOffsetsPerTrigger: 4 }),
    compareDelta: true,
  },
  {
    name: 'kafka includeHeaders, null keys, tombstones (null values)',
    partitions: 1,
    records: [
      { partition: 0, key: 'a', value: 'one', timestamp: T0, headers: { h1: 'x', h2: '' } },
      { partition: 0, key: null, value: 'two', timestamp: T0 + 1 },
      { partition: 0, key: 'c', value: null, timestamp: T0 + 2 },
      { partition: 0, key: null, value: null, timestamp: T0 + 3, headers: { only: 'h' } },
    ],
    readOptions: () => ({ includeHeaders: true }),
    compareDelta: true,
  },
  {
    name: 'kafka startingOffsets as per-partition JSON (-2 = earliest, an exact offset, -1 = latest)',
    partitions: 3,
    records: Array.from({ length: 12 }, (_, i) => ({ partition: i % 3, value: `r${i}` })),
    readOptions: (topic) => ({
      startingOffsets: JSON.stringify({ [topic]: { '0': -2, '1': 2, '2': -1 } }),
    }),
    query: (df) => df.select('partition', 'offset', col('value').cast('string').alias('v')),
    pyQuery: "df.select('partition', 'offset', F.col('value').cast('string').alias('v'))",
  },
  {
    name: 'kafka assign two of three partitions',
    partitions: 3,
    records: Array.from({ length: 9 }, (_, i) => ({ partition: i % 3, value: `r${i}` })),
    noSubscribe: true,
    readOptions: (topic) => ({ assign: JSON.stringify({ [topic]: [0, 2] }) }),
    query: (df) => df.select('partition', 'offset', col('value').cast('string').alias('v')),
    pyQuery: "df.select('partition', 'offset', F.col('value').cast('string').alias('v'))",
  },
  {
    name: 'kafka subscribePattern',
    partitions: 2,
    records: Array.from({ length: 6 }, (_, i) => ({ partition: i % 2, value: `r${i}` })),
    noSubscribe: true,
    readOptions: (topic) => ({ subscribePattern: `${topic}.*` }),
    query: (df) => df.select('topic', 'partition', 'offset'),
    pyQuery: "df.select('topic', 'partition', 'offset')",
  },
  {
    name: 'kafka from_json on malformed values: nulls as Spark (PERMISSIVE)',
    partitions: 1,
    records: [
      '{"a": 1, "b": "x"}',
      '{"a": "not a number", "b": "y"}',
      '{"a": 2',
      'plain text',
      '',
      '[{"a": 3}]',
      '{"b": "only b"}',
      '{"a": 4.5}',
    ].map((value) => ({ partition: 0, value })),
    query: (df) =>
      df
        .select('offset', from_json(col('value').cast('string'), 'a INT, b STRING').alias('j'))
        .select('offset', 'j', 'j.a', 'j.b'),
    pyQuery:
      "df.select('offset', F.from_json(F.col('value').cast('string'), 'a INT, b STRING').alias('j')).select('offset', 'j', 'j.a', 'j.b')",
    compareDelta: true,
  },
  {
    name: 'kafka seed tumbling: from_json events, 5-min windows by event_type, watermark 10 min',
    partitions: 3,
    records: seedRecords,
    readOptions: seedOptions,
    query: (df) =>
      events(df)
        .withWatermark('timestamp', '10 minutes')
        .groupBy(window('timestamp', '5 minutes'), 'event_type')
        .agg(count('*').alias('event_count'), min('value').alias('lo'), max('value').alias('hi')),
    pyQuery: `${EVENTS_PY}.withWatermark('timestamp', '10 minutes').groupBy(F.window('timestamp', '5 minutes'), 'event_type').agg(F.count('*').alias('event_count'), F.min('value').alias('lo'), F.max('value').alias('hi'))`,
    compareDelta: true,
  },
  {
    name: 'kafka seed dedup: dropDuplicates(event_id, timestamp), watermark 1 h',
    partitions: 3,
    records: seedRecords,
    readOptions: seedOptions,
    query: (df) =>
      events(df).withWatermark('timestamp', '1 hour').dropDuplicates(['event_id', 'timestamp']),
    pyQuery: `${EVENTS_PY}.withWatermark('timestamp', '1 hour').dropDuplicates(['event_id', 'timestamp'])`,
    compareDelta: true,
  },
  {
    name: 'kafka seed sessions: 2-min gap by user_id, watermark 5 min',
    partitions: 3,
    records: seedRecords,
    readOptions: seedOptions,
    query: (df) =>
      events(df)
        .withWatermark('timestamp', '5 minutes')
        .groupBy(session_window('timestamp', '2 minutes'), 'user_id')
        .agg(count('*').alias('event_count'), sum('value').alias('total_value')),
    pyQuery: `${EVENTS_PY}.withWatermark('timestamp', '5 minutes').groupBy(F.session_window('timestamp', '2 minutes'), 'user_id').agg(F.count('*').alias('event_count'), F.sum('value').alias('total_value'))`,
    compareDelta: true,
  },
)

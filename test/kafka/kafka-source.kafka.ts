/**
 * The Kafka source on a real broker: Spark's columns and values, its offsets in the checkpoint,
 * maxOffsetsPerTrigger split as Spark splits it, startingOffsets, new partitions, exactly once
 * across a restart, failOnDataLoss both ways, and the options Spark refuses. Expected values come
 * from the records each test produces and from Spark's documented rules (observed on Spark 4.2
 * where noted), never from our reader.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SparkSession, type StreamingQuery } from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'
import { KafkaTestCluster, type TestRecord } from './support/topics.js'

const bootstrap = inject('kafkaBootstrap')
let cluster: KafkaTestCluster

beforeAll(() => {
  cluster = new KafkaTestCluster(bootstrap)
})
afterAll(async () => {
  await cluster.close()
})

const session = (): SparkSession => {
  const spark = SparkSession.builder().getOrCreate().newSession()
  spark.conf.set('spark.sql.session.timeZone', 'UTC')
  return spark
}

/** `n` records per partition: value "p<partition>-<i>", key "k<i>". */
function records(partitions: number, n: number): TestRecord[] {
  const out: TestRecord[] = []
  for (let i = 0; i < n; i++)
    for (let p = 0; p < partitions; p++)
      out.push({ partition: p, key: `k${i}`, value: `p${p}-${i}` })
  return out
}

const text = (b: unknown): string | null =>
  b === null || b === undefined ? null : Buffer.from(b as Uint8Array).toString('utf8')

/** Reads the values of a Delta table, sorted. */
async function tableValues(spark: SparkSession, path: string): Promise<string[]> {
  const rows = await spark.read.format('delta').load(path).collect()
  return rows.map((r) => text(r['value'])!).sort()
}

async function runAvailableNow(
  spark: SparkSession,
  topic: string,
  root: string,
  options: Record<string, string> = {},
): Promise<StreamingQuery> {
  const query = await spark.readStream
    .format('kafka')
    .option('kafka.bootstrap.servers', bootstrap)
    .option('subscribe', topic)
    .option('startingOffsets', 'earliest')
    .options(options)
    .load()
    .writeStream.format('delta')
    .option('checkpointLocation', join(root, 'checkpoint'))
    .trigger({ availableNow: true })
    .start(join(root, 'table'))
  expect(await query.awaitTermination(60_000)).toBe(true)
  await query.stop()
  return query
}

describe('Kafka source', () => {
  it("batch read: Spark's columns and each record's key, value, topic, partition, offset, timestamp, headers", async () => {
    const topic = await cluster.createTopic('columns', 2)
    await cluster.produce(topic, [
      { partition: 0, key: 'a', value: 'first', timestamp: 1_700_000_000_123, headers: { h: 'x' } },
      { partition: 1, key: null, value: 'second', timestamp: 1_700_000_001_000 },
      { partition: 0, key: 'c', value: null, timestamp: 1_700_000_002_000 },
    ])
    const df = session()
      .read.format('kafka')
      .option('kafka.bootstrap.servers', bootstrap)
      .option('subscribe', topic)
      .option('includeHeaders', 'true')
      .load()
    const { schema, rows } = await df.collectRows()
    // Spark's Kafka schema, all nullable, headers last.
    expect(schema.fields.map((f) => `${f.name}:${f.dataType.type}:${f.nullable}`)).toEqual([
      'key:binary:true',
      'value:binary:true',
      'topic:string:true',
      'partition:integer:true',
      'offset:long:true',
      'timestamp:timestamp:true',
      'timestampType:integer:true',
      'headers:array:true',
    ])
    const seen = rows
      .map((r) => ({
        key: text(r[0]),
        value: text(r[1]),
        topic: r[2],
        partition: r[3],
        offset: r[4],
        timestampMicros: r[5],
        timestampType: r[6],
        headers: (r[7] as [string, Uint8Array][] | null)?.map(([k, v]) => [k, text(v)]) ?? null,
      }))
      .sort(
        (a, b) => Number(a.partition) - Number(b.partition) || Number(a.offset) - Number(b.offset),
      )
    expect(seen).toEqual([
      {
        key: 'a',
        value: 'first',
        topic,
        partition: 0,
        offset: 0,
        timestampMicros: 1_700_000_000_123_000,
        timestampType: 0,
        headers: [['h', 'x']],
      },
      {
        key: 'c',
        value: null,
        topic,
        partition: 0,
        offset: 1,
        timestampMicros: 1_700_000_002_000_000,
        timestampType: 0,
        // No headers: null, as Spark (checked by the Kafka oracle scenarios).
        headers: null,
      },
      {
        key: null,
        value: 'second',
        topic,
        partition: 1,
        offset: 0,
        timestampMicros: 1_700_000_001_000_000,
        timestampType: 0,
        // No headers: null, as Spark (checked by the Kafka oracle scenarios).
        headers: null,
      },
    ])
  })

  it('compressed record batches (gzip, snappy, lz4) read as written, in batch and stream reads', async () => {
    const topic = await cluster.createTopic('compressed', 2)
    const codecs = ['gzip', 'snappy', 'lz4'] as const
    const written: string[] = []
    for (const codec of codecs) {
      const batch = records(2, 300).map((r) => ({
        ...r,
        value: `${codec}-${r.value}-${'v'.repeat(r.partition * 50)}`,
        headers: { codec },
      }))
      await cluster.produce(topic, batch, codec)
      written.push(...batch.map((r) => r.value))
    }
    const df = session()
      .read.format('kafka')
      .option('kafka.bootstrap.servers', bootstrap)
      .option('subscribe', topic)
      .option('includeHeaders', 'true')
      .load()
    const { rows } = await df.collectRows()
    expect(rows.map((r) => text(r[1])).sort()).toEqual([...written].sort())
    for (const r of rows) {
      const codec = text(r[1])!.split('-')[0]
      expect((r[7] as [string, Uint8Array][]).map(([k, v]) => [k, text(v)])).toEqual([
        ['codec', codec],
      ])
    }
    // Offsets per partition are 0..899 with no gap: every batch was read whole.
    for (const p of [0, 1])
      expect(rows.filter((r) => r[3] === p).map((r) => r[4])).toEqual(
        Array.from({ length: 900 }, (_, i) => i),
      )
    const spark = session()
    const root = await tempDir('kafka-compressed-')
    await runAvailableNow(spark, topic, root, { maxOffsetsPerTrigger: '250' })
    expect(await tableValues(spark, join(root, 'table'))).toEqual([...written].sort())
  })

  it('batch read: startingOffsets/endingOffsets as JSON pick exact ranges', async () => {
    const topic = await cluster.createTopic('ranges', 2)
    await cluster.produce(topic, records(2, 5))
    const rows = await session()
      .read.format('kafka')
      .option('kafka.bootstrap.servers', bootstrap)
      .option('subscribe', topic)
      .option('startingOffsets', JSON.stringify({ [topic]: { '0': 1, '1': -2 } }))
      .option('endingOffsets', JSON.stringify({ [topic]: { '0': 3, '1': -1 } }))
      .load()
      .collect()
    expect(rows.map((r) => text(r['value'])).sort()).toEqual([
      'p0-1',
      'p0-2',
      'p1-0',
      'p1-1',
      'p1-2',
      'p1-3',
      'p1-4',
    ])
  })

  it("stream: maxOffsetsPerTrigger=4 over 2 partitions × 5 records gives batches of 4, 4, 2 (as Spark 4.2); offsets in Spark's JSON", async () => {
    const topic = await cluster.createTopic('rate', 2)
    await cluster.produce(topic, records(2, 5))
    const root = await tempDir()
    const query = await runAvailableNow(session(), topic, root, { maxOffsetsPerTrigger: '4' })
    const batches = query.recentProgress.filter((p) => p.numInputRows > 0)
    expect(batches.map((p) => p.numInputRows)).toEqual([4, 4, 2])
    expect(batches.map((p) => p.sources[0]!.endOffset)).toEqual([
      { [topic]: { '0': 2, '1': 2 } },
      { [topic]: { '0': 4, '1': 4 } },
      { [topic]: { '0': 5, '1': 5 } },
    ])
    const last = batches.at(-1)!.sources[0]!
    expect(last.description).toBe(`KafkaV2[Subscribe[${topic}]]`)
    expect(last.latestOffset).toEqual({ [topic]: { '0': 5, '1': 5 } })
    expect(last.metrics).toEqual({
      avgOffsetsBehindLatest: '0.0',
      maxOffsetsBehindLatest: '0',
      minOffsetsBehindLatest: '0',
    })
    expect(batches[0]!.sources[0]!.metrics?.['maxOffsetsBehindLatest']).toBe('3')
    // offsets/0: Spark's version line, batch metadata, then the source offset JSON.
    const offsets0 = (await fs.readFile(join(root, 'checkpoint/offsets/0'), 'utf8')).split('\n')
    expect(offsets0[0]).toBe('v1')
    expect(JSON.parse(offsets0[2]!)).toEqual({ [topic]: { '0': 2, '1': 2 } })
    // sources/0/0: the initial offsets, in Spark's format (a zero byte, v1, JSON).
    const initial = await fs.readFile(join(root, 'checkpoint/sources/0/0'), 'utf8')
    expect(initial).toBe(`\u0000v1\n${JSON.stringify({ [topic]: { '0': 0, '1': 0 } })}`)
    expect(await tableValues(session(), join(root, 'table'))).toEqual(
      records(2, 5)
        .map((r) => r.value)
        .sort(),
    )
  })

  it('stream: startingOffsets=latest skips what was there; a restart reads each new record exactly once', async () => {
    const topic = await cluster.createTopic('restart', 2)
    await cluster.produce(topic, [{ partition: 0, value: 'before' }])
    const root = await tempDir()
    const spark = session()
    const start = (): Promise<StreamingQuery> =>
      spark.readStream
        .format('kafka')
        .option('kafka.bootstrap.servers', bootstrap)
        .option('subscribe', topic)
        .load()
        .writeStream.format('delta')
        .option('checkpointLocation', join(root, 'checkpoint'))
        .trigger({ processingTime: '100 milliseconds' })
        .start(join(root, 'table'))
    let query = await start()
    // The initial offsets are fixed by the first trigger; records after that are read.
    await waitFor(async () =>
      fs.stat(join(root, 'checkpoint/sources/0/0')).then(
        () => true,
        () => false,
      ),
    )
    await cluster.produce(topic, [
      { partition: 0, value: 'a1' },
      { partition: 1, value: 'b1' },
    ])
    await waitFor(async () => (await safeValues(spark, join(root, 'table'))).length === 2)
    await query.stop()
    await cluster.produce(topic, [
      { partition: 1, value: 'b2' },
      { partition: 0, value: 'a2' },
    ])
    query = await start()
    await waitFor(async () => (await safeValues(spark, join(root, 'table'))).length >= 4)
    await query.processAllAvailable()
    await query.stop()
    expect(await tableValues(spark, join(root, 'table'))).toEqual(['a1', 'a2', 'b1', 'b2'])
  })

  it("stream: minOffsetsPerTrigger waits for enough records or maxTriggerDelay, as Spark's delayBatch", async () => {
    const topic = await cluster.createTopic('min-offsets', 1)
    await cluster.produce(topic, [
      { partition: 0, value: 'a' },
      { partition: 0, value: 'b' },
    ])
    const root = await tempDir()
    const spark = session()
    const table = join(root, 'table')
    const query = await spark.readStream
      .format('kafka')
      .option('kafka.bootstrap.servers', bootstrap)
      .option('subscribe', topic)
      .option('startingOffsets', 'earliest')
      .option('minOffsetsPerTrigger', '5')
      .option('maxTriggerDelay', '8s')
      .load()
      .writeStream.format('delta')
      .option('checkpointLocation', join(root, 'checkpoint'))
      .trigger({ processingTime: '200 milliseconds' })
      .start(table)
    try {
      // The first trigger of a run is never delayed (Spark's last trigger starts at 0).
      await waitFor(async () => (await safeValues(spark, table)).length === 2, 30_000)
      // 2 more records: fewer than 5, and 8 s have not passed — no batch yet.
      await cluster.produce(topic, [
        { partition: 0, value: 'c' },
        { partition: 0, value: 'd' },
      ])
      await new Promise((r) => setTimeout(r, 2000))
      expect(await tableValues(spark, table)).toEqual(['a', 'b'])
      // maxTriggerDelay passes: they go in one batch.
      await waitFor(async () => (await safeValues(spark, table)).length === 4, 60_000)
      // 5 records at once: enough, no waiting for the delay.
      await cluster.produce(
        topic,
        ['e', 'f', 'g', 'h', 'i'].map((value) => ({ partition: 0, value })),
      )
      await waitFor(async () => (await safeValues(spark, table)).length === 9, 60_000)
      // The batch's progress is recorded just after its Delta commit becomes visible.
      const withRows = () => query.recentProgress.filter((p) => p.numInputRows > 0)
      await waitFor(async () => Promise.resolve(withRows().length >= 3), 10_000)
      const batches = withRows()
      expect(batches.map((p) => p.numInputRows)).toEqual([2, 2, 5])
      const at = batches.map((p) => Date.parse(p.timestamp))
      expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(7800)
      expect(at[2]! - at[1]!).toBeLessThan(7800)
    } finally {
      await query.stop()
    }
  })

  it('stream: a partition added to the topic is read from its earliest offset', async () => {
    const topic = await cluster.createTopic('grow', 1)
    await cluster.produce(topic, [{ partition: 0, value: 'p0-0' }])
    const root = await tempDir()
    await runAvailableNow(session(), topic, root)
    await cluster.addPartitions(topic, 2)
    await cluster.produce(topic, [
      { partition: 1, value: 'p1-0' },
      { partition: 1, value: 'p1-1' },
      { partition: 0, value: 'p0-1' },
    ])
    const query = await runAvailableNow(session(), topic, root)
    expect(query.lastProgress?.sources[0]?.endOffset).toEqual({ [topic]: { '0': 2, '1': 2 } })
    expect(await tableValues(session(), join(root, 'table'))).toEqual([
      'p0-0',
      'p0-1',
      'p1-0',
      'p1-1',
    ])
  })

  it('failOnDataLoss=true stops with SL_SOURCE_KAFKA_DATA_LOSS when retention deleted unread records; false skips them and goes on', async () => {
    for (const failOnDataLoss of ['true', 'false']) {
      const topic = await cluster.createTopic('loss', 1)
      await cluster.produce(topic, [
        { partition: 0, value: 'r0' },
        { partition: 0, value: 'r1' },
      ])
      const root = await tempDir()
      await runAvailableNow(session(), topic, root, { failOnDataLoss })
      await cluster.produce(topic, [
        { partition: 0, value: 'r2' },
        { partition: 0, value: 'r3' },
        { partition: 0, value: 'r4' },
      ])
      // Retention removes r2 and r3 before the query reads them.
      await cluster.deleteBefore(topic, 0, 4)
      const query = await session()
        .readStream.format('kafka')
        .option('kafka.bootstrap.servers', bootstrap)
        .option('subscribe', topic)
        .option('failOnDataLoss', failOnDataLoss)
        .load()
        .writeStream.format('delta')
        .option('checkpointLocation', join(root, 'checkpoint'))
        .trigger({ availableNow: true })
        .start(join(root, 'table'))
      const ended = await query.awaitTermination(60_000).then(
        () => undefined,
        (e: unknown) => e,
      )
      await query.stop()
      if (failOnDataLoss === 'true') {
        expect((ended as { code?: string }).code).toBe('SL_SOURCE_KAFKA_DATA_LOSS')
        expect(String((ended as Error).message)).toMatch(/failOnDataLoss/)
        expect(await tableValues(session(), join(root, 'table'))).toEqual(['r0', 'r1'])
      } else {
        expect(ended).toBeUndefined()
        expect(await tableValues(session(), join(root, 'table'))).toEqual(['r0', 'r1', 'r4'])
      }
    }
  })

  it('subscribePattern and assign choose the partitions Spark would', async () => {
    const a = await cluster.createTopic('pattern-a', 2)
    const b = await cluster.createTopic('pattern-b', 1)
    await cluster.produce(a, records(2, 2))
    await cluster.produce(b, [{ partition: 0, value: 'b' }])
    const base = (o: Record<string, string>) =>
      session()
        .read.format('kafka')
        .option('kafka.bootstrap.servers', bootstrap)
        .options(o)
        .load()
        .collect()
    const prefix = a.slice(0, 'pattern-a'.length - 1) // "pattern-"
    const bySuffix = await base({ subscribePattern: `${prefix}[ab]-${a.slice(-8)}|${b}` })
    expect(bySuffix.map((r) => text(r['value'])).sort()).toEqual([
      'b',
      'p0-0',
      'p0-1',
      'p1-0',
      'p1-1',
    ])
    const assigned = await base({ assign: JSON.stringify({ [a]: [1] }) })
    expect(assigned.map((r) => text(r['value'])).sort()).toEqual(['p1-0', 'p1-1'])
  })

  it('startingTimestamp starts each partition at its first record at or after the time', async () => {
    const topic = await cluster.createTopic('by-time', 1)
    await cluster.produce(topic, [
      { partition: 0, value: 'old', timestamp: 1_000_000 },
      { partition: 0, value: 'new', timestamp: 2_000_000 },
    ])
    const rows = await session()
      .read.format('kafka')
      .option('kafka.bootstrap.servers', bootstrap)
      .option('subscribe', topic)
      .option('startingTimestamp', '1500000')
      .load()
      .collect()
    expect(rows.map((r) => text(r['value']))).toEqual(['new'])
  })

  it.each([
    [{ subscribe: 't' }, 'kafka.bootstrap.servers', false],
    [
      { 'kafka.bootstrap.servers': 'x:1', subscribe: 't', assign: '{"t":[0]}' },
      'subscribe, assign',
      false,
    ],
    [{ 'kafka.bootstrap.servers': 'x:1' }, 'subscribe', false],
    [
      { 'kafka.bootstrap.servers': 'x:1', subscribe: 't', endingOffsets: 'latest' },
      'endingOffsets',
      true,
    ],
    [
      { 'kafka.bootstrap.servers': 'x:1', subscribe: 't', 'kafka.auto.offset.reset': 'earliest' },
      'kafka.auto.offset.reset',
      false,
    ],
    [
      { 'kafka.bootstrap.servers': 'x:1', subscribe: 't', maxOffsetsPerTrigger: '0' },
      'maxOffsetsPerTrigger',
      false,
    ],
    [{ 'kafka.bootstrap.servers': 'x:1', assign: '[0]' }, 'assign', false],
  ])('refused before connecting: %j names %s', async (options, option, _streamingOnly) => {
    const error = await session()
      .readStream.format('kafka')
      .options(options)
      .load()
      .writeStream.format('console')
      .start()
      .then(
        async (q) => {
          const e = await q.awaitTermination(10_000).then(
            () => undefined,
            (x: unknown) => x,
          )
          await q.stop()
          return e
        },
        (e: unknown) => e,
      )
    expect(error).toMatchObject({ code: 'SL_SOURCE_INVALID_OPTION' })
    expect((error as Error).message).toContain(option)
  })

  it('a user schema is refused: the columns are fixed', () => {
    expect(() => session().readStream.format('kafka').schema('value STRING').load()).toThrow(
      /columns are fixed/,
    )
  })
})

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function safeValues(spark: SparkSession, path: string): Promise<string[]> {
  return tableValues(spark, path).catch(() => [])
}

/**
 * The Kafka sink on a real broker: Spark's columns (value, key, topic, headers, partition; the
 * topic option winning over the column), keyed records partitioned as the Java producer does,
 * Spark's errors, and the delivery guarantees at the crash window that matters — the previous run
 * committed batch N to Kafka and died before its checkpoint's commit log said so, and the restart
 * replays batch N: at-least-once writes it again (as Spark's sink), exactly-once skips it.
 * Expected values come from the rows each test writes and from Kafka's documented partitioner,
 * never from the sink.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SparkSession, col, type StreamingQuery } from '../../src/index.js'
import { KafkaSink } from '../../src/sinks/kafka/kafka-sink.js'
import { MemoryStream } from '../../src/testing/index.js'
import { DataTypes, structField, structType } from '../../src/types/index.js'
import { tempDir } from '../support/temp-dir.js'
import { KafkaTestCluster, transactionalProducer } from './support/topics.js'

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

const text = (b: unknown): string | null =>
  b === null || b === undefined ? null : Buffer.from(b as Uint8Array).toString('utf8')

/** Every record of a topic (batch read from earliest), optionally read_committed. */
function readTopic(topic: string, committedOnly = false): Promise<Record<string, unknown>[]> {
  return session()
    .read.format('kafka')
    .option('kafka.bootstrap.servers', bootstrap)
    .option('subscribe', topic)
    .option('includeHeaders', 'true')
    .option('kafka.isolation.level', committedOnly ? 'read_committed' : 'read_uncommitted')
    .load()
    .collect()
}

/** Starts `df` into the Kafka sink and processes what the MemoryStream holds. */
async function startKafka(
  df: ReturnType<MemoryStream['toDF']>,
  options: Record<string, string>,
): Promise<StreamingQuery> {
  return df.writeStream
    .format('kafka')
    .option('kafka.bootstrap.servers', bootstrap)
    .option('checkpointLocation', join(await tempDir(), 'checkpoint'))
    .options(options)
    .start()
}

const KV = structType([
  structField('key', DataTypes.StringType),
  structField('value', DataTypes.StringType),
])

describe('Kafka sink', () => {
  it("writes Spark's columns: value, key, headers, partition and the topic column", async () => {
    const a = await cluster.createTopic('sink-cols-a', 3)
    const b = await cluster.createTopic('sink-cols-b', 1)
    const spark = session()
    const input = new MemoryStream(
      spark,
      'topic STRING, key STRING, value STRING, partition INT, headers ARRAY<STRUCT<key: STRING, value: BINARY>>, other INT',
    )
    input.addData(
      {
        topic: a,
        key: 'k1',
        value: 'v1',
        partition: 2,
        headers: [
          { key: 'h', value: Buffer.from('x') },
          { key: 'n', value: null },
        ],
        other: 1,
      },
      { topic: a, key: null, value: 'v2', partition: 0, headers: null, other: 2 },
      { topic: b, key: 'k3', value: null, partition: null, headers: [], other: 3 },
    )
    const query = await startKafka(input.toDF(), {})
    await query.processAllAvailable()
    await query.stop()
    const gotA = (await readTopic(a)).map((r) => ({
      key: text(r['key']),
      value: text(r['value']),
      partition: r['partition'],
      headers: (r['headers'] as { key: string; value: Uint8Array }[] | null)?.map((h) => [
        h.key,
        text(h.value),
      ]),
    }))
    expect(gotA.sort((x, y) => String(x.value).localeCompare(String(y.value)))).toEqual([
      // A null header value stays null, as Spark writes it.
      {
        key: 'k1',
        value: 'v1',
        partition: 2,
        headers: [
          ['h', 'x'],
          ['n', null],
        ],
      },
      // No headers read back as null (Spark's source).
      { key: null, value: 'v2', partition: 0, headers: undefined },
    ])
    const gotB = (await readTopic(b)).map((r) => [text(r['key']), text(r['value'])])
    // A null value is written as null (a tombstone), as Spark writes it.
    expect(gotB).toEqual([['k3', null]])
  })

  it('the topic option wins over the topic column; binary values; keys partitioned by murmur2', async () => {
    const target = await cluster.createTopic('sink-option', 3)
    const other = await cluster.createTopic('sink-ignored', 1)
    const spark = session()
    const input = new MemoryStream(spark, 'topic STRING, key STRING, value STRING')
    const keys = Object.keys(JAVA_PARTITIONS_OF_3)
    input.addData(...keys.map((k) => ({ topic: other, key: k, value: `v-${k}` })))
    const df = input.toDF().select(col('key'), col('value').cast('binary').alias('value'))
    const query = await startKafka(df, { topic: target })
    await query.processAllAvailable()
    await query.stop()
    expect(await readTopic(other)).toEqual([])
    const got = await readTopic(target)
    expect(got.map((r) => text(r['value'])).sort()).toEqual(keys.map((k) => `v-${k}`).sort())
    const partitionOf: Record<string, unknown> = {}
    for (const r of got) partitionOf[text(r['key'])!] = r['partition']
    expect(partitionOf).toEqual(JAVA_PARTITIONS_OF_3)
  })

  it("Spark's errors: no value column, no topic, wrong types, a null topic", async () => {
    const spark = session()
    const start = (ddl: string, options: Record<string, string> = {}): Promise<StreamingQuery> =>
      startKafka(new MemoryStream(spark, ddl).toDF(), options)
    await expect(start('key STRING', { topic: 't' })).rejects.toMatchObject({
      code: 'SL_SINK_KAFKA_VALUE_MISSING',
    })
    await expect(start('value STRING')).rejects.toMatchObject({
      code: 'SL_SINK_KAFKA_TOPIC_MISSING',
    })
    const typeError = async (ddl: string, options: Record<string, string>, text: string) => {
      const error = await start(ddl, options).then(
        () => undefined,
        (e: unknown) => e as { code: string; message: string },
      )
      expect(error?.code).toBe('SL_SINK_KAFKA_COLUMN_TYPE')
      expect(error?.message).toContain(text)
    }
    await typeError(
      'value INT',
      { topic: 't' },
      'value attribute type must be a StringType or BinaryType',
    )
    await typeError(
      'value STRING, key INT',
      { topic: 't' },
      'key attribute type must be a StringType or BinaryType',
    )
    await typeError(
      'value STRING, partition BIGINT',
      { topic: 't' },
      'partition attribute type must be an IntegerType',
    )
    await typeError('value STRING, topic INT', {}, 'topic type must be a StringType')
    await typeError(
      'value STRING, headers ARRAY<STRUCT<key: STRING, value: STRING>>',
      { topic: 't' },
      'headers attribute type must be an ArrayType of StructType(key: StringType, value: BinaryType)',
    )
    await expect(
      start('value STRING', { topic: 't', deliveryGuarantee: 'twice' }),
    ).rejects.toMatchObject({ code: 'SL_API_INVALID_OPTION' })
    // The option wins, so the column's type is not checked (as in Spark).
    const ok = await start('value STRING, topic INT', {
      topic: await cluster.createTopic('sink-ok', 1),
    })
    await ok.stop()

    const input = new MemoryStream(spark, 'topic STRING, value STRING')
    input.addData({ topic: null, value: 'x' })
    const failing = await startKafka(input.toDF(), {})
    await expect(failing.processAllAvailable()).rejects.toMatchObject({
      code: 'SL_SINK_KAFKA_NULL_TOPIC',
    })
  })

  for (const guarantee of ['at-least-once', 'exactly-once'] as const) {
    it(`${guarantee}: a batch replayed after the crash between the Kafka write and the commit log`, async () => {
      const topic = await cluster.createTopic(`sink-replay-${guarantee}`, 2)
      const queryId = `replay-${topic}`
      const ctx = { queryId, outputMode: 'append' as const, schema: KV, timeZone: 'UTC' }
      const first = sink(topic, guarantee)
      await first.start(ctx)
      await first.addBatch(0, [
        ['a', 'b0-1'],
        ['b', 'b0-2'],
      ])
      await first.addBatch(1, [['c', 'b1-1']])
      // The run "dies" here: Kafka has batch 1, the checkpoint's commit log does not.
      await first.stop()
      const second = sink(topic, guarantee)
      await second.start(ctx)
      await second.addBatch(1, [['c', 'b1-1']])
      await second.addBatch(2, [])
      await second.addBatch(3, [['d', 'b3-1']])
      await second.stop()
      const values = (await readTopic(topic, guarantee === 'exactly-once'))
        .map((r) => text(r['value']))
        .sort()
      expect(values).toEqual(
        guarantee === 'exactly-once'
          ? ['b0-1', 'b0-2', 'b1-1', 'b3-1']
          : ['b0-1', 'b0-2', 'b1-1', 'b1-1', 'b3-1'],
      )
    })
  }

  it('exactly-once: an open transaction of a killed run is aborted by the restart, never visible', async () => {
    const topic = await cluster.createTopic('sink-fence', 1)
    const queryId = `fence-${topic}`
    const ctx = { queryId, outputMode: 'append' as const, schema: KV, timeZone: 'UTC' }
    const first = sink(topic, 'exactly-once')
    await first.start(ctx)
    await first.addBatch(0, [['a', 'committed']])
    // A transaction left open (the process died mid-batch): records sent, no commit.
    const zombie = transactionalProducer(bootstrap, `streamlake-${queryId}`)
    await first.stop()
    const tx = await zombie.beginTransaction()
    await tx.send({ messages: [{ topic, partition: 0, value: Buffer.from('never') }] })
    const second = sink(topic, 'exactly-once')
    await second.start(ctx)
    await second.addBatch(1, [['b', 'after']])
    await second.stop()
    await zombie.close().catch(() => undefined)
    const committed = (await readTopic(topic, true)).map((r) => text(r['value']))
    expect(committed.sort()).toEqual(['after', 'committed'])
  })

  it('exactly-once: a restart right after a killed run committed its offset, not its transaction, neither waits nor loses', async () => {
    const topic = await cluster.createTopic('sink-pending-offset', 1)
    const queryId = `pending-${topic}`
    const ctx = { queryId, outputMode: 'append' as const, schema: KV, timeZone: 'UTC' }
    const first = sink(topic, 'exactly-once')
    await first.start(ctx)
    await first.addBatch(0, [['a', 'committed']])
    await first.stop()
    // The killed run of batch 1: records and the group offset sent in its transaction, no
    // EndTxn. The group's offset is now pending until that transaction ends.
    const { FindCoordinatorKeyTypes } = await import('@platformatic/kafka')
    // The sink's own transaction timeout (request.timeout.ms, 30 s), not the library's 5 s, which
    // would let the broker end the zombie's transaction on its own.
    const zombie = transactionalProducer(bootstrap, `streamlake-${queryId}`, 30_000)
    const groupId = `streamlake-sink-${queryId}`
    const tx = await zombie.beginTransaction()
    await tx.send({ messages: [{ topic, partition: 0, value: Buffer.from('never') }] })
    const [coordinator] = await cluster.admin.findCoordinator({
      keyType: FindCoordinatorKeyTypes.GROUP,
      keys: [groupId],
    })
    await tx.addConsumer({ groupId } as Parameters<typeof tx.addConsumer>[0])
    await tx.addOffset({
      topic,
      partition: 0,
      offset: 1n,
      metadata: {
        consumer: { groupId, generationId: -1, memberId: '', coordinatorId: coordinator!.nodeId },
      },
    } as unknown as Parameters<typeof tx.addOffset>[0])
    // The restart replays batch 1: it must fence the zombie (aborting its transaction and its
    // pending offset) and write the batch, instead of waiting for the pending offset until the
    // broker's 30 s transaction timeout aborts it.
    const started = Date.now()
    const second = sink(topic, 'exactly-once')
    await second.start(ctx)
    await second.addBatch(1, [['b', 'replayed']])
    await second.stop()
    // Not a speed measure: half the transaction timeout tells "fenced the zombie" (well under a
    // second here) from "waited until the broker timed it out" (30 s and more before the fix).
    expect(Date.now() - started).toBeLessThan(15_000)
    await zombie.close().catch(() => undefined)
    const committed = (await readTopic(topic, true)).map((r) => text(r['value']))
    expect(committed.sort()).toEqual(['committed', 'replayed'])
  })
})

function sink(topic: string, guarantee: string): KafkaSink {
  return new KafkaSink({
    'kafka.bootstrap.servers': bootstrap,
    topic,
    deliveryGuarantee: guarantee,
  })
}

/**
 * Where the Java producer's default partitioner puts these keys in a 3-partition topic, printed
 * by kafka-clients 4.4.0 itself: Utils.toPositive(Utils.murmur2(key.getBytes(UTF_8))) % 3. Keys
 * with a negative murmur2 (a, b, k0, user-2) land elsewhere with an unsigned hash, so they show
 * the difference from @platformatic/kafka's own default partitioner.
 */
const JAVA_PARTITIONS_OF_3: Record<string, number> = {
  a: 1,
  b: 2,
  c: 1,
  k0: 2,
  k2: 0,
  k5: 0,
  'user-2': 2,
  'user-3': 2,
}

describe('df.write.format("kafka")', () => {
  it('writes a batch DataFrame with the same columns; overwrite and ignore are refused as in Spark', async () => {
    const topic = await cluster.createTopic('sink-batch', 2)
    const spark = session()
    const df = spark.createDataFrame(
      [
        { key: 'a', value: 'one', partition: 1 },
        { key: 'b', value: 'two', partition: 0 },
      ],
      'key STRING, value STRING, partition INT',
    )
    const write = () =>
      df.write.format('kafka').option('kafka.bootstrap.servers', bootstrap).option('topic', topic)
    await write().save()
    await write().mode('append').save()
    const got = (await readTopic(topic)).map(
      (r) => `${text(r['key'])}:${text(r['value'])}:${String(r['partition'])}`,
    )
    expect(got.sort()).toEqual(['a:one:1', 'a:one:1', 'b:two:0', 'b:two:0'])
    await expect(write().mode('overwrite').save()).rejects.toMatchObject({
      code: 'SL_SINK_KAFKA_SAVE_MODE',
    })
    await expect(write().option('deliveryGuarantee', 'exactly-once').save()).rejects.toMatchObject({
      code: 'SL_API_UNKNOWN_OPTION',
    })
    await expect(
      spark
        .createDataFrame([{ v: 'x' }], 'v STRING')
        .write.format('kafka')
        .option('kafka.bootstrap.servers', bootstrap)
        .option('topic', topic)
        .save(),
    ).rejects.toMatchObject({ code: 'SL_SINK_KAFKA_VALUE_MISSING' })
  })
})

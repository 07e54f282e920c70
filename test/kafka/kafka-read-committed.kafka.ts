/**
 * isolation.level=read_committed on a real broker, with the log shapes that a restarted
 * transactional writer leaves: one producer id that aborts, commits, aborts again and commits
 * (its id survives restarts), an abort that left only its marker in the partition, and a second
 * transactional producer interleaved with it. Kafka's
 * rule is the expectation: a record is visible iff its transaction committed, in offset order;
 * read_uncommitted sees every record. Both the batch reader and a stream are checked.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { SparkSession, col } from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'
import { readValues } from './support/read-values.js'
import { KafkaTestCluster, transactionalProducer } from './support/topics.js'

const bootstrap = inject('kafkaBootstrap')
let cluster: KafkaTestCluster
beforeAll(() => {
  cluster = new KafkaTestCluster(bootstrap)
})
afterAll(async () => {
  await cluster.close()
})

type TxProducer = ReturnType<typeof transactionalProducer>

/** One transaction of `values` on partition 0, committed or aborted. */
async function transaction(
  producer: TxProducer,
  topic: string,
  values: readonly string[],
  outcome: 'commit' | 'abort',
): Promise<void> {
  const tx = await producer.beginTransaction()
  await tx.send({ messages: values.map((v) => ({ topic, partition: 0, value: Buffer.from(v) })) })
  await (outcome === 'commit' ? tx.commit() : tx.abort())
}

describe('read_committed', () => {
  it('keeps every committed transaction of a producer that aborted twice, and drops only the aborted ones', async () => {
    const topic = await cluster.createTopic('read-committed', 1)
    const a = transactionalProducer(bootstrap, `rc-a-${topic}`)
    const b = transactionalProducer(bootstrap, `rc-b-${topic}`)
    try {
      await transaction(a, topic, ['a1', 'a2'], 'commit')
      await transaction(a, topic, ['x1', 'x2'], 'abort')
      await transaction(a, topic, ['a3'], 'commit')
      // b's transaction open while a commits, then aborted.
      const open = await b.beginTransaction()
      await open.send({ messages: [{ topic, partition: 0, value: Buffer.from('x3') }] })
      await transaction(a, topic, ['a4'], 'commit')
      await open.send({ messages: [{ topic, partition: 0, value: Buffer.from('x4') }] })
      await open.abort()
      // An aborted transaction that reached the partition with its marker only (a writer killed
      // after adding the partition, before its records arrived): no entry in the broker's
      // aborted-transaction list, yet an ABORT marker in the log.
      const empty = await a.beginTransaction()
      await empty.addPartitions(await a.metadata({ topics: [topic] }), [
        { topic, partition: 0, value: Buffer.from('unsent') },
      ])
      await empty.abort()
      await transaction(a, topic, ['a5', 'a6'], 'commit')
      await transaction(b, topic, ['b1', 'b2'], 'commit')
      await transaction(b, topic, ['y1'], 'abort')
      await transaction(a, topic, ['a7'], 'commit')
    } finally {
      await Promise.allSettled([a.close(), b.close()])
    }
    const committed = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'b1', 'b2', 'a7']
    const everything = [
      'a1',
      'a2',
      'x1',
      'x2',
      'a3',
      'x3',
      'a4',
      'x4',
      'a5',
      'a6',
      'b1',
      'b2',
      'y1',
      'a7',
    ]

    expect(await readValues(bootstrap, topic, 'read_committed')).toEqual(committed)
    expect(await readValues(bootstrap, topic, 'read_uncommitted')).toEqual(everything)

    // The same through a stream, in batches small enough to split the transactions.
    const spark = SparkSession.builder().getOrCreate().newSession()
    const out = await tempDir()
    const query = await spark.readStream
      .format('kafka')
      .option('kafka.bootstrap.servers', bootstrap)
      .option('subscribe', topic)
      .option('startingOffsets', 'earliest')
      .option('kafka.isolation.level', 'read_committed')
      .option('maxOffsetsPerTrigger', '3')
      .load()
      .select(col('value').cast('string').alias('value'), col('offset'))
      .writeStream.format('delta')
      .option('checkpointLocation', join(out, 'checkpoint'))
      .trigger({ availableNow: true })
      .start(join(out, 'table'))
    await query.awaitTermination()
    const streamed = await spark.read.format('delta').load(join(out, 'table')).collect()
    streamed.sort((x, y) => Number(x['offset']) - Number(y['offset']))
    expect(streamed.map((r) => r['value'])).toEqual(committed)
  })
})

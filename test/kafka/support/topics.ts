/**
 * Test helpers on the real broker: unique topics, an idempotent producer (a non-idempotent first
 * send right after broker start can duplicate a batch), record deletion (what retention does).
 */
import { randomUUID } from 'node:crypto'
import { Admin, Producer, ProduceAcks } from '@platformatic/kafka'

export interface TestRecord {
  readonly key?: string | null
  readonly value: string | null
  readonly partition: number
  readonly timestamp?: number
  readonly headers?: Readonly<Record<string, string>>
}

export class KafkaTestCluster {
  readonly admin: Admin
  private producerInstance: Producer<Buffer, Buffer, Buffer, Buffer> | undefined

  constructor(readonly bootstrap: string) {
    this.admin = new Admin({ clientId: 'streamlake-test-admin', bootstrapBrokers: [bootstrap] })
  }

  /** A new topic with a unique name. */
  async createTopic(prefix: string, partitions: number): Promise<string> {
    const topic = `${prefix}-${randomUUID().slice(0, 8)}`
    await this.admin.createTopics({ topics: [topic], partitions, replicas: 1 })
    return topic
  }

  async addPartitions(topic: string, total: number): Promise<void> {
    await this.admin.createPartitions({ topics: [{ name: topic, count: total }] })
    // The producer caches the topic's metadata: a new one sees the new partitions.
    await this.producerInstance?.close()
    this.producerInstance = undefined
  }

  /**
   * Writes records in order; resolves when the broker acknowledged all of them. `compression`
   * compresses each record batch (the broker stores them as sent).
   */
  async produce(
    topic: string,
    records: readonly TestRecord[],
    compression?: 'gzip' | 'snappy' | 'lz4',
  ): Promise<void> {
    this.producerInstance ??= new Producer({
      clientId: 'streamlake-test-producer',
      bootstrapBrokers: [this.bootstrap],
      idempotent: true,
      acks: ProduceAcks.ALL,
    })
    for (let i = 0; i < records.length; i += 500) {
      await this.producerInstance.send({
        ...(compression ? { compression } : {}),
        messages: records.slice(i, i + 500).map((r) => ({
          topic,
          partition: r.partition,
          key: r.key === null || r.key === undefined ? undefined : Buffer.from(r.key),
          value: r.value === null ? undefined : Buffer.from(r.value),
          ...(r.timestamp !== undefined ? { timestamp: BigInt(r.timestamp) } : {}),
          ...(r.headers
            ? {
                headers: new Map(
                  Object.entries(r.headers).map(([k, v]) => [Buffer.from(k), Buffer.from(v)]),
                ),
              }
            : {}),
        })),
      })
    }
  }

  /** Deletes records below `offset` in a partition, as retention does. */
  async deleteBefore(topic: string, partition: number, offset: number): Promise<void> {
    await this.admin.deleteRecords({
      topics: [{ name: topic, partitions: [{ partition, offset: BigInt(offset) }] }],
    })
  }

  async close(): Promise<void> {
    await this.producerInstance?.close()
    await this.admin.close()
  }
}

/**
 * A transactional producer as the exactly-once sink makes one (a new producer: id and epoch -1).
 * `timeoutMs` is sent as its transaction timeout (the library's default is 5 s).
 */
export function transactionalProducer(
  bootstrap: string,
  transactionalId: string,
  timeoutMs?: number,
): Producer<Buffer, Buffer, Buffer, Buffer> {
  return new Producer({
    clientId: transactionalId,
    bootstrapBrokers: [bootstrap],
    idempotent: true,
    acks: ProduceAcks.ALL,
    transactionalId,
    producerId: -1n,
    producerEpoch: -1,
    ...(timeoutMs !== undefined ? { timeout: timeoutMs } : {}),
  })
}

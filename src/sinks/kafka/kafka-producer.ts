/**
 * The Kafka writes of the sink, on `@platformatic/kafka` (loaded on first use, as for the source):
 * plain idempotent sends (at-least-once), and for exactly-once one Kafka transaction per batch
 * that also commits the batch id as a transactional consumer-group offset, so that "records
 * visible" and "batch id recorded" are one atomic step on the broker (docs/kafka.md, "Delivery
 * guarantees").
 */
import type { Admin, MessageToProduce, Producer as KafkaProducer } from '@platformatic/kafka'
import { SinkError } from '../../errors/index.js'
import { sleep } from '../../internal/sleep.js'
import type { KafkaClientConfig } from '../../sources/kafka/kafka-client-config.js'
import { describe, loadKafkaModule } from '../../sources/kafka/kafka-client.js'
import type { KafkaOutRecord } from './kafka-record-encoder.js'

type Producer = KafkaProducer<Buffer, Buffer, Buffer, Buffer>
type Message = MessageToProduce<Buffer, Buffer, Buffer, Buffer>
type Transaction = Awaited<ReturnType<Producer['beginTransaction']>>

/** The open transaction of one batch (exactly-once mode). */
export interface BatchTransaction {
  /** Writes the batch's records and its marker offset, and commits; aborts if a step fails. */
  write(batchId: number, records: readonly KafkaOutRecord[]): Promise<void>
  /** Ends the transaction without writing anything (a replayed or empty batch). */
  cancel(): Promise<void>
}

/** Records per produce request: keeps requests well under the broker's 1 MiB default. */
const CHUNK = 500

/** Where the exactly-once mode records its batch ids. */
export interface BatchMarker {
  /** The consumer group whose committed offsets hold `batchId + 1`. */
  readonly groupId: string
  readonly transactionalId: string
}

export class KafkaRecordProducer {
  private nextRoundRobin = new Map<string, number>()

  private constructor(
    private readonly producer: Producer,
    private readonly admin: Admin,
    private readonly murmur2: (data: Buffer) => number,
    readonly config: KafkaClientConfig,
    private readonly marker: BatchMarker | undefined,
  ) {}

  /** `marker` set: transactional (exactly-once) with that transactional id and group. */
  static async connect(
    config: KafkaClientConfig,
    marker: BatchMarker | undefined,
  ): Promise<KafkaRecordProducer> {
    const kafka = await loadKafkaModule()
    const base = {
      clientId: config.clientId,
      bootstrapBrokers: [...config.brokers],
      // The library also sends this as the transaction timeout of InitProducerId.
      timeout: config.requestTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      connectTimeout: config.requestTimeoutMs,
      retries: 5,
      retryDelay: 250,
      autocreateTopics: false,
      ...(config.tls ? { tls: config.tls } : {}),
      ...(config.sasl ? { sasl: config.sasl } : {}),
    }
    const producer = new kafka.Producer({
      ...base,
      // Idempotent in both modes: a retried produce request is not written twice.
      idempotent: true,
      acks: kafka.ProduceAcks.ALL,
      // InitProducerId with -1/-1, as the Java client sends for a new producer: the library's
      // default 0/0 reads to the broker as "producer 0 resuming", which a restart with the same
      // transactional id answers with PRODUCER_FENCED.
      ...(marker
        ? { transactionalId: marker.transactionalId, producerId: -1n, producerEpoch: -1 }
        : {}),
    })
    const admin = new kafka.Admin(base)
    return new KafkaRecordProducer(producer, admin, kafka.murmur2, config, marker)
  }

  /** At-least-once: sends every record and waits for the acknowledgements. */
  async send(records: readonly KafkaOutRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += CHUNK)
      await this.producer.send({
        messages: records.slice(i, i + CHUNK).map((r) => this.message(r)),
        partitioner: this.partitioner,
      })
  }

  /**
   * The last batch id committed by `writeTransaction`, -1 when none. Reads the group's offsets
   * with requireStable: an offset of a transaction still completing is waited for, never missed.
   */
  async lastCommittedBatch(): Promise<number> {
    const marker = this.requireMarker()
    for (let attempt = 0; ; attempt++) {
      try {
        const groups = await this.admin.listConsumerGroupOffsets({
          groups: [marker.groupId],
          requireStable: true,
        })
        let last = -1
        for (const g of groups)
          for (const t of g.topics)
            for (const p of t.partitions)
              if (p.committedOffset >= 0n) last = Math.max(last, Number(p.committedOffset) - 1)
        return last
      } catch (error) {
        // UNSTABLE_OFFSET_COMMIT: a transaction with our offsets is being completed.
        if (attempt >= 40) throw error
        await sleep(250)
      }
    }
  }

  /**
   * Begins the transaction of one batch. The first one of a run initialises the producer with
   * its transactional id, which fences the previous run's producer and aborts whatever
   * transaction it left open — including an offset commit it had not completed, which would
   * otherwise keep `lastCommittedBatch` waiting (UNSTABLE_OFFSET_COMMIT) until the broker's
   * transaction timeout. So: begin first, then ask which batch is committed.
   */
  async beginBatch(): Promise<BatchTransaction> {
    const marker = this.requireMarker()
    const tx = await this.producer.beginTransaction()
    return {
      write: async (batchId, records) => {
        try {
          await this.writeInTransaction(tx, marker, batchId, records)
        } catch (error) {
          if (!tx.completed) await tx.abort().catch(() => undefined)
          throw error
        }
      },
      // Nothing reached the broker: the transaction is only ended on this side.
      cancel: async () => {
        await tx.cancel()
      },
    }
  }

  /**
   * The records, plus the offset `batchId + 1` committed for the group on partition 0 of the
   * first topic written, then the commit.
   */
  private async writeInTransaction(
    tx: Transaction,
    marker: BatchMarker,
    batchId: number,
    records: readonly KafkaOutRecord[],
  ): Promise<void> {
    for (let i = 0; i < records.length; i += CHUNK)
      await tx.send({
        messages: records.slice(i, i + CHUNK).map((r) => this.message(r)),
        partitioner: this.partitioner,
      })
    const kafka = await loadKafkaModule()
    const [coordinator] = await this.admin.findCoordinator({
      keyType: kafka.FindCoordinatorKeyTypes.GROUP,
      keys: [marker.groupId],
    })
    // The library's consumer API, fed by hand: no consumer is needed to commit an offset.
    // Generation -1 and no member id commit for a group without members (a "simple" group).
    const consumer = { groupId: marker.groupId }
    await tx.addConsumer(consumer as Parameters<typeof tx.addConsumer>[0])
    const topic = [...records.map((r) => r.topic)].sort()[0]!
    await tx.addOffset({
      topic,
      partition: 0,
      offset: BigInt(batchId),
      metadata: {
        consumer: {
          groupId: marker.groupId,
          generationId: -1,
          memberId: '',
          coordinatorId: coordinator!.nodeId,
        },
      },
    } as unknown as Parameters<typeof tx.addOffset>[0])
    await tx.commit()
  }

  /** Creates `topic` with `partitions` partitions unless it exists (then it is left as it is). */
  async ensureTopic(topic: string, partitions: number): Promise<void> {
    const existing = await this.admin.listTopics()
    if (existing.includes(topic)) return
    await this.admin
      .createTopics({ topics: [topic], partitions, replicas: 1 })
      .catch((e: unknown) => {
        // Created meanwhile by someone else: as good.
        if (!/TOPIC_ALREADY_EXISTS|already exists/i.test(describe(e))) throw e
      })
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.producer.close(), this.admin.close()])
  }

  private requireMarker(): BatchMarker {
    if (!this.marker) throw new Error('not a transactional producer')
    return this.marker
  }

  private message(r: KafkaOutRecord): Message {
    return {
      topic: r.topic,
      ...(r.key !== undefined ? { key: r.key } : {}),
      ...(r.value !== undefined ? { value: r.value } : {}),
      ...(r.partition !== undefined ? { partition: r.partition } : {}),
      ...(r.headers !== undefined ? { headers: r.headers } : {}),
      ...(r.timestamp !== undefined ? { timestamp: BigInt(r.timestamp) } : {}),
    }
  }

  /**
   * The Java producer's choice for records without a partition: murmur2 of the key (positive,
   * modulo the partition count, which the library applies), so keyed records land where Spark
   * would put them; records without a key go round-robin (Java's sticky partitioner also spreads
   * them, by batch instead of by record).
   */
  private readonly partitioner = (message: Message, key: Buffer | undefined): number => {
    if (key !== undefined) return this.murmur2(key) & 0x7fffffff
    const n = this.nextRoundRobin.get(message.topic) ?? 0
    this.nextRoundRobin.set(message.topic, n + 1)
    return n
  }
}

/** A failed write as the sink reports it. */
export function writeFailed(
  error: unknown,
  batchId: number,
  config: KafkaClientConfig,
  guarantee: string,
  transactionalId: string | undefined,
): SinkError {
  const problem = describe(error)
  if (transactionalId !== undefined && /FENCED|INVALID_PRODUCER_EPOCH|fenced/i.test(problem))
    return new SinkError(
      'SL_SINK_KAFKA_FENCED',
      { transactionalId, problem },
      { batchId, cause: error },
    )
  return new SinkError(
    'SL_SINK_KAFKA_WRITE_FAILED',
    { batch: batchId, brokers: config.brokers.join(','), problem, guarantee },
    { batchId, cause: error },
  )
}

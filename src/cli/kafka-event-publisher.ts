/**
 * Publishes the generator's batches to a Kafka topic (`streamlake generate --kafka`, `streamlake
 * demo --source kafka`): each event line of a batch file becomes one record — value the JSON line
 * exactly as the file holds it, key the event id (so a duplicate lands in its original's
 * partition). A batch is sent once its file is published, so the topic holds the same events, in
 * the same order per partition, as the files.
 *
 * The record timestamp is the time of producing, not the event time (which is in the value): a
 * simulated clock days in the past would otherwise have the broker's time-based retention delete
 * the records right away (retention.ms, 7 days by default, compares it with the record time).
 */
import { promises as fs } from 'node:fs'
import type { GeneratedBatch } from '../generator/index.js'
import { KafkaRecordProducer } from '../sinks/kafka/kafka-producer.js'
import type { KafkaOutRecord } from '../sinks/kafka/kafka-record-encoder.js'
import { kafkaClientConfig } from '../sources/kafka/kafka-client-config.js'

/** Partitions of a topic the publisher creates (an existing topic is used as it is). */
export const DEFAULT_EVENT_TOPIC_PARTITIONS = 3

const EVENT_ID = /^\{"event_id":"([^"]*)"/

export class KafkaEventPublisher {
  private constructor(
    private readonly producer: KafkaRecordProducer,
    readonly topic: string,
  ) {}

  /** Connects and creates the topic (with `partitions` partitions) if it does not exist. */
  static async connect(
    bootstrapServers: string,
    topic: string,
    partitions = DEFAULT_EVENT_TOPIC_PARTITIONS,
  ): Promise<KafkaEventPublisher> {
    const producer = await KafkaRecordProducer.connect(
      kafkaClientConfig({
        'bootstrap.servers': bootstrapServers,
        'client.id': 'streamlake-generate',
      }),
      undefined,
    )
    try {
      await producer.ensureTopic(topic, partitions)
    } catch (error) {
      await producer.close()
      throw error
    }
    return new KafkaEventPublisher(producer, topic)
  }

  /** Sends one generated batch (its file's lines); resolves when the broker has them all. */
  async publish(batch: GeneratedBatch): Promise<number> {
    const text = await fs.readFile(batch.file, 'utf8')
    const records: KafkaOutRecord[] = []
    for (const line of text.split('\n')) {
      if (line === '') continue
      const id = EVENT_ID.exec(line)?.[1]
      records.push({
        topic: this.topic,
        key: id === undefined ? undefined : Buffer.from(id, 'utf8'),
        value: Buffer.from(line, 'utf8'),
        partition: undefined,
        headers: undefined,
      })
    }
    await this.producer.send(records)
    return records.length
  }

  async close(): Promise<void> {
    await this.producer.close()
  }
}

/**
 * `writeStream.format('kafka')`: Spark's Kafka sink (columns `value`, `key`, `topic`, `headers`,
 * `partition`; all output modes), at-least-once by default as in Spark — a batch replayed after a
 * crash is written again.
 *
 * With `deliveryGuarantee=exactly-once` each batch is one Kafka transaction (transactional id
 * `streamlake-<queryId>`: a restart of the query fences and aborts what its previous run left
 * open) that also commits `batchId + 1` as an offset of the consumer group
 * `streamlake-sink-<queryId>`. The records and that offset become visible together. Before
 * writing a batch the sink reads the group's offset: a batch the broker already committed (the
 * crash fell between the Kafka commit and the checkpoint's commit log) is skipped. Readers see
 * every batch exactly once with isolation.level=read_committed.
 *
 * @example
 * ```ts
 * import { SparkSession, col, struct, to_json } from 'streamlake'
 * const spark = SparkSession.builder().getOrCreate()
 * const events = spark.readStream.format('json').schema('event_id STRING, user_id INT').load('./input')
 * const query = await events
 *   .select(col('event_id').alias('key'), to_json(struct('event_id', 'user_id')).alias('value'))
 *   .writeStream.format('kafka')
 *   .option('kafka.bootstrap.servers', 'localhost:9092')
 *   .option('topic', 'events-out')
 *   .option('deliveryGuarantee', 'exactly-once')
 *   .option('checkpointLocation', './checkpoints/to_kafka')
 *   .start()
 * await query.stop()
 * ```
 */
import type { Row } from '../../types/index.js'
import type { Sink, SinkStartContext } from '../sink.js'
import { encodeKafkaRecords } from './kafka-record-encoder.js'
import { KafkaRecordProducer, writeFailed, type BatchMarker } from './kafka-producer.js'
import { kafkaSinkLayout, type KafkaSinkLayout } from './kafka-sink-schema.js'
import { parseKafkaSinkOptions, type KafkaSinkOptions } from './kafka-sink-options.js'

export class KafkaSink implements Sink {
  readonly description: string
  readonly reportsOutputRows = true
  private readonly options: KafkaSinkOptions
  private layout: KafkaSinkLayout | undefined
  private marker: BatchMarker | undefined
  private producer: KafkaRecordProducer | undefined
  /** Exactly-once: the last batch id the broker holds, read once per run. */
  private lastCommitted: number | undefined

  /** Validates the options now (writeStream's start() fails before the query runs). */
  constructor(options: Readonly<Record<string, string>>) {
    this.options = parseKafkaSinkOptions(options)
    this.description = `KafkaSink[${this.options.topic ?? 'topic column'}]`
  }

  async start(ctx: SinkStartContext): Promise<void> {
    this.layout = kafkaSinkLayout(ctx.schema, this.options.topic)
    if (this.options.guarantee === 'exactly-once')
      this.marker = {
        transactionalId: `streamlake-${ctx.queryId}`,
        groupId: `streamlake-sink-${ctx.queryId}`,
      }
  }

  async addBatch(batchId: number, rows: readonly Row[]): Promise<void> {
    const records = encodeKafkaRecords(rows, this.layout!, batchId)
    try {
      this.producer ??= await KafkaRecordProducer.connect(this.options.client, this.marker)
      if (!this.marker) {
        await this.producer.send(records)
        return
      }
      // Begin first: the first transaction of a run fences the previous run's producer.
      const tx = await this.producer.beginBatch()
      this.lastCommitted ??= await this.producer.lastCommittedBatch()
      // Already in Kafka: the previous run committed it and died before its commit log entry.
      if (batchId <= this.lastCommitted) {
        await tx.cancel()
        process.emitWarning(
          `Kafka sink: batch ${batchId} is already committed in Kafka (group ${this.marker.groupId} is at batch ${this.lastCommitted}); not writing it again.`,
          { code: 'STREAMLAKE_KAFKA_SINK_REPLAY_SKIPPED' },
        )
        return
      }
      // Nothing to write needs no transaction; the next batch's marker covers this id too.
      if (records.length > 0) await tx.write(batchId, records)
      else await tx.cancel()
      this.lastCommitted = batchId
    } catch (error) {
      // A half-done producer is not reused: the next attempt starts with a fresh session.
      await this.producer?.close()
      this.producer = undefined
      this.lastCommitted = undefined
      throw writeFailed(
        error,
        batchId,
        this.options.client,
        this.options.guarantee,
        this.marker?.transactionalId,
      )
    }
  }

  async stop(): Promise<void> {
    await this.producer?.close()
    this.producer = undefined
  }
}

/**
 * `df.write.format('kafka')`: a batch DataFrame to Kafka with the streaming sink's columns and
 * checks (Spark's KafkaWriter serves both). At-least-once as in Spark: a failed write may have
 * written part of the rows. Spark allows the save modes append and errorifexists (the default),
 * which both write; overwrite and ignore are refused, as Spark refuses them.
 */
import { SinkError } from '../../errors/index.js'
import type { BatchWriteFormat } from '../batch-write.js'
import { encodeKafkaRecords } from './kafka-record-encoder.js'
import { KafkaRecordProducer, writeFailed } from './kafka-producer.js'
import { kafkaSinkLayout } from './kafka-sink-schema.js'
import { parseKafkaSinkOptions } from './kafka-sink-options.js'

export const KAFKA_BATCH_FORMAT: BatchWriteFormat = {
  options: ['topic'],
  optionPrefixes: ['kafka.'],
  pathless: true,
  async write(request) {
    if (request.mode === 'overwrite' || request.mode === 'ignore')
      throw new SinkError('SL_SINK_KAFKA_SAVE_MODE', { mode: request.mode })
    const options = parseKafkaSinkOptions(request.options)
    const layout = kafkaSinkLayout(request.schema, options.topic)
    const records = encodeKafkaRecords(request.rows, layout, 0)
    const producer = await KafkaRecordProducer.connect(options.client, undefined)
    try {
      await producer.send(records)
    } catch (error) {
      throw writeFailed(error, 0, options.client, 'at-least-once', undefined)
    } finally {
      await producer.close()
    }
  },
}

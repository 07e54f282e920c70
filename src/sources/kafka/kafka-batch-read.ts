/**
 * `spark.read.format('kafka')`: the records between startingOffsets (default earliest) and
 * endingOffsets (default latest) of every subscribed partition, resolved when the read runs.
 */
import { SourceError } from '../../errors/index.js'
import type { SourceNode } from '../../plan/nodes/index.js'
import type { Row, StructType } from '../../types/index.js'
import { kafkaClientConfig } from './kafka-client-config.js'
import { KafkaReader, type OffsetRange } from './kafka-client.js'
import { parseKafkaOptions } from './kafka-options.js'
import { kafkaSchema } from './kafka-schema.js'
import { entriesOf, offsetOf, partitionKey } from './partition-offsets.js'
import { resolveOffsetSpec } from './resolve-offsets.js'

export async function readKafkaBatch(
  node: SourceNode,
): Promise<{ schema: StructType; rows: Row[] }> {
  const options = parseKafkaOptions(node.options, false)
  const reader = await KafkaReader.connect(
    kafkaClientConfig(options.kafkaParams),
    options.includeHeaders,
  )
  try {
    const start = await resolveOffsetSpec(reader, options, 'starting')
    const end = await resolveOffsetSpec(reader, options, 'ending')
    const ranges: OffsetRange[] = []
    for (const [tp, from] of entriesOf(start)) {
      const until = offsetOf(end, tp)
      if (until === undefined) continue
      if (from > until) {
        throw new SourceError(
          'SL_SOURCE_KAFKA_OFFSET_OUT_OF_RANGE',
          {
            which: 'starting',
            offset: from,
            partition: partitionKey(tp),
            earliest: from,
            latest: until,
            hint: 'The starting offset is after the ending offset: give a starting offset at or before the ending one.',
          },
          { option: 'startingOffsets' },
        )
      }
      if (until > from) ranges.push({ ...tp, from, until })
    }
    const read = await reader.read(ranges)
    const rows: Row[] = []
    read.forEach((r, i) => {
      if (r.lost > 0 && options.failOnDataLoss) {
        const range = ranges[i]!
        throw new SourceError(
          'SL_SOURCE_KAFKA_DATA_LOSS',
          {
            problem: `${r.lost} offset(s) of ${partitionKey(range)} between ${range.from} and ${range.until} no longer exist`,
          },
          { option: 'failOnDataLoss' },
        )
      }
      for (const row of r.records.rows()) rows.push(row)
    })
    return { schema: kafkaSchema(options.includeHeaders), rows }
  } finally {
    await reader.close()
  }
}

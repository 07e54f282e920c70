/**
 * Turns startingOffsets / endingOffsets (and their timestamp forms) into concrete offsets for the
 * partitions the subscription covers now, with Spark's checks: given offsets must name every
 * partition of a subscription, lie within what Kafka holds, and a timestamp must match a record
 * unless startingOffsetsByTimestampStrategy=latest.
 */
import { EngineError, SourceError } from '../../errors/index.js'
import type { KafkaReader } from './kafka-client.js'
import type { KafkaSourceOptions, KafkaSubscription } from './kafka-options.js'
import {
  EARLIEST,
  LATEST,
  entriesOf,
  fromEntries,
  offsetOf,
  partitionKey,
  type PartitionOffsets,
  type TopicPartition,
} from './partition-offsets.js'

/** Spark's description of a subscription (`Subscribe[a, b]`, `SubscribePattern[x]`, `Assign[t-0]`). */
export function subscriptionDescription(s: KafkaSubscription): string {
  switch (s.kind) {
    case 'subscribe':
      return `Subscribe[${s.topics.join(', ')}]`
    case 'subscribePattern':
      return `SubscribePattern[${s.text}]`
    case 'assign':
      return `Assign[${s.partitions.map(partitionKey).join(', ')}]`
  }
}

export async function resolveOffsetSpec(
  reader: KafkaReader,
  options: KafkaSourceOptions,
  which: 'starting' | 'ending',
): Promise<PartitionOffsets> {
  const spec = which === 'starting' ? options.starting : options.ending
  const partitions = await reader.partitions(options.subscription)
  if (options.subscription.kind === 'assign') await checkAssigned(reader, partitions)
  switch (spec.kind) {
    case 'earliest':
    case 'latest': {
      const found = await (spec.kind === 'earliest'
        ? reader.earliest(partitions)
        : reader.latest(partitions))
      return fromEntries(partitions.map((tp) => [tp, found.get(partitionKey(tp)) ?? 0] as const))
    }
    case 'offsets': {
      const option = `${which}Offsets`
      const given = entriesOf(spec.offsets)
      const want = new Set(partitions.map(partitionKey))
      const named = new Set(given.map(([tp]) => partitionKey(tp)))
      if (want.size !== named.size || [...want].some((k) => !named.has(k))) {
        throw new EngineError(
          'SL_SOURCE_INVALID_OPTION',
          {
            option,
            format: 'kafka',
            problem: `must name every partition of the subscription (named: ${[...named].sort().join(', ') || 'none'}; subscribed: ${[...want].sort().join(', ') || 'none'})`,
            value: JSON.stringify(spec.offsets),
            hint: 'Give an offset for each partition: -2 for earliest, -1 for latest.',
          },
          { option },
        )
      }
      const earliest = await reader.earliest(partitions)
      const latest = await reader.latest(partitions)
      return fromEntries(
        given.map(([tp, offset]) => {
          const low = earliest.get(partitionKey(tp)) ?? 0
          const high = latest.get(partitionKey(tp)) ?? 0
          if (offset === EARLIEST) return [tp, low] as const
          if (offset === LATEST) return [tp, high] as const
          if (offset < low || offset > high) {
            throw new SourceError(
              'SL_SOURCE_KAFKA_OFFSET_OUT_OF_RANGE',
              {
                which,
                offset,
                partition: partitionKey(tp),
                earliest: low,
                latest: high,
                hint:
                  offset < low
                    ? 'Retention already deleted it: start at -2 (earliest) or a later offset.'
                    : 'No record has that offset yet: start at -1 (latest) or an offset up to the latest.',
              },
              { option },
            )
          }
          return [tp, offset] as const
        }),
      )
    }
    case 'timestamp':
    case 'timestamps': {
      const option = spec.kind === 'timestamp' ? `${which}Timestamp` : `${which}OffsetsByTimestamp`
      const latest = await reader.latest(partitions)
      const out: [TopicPartition, number][] = []
      for (const tp of partitions) {
        const ts = spec.kind === 'timestamp' ? spec.timestampMs : offsetOf(spec.timestamps, tp)
        if (ts === undefined) {
          throw new EngineError(
            'SL_SOURCE_INVALID_OPTION',
            {
              option,
              format: 'kafka',
              problem: `has no timestamp for ${partitionKey(tp)}`,
              value: JSON.stringify(spec.kind === 'timestamps' ? spec.timestamps : ''),
              hint: 'Give a timestamp for every partition of the subscription, or use startingTimestamp for all.',
            },
            { option },
          )
        }
        const found = (await reader.forTimestamp([tp], ts)).get(partitionKey(tp))
        if (found !== undefined) out.push([tp, found])
        else if (which === 'ending' || options.timestampStrategy === 'latest')
          out.push([tp, latest.get(partitionKey(tp)) ?? 0])
        else
          throw new SourceError(
            'SL_SOURCE_KAFKA_NO_OFFSET_FOR_TIMESTAMP',
            { partition: partitionKey(tp), timestamp: ts, option },
            { option },
          )
      }
      return fromEntries(out)
    }
  }
}

/** `assign` names partitions that must exist. */
async function checkAssigned(
  reader: KafkaReader,
  partitions: readonly TopicPartition[],
): Promise<void> {
  for (const tp of partitions) {
    const count = await reader.partitionCount(tp.topic)
    if (tp.partition >= count) {
      throw new SourceError(
        'SL_SOURCE_KAFKA_UNKNOWN_PARTITION',
        {
          partition: partitionKey(tp),
          option: 'assign',
          brokers: reader.config.brokers.join(','),
          count,
        },
        { option: 'assign' },
      )
    }
  }
}

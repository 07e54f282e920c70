/**
 * Kafka offsets as Spark writes them in `offsets/<batch>`: `{"topic":{"partition":nextOffset}}`,
 * the offset of the next record to read in each partition (exclusive end of what was read). The
 * same shape carries per-partition timestamps (`startingOffsetsByTimestamp`).
 */
import { EngineError } from '../../errors/index.js'

/** topic → partition (as a decimal string) → offset. */
export type PartitionOffsets = Readonly<Record<string, Readonly<Record<string, number>>>>

/** Spark's sentinels in offset JSON. */
export const EARLIEST = -2
export const LATEST = -1

/** One topic-partition. */
export interface TopicPartition {
  readonly topic: string
  readonly partition: number
}

export const partitionKey = (tp: TopicPartition): string => `${tp.topic}-${tp.partition}`

/** Parses offset JSON given in an option; the error names the option and the expected shape. */
export function parsePartitionOffsets(text: string, option: string): PartitionOffsets {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  const valid =
    parsed !== null &&
    typeof parsed === 'object' &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every(
      (parts) =>
        parts !== null &&
        typeof parts === 'object' &&
        !Array.isArray(parts) &&
        Object.entries(parts as object).every(
          ([p, o]) => /^\d+$/.test(p) && Number.isSafeInteger(o),
        ),
    )
  if (!valid) {
    throw new EngineError(
      'SL_SOURCE_INVALID_OPTION',
      {
        option,
        format: 'kafka',
        problem: 'is not a JSON object of topics to {partition: offset}',
        value: text,
        hint: 'Write it as {"topicA":{"0":23,"1":-1},"topicB":{"0":-2}} (-2 earliest, -1 latest).',
      },
      { option },
    )
  }
  return fromEntries(
    Object.entries(parsed as Record<string, Record<string, number>>).flatMap(([topic, parts]) =>
      Object.entries(parts).map(([p, o]) => [{ topic, partition: Number(p) }, o] as const),
    ),
  )
}

/** Offsets from (topic-partition, offset) pairs, topics sorted by name (canonical JSON). */
export function fromEntries(
  entries: Iterable<readonly [TopicPartition, number]>,
): PartitionOffsets {
  const out: Record<string, Record<string, number>> = {}
  const sorted = [...entries].sort(([a], [b]) =>
    a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
  )
  // Integer-like keys enumerate in ascending order in JS objects, as Spark's JSON lists them.
  for (const [tp, offset] of sorted) (out[tp.topic] ??= {})[String(tp.partition)] = offset
  return out
}

/** The (topic-partition, offset) pairs of offsets, in topic then partition order. */
export function entriesOf(offsets: PartitionOffsets): [TopicPartition, number][] {
  const out: [TopicPartition, number][] = []
  for (const topic of Object.keys(offsets).sort())
    for (const [p, o] of Object.entries(offsets[topic]!))
      out.push([{ topic, partition: Number(p) }, o])
  return out
}

/** The offset of one partition, if present. */
export function offsetOf(offsets: PartitionOffsets, tp: TopicPartition): number | undefined {
  return offsets[tp.topic]?.[String(tp.partition)]
}

/**
 * Spark's `KafkaMicroBatchStream.rateLimit`: `limit` records split across partitions in
 * proportion to what each has available; a share below one record rounds up (small partitions
 * are not starved), others round down, and no partition goes past its available end.
 */
export function rateLimit(
  limit: number,
  from: PartitionOffsets,
  until: PartitionOffsets,
): PartitionOffsets {
  const sizes = new Map<string, number>()
  for (const [tp, end] of entriesOf(until)) {
    const begin = offsetOf(from, tp)
    if (begin === undefined) continue
    const size = end - begin
    if (size > 0) sizes.set(partitionKey(tp), size)
  }
  let total = 0
  for (const size of sizes.values()) total += size
  if (total < 1) return until
  return fromEntries(
    entriesOf(until).map(([tp, end]) => {
      const size = sizes.get(partitionKey(tp))
      if (size === undefined) return [tp, end] as const
      const prorate = limit * (size / total)
      const share = prorate < 1 ? Math.ceil(prorate) : Math.floor(prorate)
      return [tp, Math.min(end, offsetOf(from, tp)! + share)] as const
    }),
  )
}

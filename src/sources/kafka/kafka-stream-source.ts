/**
 * Spark's Kafka micro-batch source (`KafkaMicroBatchStream`): each batch is a range of offsets per
 * partition, planned before it runs and written to `offsets/<batch>` as
 * `{"topic":{"partition":nextOffset}}`, so a batch run again after a crash reads exactly the same
 * records — no consumer-group offsets. The offsets the query started from are kept in
 * `sources/<i>/0` (Spark's initial-offset log), so a restart before the first batch commits
 * starts from the same place even with startingOffsets=latest.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { SourceError } from '../../errors/index.js'
import { writeFileAtomic } from '../../internal/atomic-file.js'
import { makeDirectory } from '../../internal/make-directory.js'
import type { Row, StructType } from '../../types/index.js'
import type { RecordChunk } from '../../types/record-chunk.js'
import type {
  AdmissionLimits,
  BatchInfo,
  SourceContext,
  SourceOffset,
  StreamSource,
} from '../source.js'
import { kafkaClientConfig } from './kafka-client-config.js'
import { KafkaReader, type OffsetRange } from './kafka-client.js'
import { ReadAhead } from './read-ahead.js'
import type { KafkaRecordBlock } from './kafka-record-block.js'
import type { KafkaSourceOptions } from './kafka-options.js'
import { kafkaSchema } from './kafka-schema.js'
import { resolveOffsetSpec, subscriptionDescription } from './resolve-offsets.js'
import {
  entriesOf,
  fromEntries,
  offsetOf,
  partitionKey,
  rateLimit,
  type PartitionOffsets,
  type TopicPartition,
} from './partition-offsets.js'

/** The version line of Spark's initial-offset file. */
const INITIAL_OFFSETS_VERSION = 'v1'

export class KafkaStreamSource implements StreamSource {
  readonly description: string
  readonly schema: StructType
  private reader: KafkaReader | undefined
  private initial: PartitionOffsets | undefined
  /** Trigger.AvailableNow: the latest offsets when the run began. */
  private availableNowEnd: PartitionOffsets | undefined
  /** The latest offsets seen by the last planning (progress `latestOffset`, the lag metrics). */
  private lastLatest: PartitionOffsets | undefined
  /** When the last trigger went ahead (Spark's lastTriggerMillis; 0 = none yet this run). */
  private lastTriggerMs = 0
  private readonly batchMetrics = new Map<number, Record<string, string>>()
  private readonly readAhead = new ReadAhead()

  constructor(
    private readonly options: KafkaSourceOptions,
    private readonly ctx: SourceContext,
  ) {
    this.description = `KafkaV2[${subscriptionDescription(options.subscription)}]`
    this.schema = kafkaSchema(options.includeHeaders)
  }

  async initialize(): Promise<void> {
    this.reader ??= await KafkaReader.connect(
      kafkaClientConfig(this.options.kafkaParams),
      this.options.includeHeaders,
    )
    this.initial ??= await readInitialOffsets(this.initialOffsetsPath)
  }

  async prepareForAvailableNow(): Promise<void> {
    const reader = await this.client()
    const partitions = await reader.partitions(this.options.subscription)
    const latest = await reader.latest(partitions)
    this.availableNowEnd = fromEntries(
      partitions.map((tp) => [tp, latest.get(partitionKey(tp)) ?? 0] as const),
    )
  }

  async latestOffset(
    start: SourceOffset | null,
    limits: AdmissionLimits,
  ): Promise<SourceOffset | null> {
    const reader = await this.client()
    const from = (start as PartitionOffsets | null) ?? (await this.initialOffsets())
    let latest = this.availableNowEnd
    if (!latest) {
      const partitions = await reader.partitions(this.options.subscription)
      const offsets = await reader.latest(partitions)
      latest = fromEntries(
        partitions.map((tp) => [tp, offsets.get(partitionKey(tp)) ?? 0] as const),
      )
    }
    this.lastLatest = latest
    // A partition that appeared after `from` starts at its earliest offset, as in Spark.
    const added = entriesOf(latest).filter(([tp]) => offsetOf(from, tp) === undefined)
    const addedStarts = await reader.earliest(added.map(([tp]) => tp))
    const begin = fromEntries([
      ...entriesOf(from),
      ...added.map(([tp]) => [tp, addedStarts.get(partitionKey(tp)) ?? 0] as const),
    ])
    this.checkDeletedPartitions(from, latest)
    // Partitions that disappeared keep their offsets (the batch has nothing to read in them).
    const until = fromEntries([
      ...entriesOf(begin).filter(([tp]) => offsetOf(latest, tp) === undefined),
      ...entriesOf(latest),
    ])
    const available = sum(until) - sum(begin)
    if (!limits.ignoreRateLimits && this.options.minOffsetsPerTrigger !== undefined) {
      // Spark's delayBatch: once maxTriggerDelay has passed since the last trigger (always at
      // the first planning of a run: the last trigger starts at 0) the batch goes ahead, with
      // or without data, and the wait starts again; before that, only enough new records do.
      const now = Date.now()
      if (now - this.lastTriggerMs >= this.options.maxTriggerDelayMs) this.lastTriggerMs = now
      else if (available < this.options.minOffsetsPerTrigger) return null
      else this.lastTriggerMs = now
    }
    const end =
      !limits.ignoreRateLimits && this.options.maxOffsetsPerTrigger !== undefined
        ? rateLimit(this.options.maxOffsetsPerTrigger, begin, until)
        : until
    if (start !== null && JSON.stringify(end) === JSON.stringify(start)) return null
    if (start === null && sum(end) === sum(begin) && sameKeys(end, begin)) {
      // Nothing to read yet; the first batch waits for data (its start is still recorded).
      return null
    }
    return end
  }

  /**
   * The batch's records, one chunk per partition in their fetched column form: a query that parses
   * the values on the JSON workers (from-json-chunks.ts) never builds a row per record.
   */
  async getChunks(
    start: SourceOffset | null,
    end: SourceOffset,
    batch: BatchInfo,
  ): Promise<RecordChunk[]> {
    return (await this.read(start, end, batch)).map((records) => ({ records }))
  }

  async getBatch(start: SourceOffset | null, end: SourceOffset, batch: BatchInfo): Promise<Row[]> {
    const rows: Row[] = []
    for (const block of await this.read(start, end, batch))
      for (const row of block.rows()) rows.push(row)
    return rows
  }

  /** The records of the batch's offset ranges, in range order (failOnDataLoss applied). */
  private async read(
    start: SourceOffset | null,
    end: SourceOffset,
    batch: BatchInfo,
  ): Promise<KafkaRecordBlock[]> {
    const reader = await this.client()
    const from = (start as PartitionOffsets | null) ?? (await this.initialOffsets())
    const until = end as PartitionOffsets
    const added = entriesOf(until).filter(([tp]) => offsetOf(from, tp) === undefined)
    const addedStarts = await reader.earliest(added.map(([tp]) => tp))
    const ranges: OffsetRange[] = []
    for (const [tp, endOffset] of entriesOf(until)) {
      const begin = offsetOf(from, tp) ?? addedStarts.get(partitionKey(tp)) ?? 0
      if (endOffset < begin) {
        this.dataLoss(
          `the end offset ${endOffset} of ${partitionKey(tp)} is before its start offset ${begin} (the topic was recreated or its offsets reset)`,
        )
        continue
      }
      if (endOffset > begin) ranges.push({ ...tp, from: begin, until: endOffset })
    }
    const read = await this.readAhead.take(ranges, () => reader.read(ranges))
    this.readAhead.start(this.predictNextRanges(until), (next) => reader.read(next))
    read.forEach((r, i) => {
      if (r.lost > 0) {
        const range = ranges[i]!
        this.dataLoss(
          `${r.lost} offset(s) of ${partitionKey(range)} between ${range.from} and ${range.until} no longer exist (the partition starts at ${r.logStartOffset})`,
        )
      }
    })
    this.batchMetrics.set(batch.batchId, this.lagMetrics(until))
    return read.map((r) => r.records)
  }

  /**
   * Under Trigger.AvailableNow with maxOffsetsPerTrigger the next batch's ranges are known now:
   * the same rate limit from this batch's end towards the fixed end of the run, exactly what
   * latestOffset will plan. Reading them ahead overlaps the fetch with this batch's parse and
   * write. Other triggers plan from offsets that move with the producers: nothing is predicted.
   */
  private predictNextRanges(until: PartitionOffsets): OffsetRange[] {
    const last = this.availableNowEnd
    const limit = this.options.maxOffsetsPerTrigger
    if (
      last === undefined ||
      limit === undefined ||
      this.options.minOffsetsPerTrigger !== undefined
    )
      return []
    const target = fromEntries([
      ...entriesOf(until).filter(([tp]) => offsetOf(last, tp) === undefined),
      ...entriesOf(last),
    ])
    const next = rateLimit(limit, until, target)
    const ranges: OffsetRange[] = []
    for (const [tp, endOffset] of entriesOf(next)) {
      const begin = offsetOf(until, tp)
      if (begin === undefined) return [] // a new partition: its start is looked up when planned
      if (endOffset > begin) ranges.push({ ...tp, from: begin, until: endOffset })
    }
    return ranges
  }

  metrics(batchId: number): Readonly<Record<string, string>> {
    return this.batchMetrics.get(batchId) ?? this.lagMetrics(undefined)
  }

  /** The latest offsets the last planning saw (Spark's `latestOffset` in progress). */
  reportLatestOffset(): SourceOffset | null {
    return this.lastLatest ?? null
  }

  async commit(): Promise<void> {}

  async stop(): Promise<void> {
    await this.readAhead.drop()
    const reader = this.reader
    this.reader = undefined
    await reader?.close()
  }

  private async client(): Promise<KafkaReader> {
    if (!this.reader) await this.initialize()
    return this.reader!
  }

  private get initialOffsetsPath(): string {
    return join(this.ctx.checkpointDir, '0')
  }

  /** The offsets the query starts from: resolved once, then read back from the checkpoint. */
  private async initialOffsets(): Promise<PartitionOffsets> {
    if (this.initial) return this.initial
    const reader = await this.client()
    const resolved = await resolveOffsetSpec(reader, this.options, 'starting')
    await makeDirectory(this.ctx.checkpointDir)
    await writeFileAtomic(
      this.initialOffsetsPath,
      // Spark's HDFSMetadataLog format for this file: a zero byte, the version line, the JSON.
      `\u0000${INITIAL_OFFSETS_VERSION}\n${JSON.stringify(resolved)}`,
    )
    this.initial = resolved
    return resolved
  }

  private checkDeletedPartitions(from: PartitionOffsets, latest: PartitionOffsets): void {
    const gone = entriesOf(from).filter(([tp]) => offsetOf(latest, tp) === undefined)
    if (gone.length > 0)
      this.dataLoss(
        `partition(s) ${gone.map(([tp]) => partitionKey(tp)).join(', ')} no longer exist (a deleted topic?)`,
      )
  }

  /** failOnDataLoss: an error, or a warning and the query goes on. */
  private dataLoss(problem: string): void {
    if (this.options.failOnDataLoss)
      throw new SourceError('SL_SOURCE_KAFKA_DATA_LOSS', { problem }, { option: 'failOnDataLoss' })
    process.emitWarning(`${this.description}: ${problem}; skipped (failOnDataLoss=false).`, {
      code: 'STREAMLAKE_KAFKA_DATA_LOSS',
    })
  }

  /** Spark's avg/max/minOffsetsBehindLatest: latest offsets minus the batch's end offsets. */
  private lagMetrics(end: PartitionOffsets | undefined): Record<string, string> {
    const latest = this.lastLatest
    if (!latest || !end) return {}
    const behind: number[] = []
    for (const [tp, offset] of entriesOf(end)) {
      const last = offsetOf(latest, tp)
      if (last !== undefined) behind.push(Math.max(0, last - offset))
    }
    if (behind.length === 0) return {}
    const total = behind.reduce((a, b) => a + b, 0)
    return {
      avgOffsetsBehindLatest: formatDouble(total / behind.length),
      maxOffsetsBehindLatest: String(Math.max(...behind)),
      minOffsetsBehindLatest: String(Math.min(...behind)),
    }
  }
}

/** Reads `sources/<i>/0` if a previous run wrote it. */
async function readInitialOffsets(path: string): Promise<PartitionOffsets | undefined> {
  let text: string
  try {
    text = await fs.readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const body = text.replace(/^\u0000/, '')
  const newline = body.indexOf('\n')
  const version = body.slice(0, newline)
  try {
    if (version !== INITIAL_OFFSETS_VERSION) throw new Error(`unknown version ${version}`)
    return JSON.parse(body.slice(newline + 1)) as PartitionOffsets
  } catch (error) {
    throw new SourceError(
      'SL_SOURCE_LOG_ENTRY_MISSING',
      { entry: `initial offsets (${(error as Error).message})`, path },
      { path },
    )
  }
}

function sum(offsets: PartitionOffsets): number {
  let total = 0
  for (const [, o] of entriesOf(offsets)) total += o
  return total
}

function sameKeys(a: PartitionOffsets, b: PartitionOffsets): boolean {
  const keys = (o: PartitionOffsets): string =>
    entriesOf(o)
      .map(([tp]) => partitionKey(tp))
      .join(',')
  return keys(a) === keys(b)
}

/** Spark prints these as Java doubles: "0.0", "12.5". */
function formatDouble(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n)
}

export type { TopicPartition }

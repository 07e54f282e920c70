/**
 * The Kafka reads the source needs, on `@platformatic/kafka` (an optional peer dependency, loaded
 * on first use): partition discovery, earliest/latest/by-timestamp offsets, and the records of an
 * exact offset range — no consumer group, as in Spark: the checkpoint holds the offsets.
 */
// Types only (erased): the library itself is loaded on first use by loadKafkaModule().
import type * as KafkaModule from '@platformatic/kafka'
import type { Admin, Consumer as KafkaConsumer } from '@platformatic/kafka'
import { EngineError, SourceError } from '../../errors/index.js'
import { sleep } from '../../internal/sleep.js'
import type { KafkaClientConfig } from './kafka-client-config.js'
import type { KafkaSubscription } from './kafka-options.js'
import { batchChecksums } from './batch-checksum.js'
import { rawFetch } from './kafka-raw-fetch.js'
import { KafkaRecordBlock } from './kafka-record-block.js'
import {
  appendBatchRecords,
  CONTROL,
  recordBatches,
  TIMESTAMP_LOG_APPEND,
  TRANSACTIONAL,
} from './record-batches.js'
import { partitionKey, type TopicPartition } from './partition-offsets.js'

type Consumer = KafkaConsumer<Buffer, Buffer, Buffer, Buffer>

type KafkaModule = typeof KafkaModule
let kafkaModule: Promise<KafkaModule> | undefined

/** Loads the client library once; a clear error when it is not installed. */
export function loadKafkaModule(): Promise<KafkaModule> {
  kafkaModule ??= import('@platformatic/kafka').catch((error: unknown) => {
    kafkaModule = undefined
    throw new EngineError('SL_SOURCE_KAFKA_CLIENT_MISSING', {
      reason: error instanceof Error ? error.message.split('\n')[0]! : String(error),
    })
  })
  return kafkaModule
}

/** Kafka's OFFSET_OUT_OF_RANGE partition error. */
const OFFSET_OUT_OF_RANGE = 1

/** What a range read found besides its records. */
export interface RangeRead {
  /** The range's records, by column (rows are built from them only on demand). */
  readonly records: KafkaRecordBlock
  /** Offsets of the range that no longer exist (retention), counted for failOnDataLoss=false. */
  readonly lost: number
  /** The first offset the partition still holds, when some of the range was lost. */
  readonly logStartOffset: number
}

/** A range `[from, until)` of one partition. */
export interface OffsetRange extends TopicPartition {
  readonly from: number
  readonly until: number
}

export class KafkaReader {
  private constructor(
    private readonly kafka: KafkaModule,
    private readonly consumer: Consumer,
    private readonly admin: Admin,
    readonly config: KafkaClientConfig,
    private readonly includeHeaders: boolean,
  ) {}

  static async connect(config: KafkaClientConfig, includeHeaders: boolean): Promise<KafkaReader> {
    const kafka = await loadKafkaModule()
    const base = {
      clientId: config.clientId,
      bootstrapBrokers: [...config.brokers],
      timeout: config.requestTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      connectTimeout: config.requestTimeoutMs,
      retries: 3,
      retryDelay: 250,
      autocreateTopics: false,
      ...(config.tls ? { tls: config.tls } : {}),
      ...(config.sasl ? { sasl: config.sasl } : {}),
    }
    const consumer = new kafka.Consumer({ ...base, groupId: `streamlake-${process.pid}` })
    const admin = new kafka.Admin(base)
    return new KafkaReader(kafka, consumer, admin, config, includeHeaders)
  }

  /** The partitions a subscription covers now (a topic that does not exist has none). */
  async partitions(subscription: KafkaSubscription): Promise<TopicPartition[]> {
    if (subscription.kind === 'assign') return [...subscription.partitions]
    const topics =
      subscription.kind === 'subscribe'
        ? [...subscription.topics]
        : (await this.call('list topics', () => this.admin.listTopics())).filter(
            // The Java consumer leaves internal topics out of pattern subscriptions.
            (t) => !t.startsWith('__') && subscription.pattern.test(t),
          )
    const out: TopicPartition[] = []
    for (const topic of topics.sort()) {
      const count = await this.partitionCount(topic)
      for (let partition = 0; partition < count; partition++) out.push({ topic, partition })
    }
    return out
  }

  /** The number of partitions of a topic, 0 when it does not exist. */
  async partitionCount(topic: string): Promise<number> {
    const metadata = await this.call('read metadata', () =>
      this.consumer.metadata({ topics: [topic], forceUpdate: true }),
    ).catch((error: unknown) => {
      if (isUnknownTopic(error)) return undefined
      throw error
    })
    return metadata?.topics.get(topic)?.partitionsCount ?? 0
  }

  /** The earliest offsets (log start) of partitions. */
  earliest(tps: readonly TopicPartition[]): Promise<Map<string, number>> {
    return this.listOffsets(tps, -2n)
  }

  /** The latest offsets (the next offset to be written; the last stable one with read_committed). */
  latest(tps: readonly TopicPartition[]): Promise<Map<string, number>> {
    return this.listOffsets(tps, -1n)
  }

  /**
   * The first offset at or after a timestamp (ms) per partition; partitions with no such record
   * are missing from the result.
   */
  async forTimestamp(
    tps: readonly TopicPartition[],
    timestampMs: number,
  ): Promise<Map<string, number>> {
    const found = await this.listOffsets(tps, BigInt(timestampMs))
    for (const [k, v] of found) if (v < 0) found.delete(k)
    return found
  }

  private async listOffsets(
    tps: readonly TopicPartition[],
    timestamp: bigint,
  ): Promise<Map<string, number>> {
    const out = new Map<string, number>()
    const byTopic = groupByTopic(tps)
    if (byTopic.size === 0) return out
    const listed = await this.call('list offsets', () =>
      this.consumer.listOffsets({
        topics: [...byTopic.keys()],
        partitions: Object.fromEntries(byTopic),
        timestamp,
        isolationLevel: this.config.isolationLevel,
      }),
    )
    for (const [topic, offsets] of listed) {
      for (const partition of byTopic.get(topic) ?? []) {
        const offset = offsets[partition]
        if (offset !== undefined) out.set(partitionKey({ topic, partition }), Number(offset))
      }
    }
    return out
  }

  /**
   * The records of offset ranges, in range order, as rows of the Kafka schema. Offsets that no
   * longer exist are counted in `lost` (the caller applies failOnDataLoss); control records and,
   * with read_committed, aborted transactions are skipped as the Java consumer does.
   */
  async read(ranges: readonly OffsetRange[]): Promise<RangeRead[]> {
    const results = ranges.map((r) => ({
      records: new KafkaRecordBlock(r.topic, r.partition, this.includeHeaders, r.until - r.from),
      lost: 0,
      logStartOffset: -1,
    }))
    const next = ranges.map((r) => r.from)
    const aborted = ranges.map(() => new Map<bigint, bigint>())
    // Per producer, the offset of its last transaction marker: aborted transactions the broker
    // lists that started before it are over (one producer id runs many transactions).
    const markers = ranges.map(() => new Map<bigint, bigint>())
    // Retention may have deleted the start of a range: the broker refuses a fetch below the log
    // start, so compare with the earliest offsets first and count what is gone.
    const skipDeleted = async (indexes: readonly number[]): Promise<void> => {
      const earliest = await this.earliest(indexes.map((i) => ranges[i]!))
      for (const i of indexes) {
        const low = earliest.get(partitionKey(ranges[i]!))
        if (low === undefined || low <= next[i]!) continue
        const resume = Math.min(low, ranges[i]!.until)
        results[i]!.lost += resume - next[i]!
        results[i]!.logStartOffset = low
        next[i] = resume
      }
    }
    await skipDeleted(ranges.map((_, i) => i))
    let outOfRange = 0
    for (;;) {
      const pending = ranges.flatMap((r, i) => (next[i]! < r.until ? [i] : []))
      if (pending.length === 0) break
      const metadata = await this.call('read metadata', () =>
        this.consumer.metadata({ topics: [...new Set(pending.map((i) => ranges[i]!.topic))] }),
      )
      const requests = new Map<
        number,
        { topicId: string; partitions: { index: number; partition: number }[] }[]
      >()
      const topicNames = new Map<string, string>()
      for (const i of pending) {
        const r = ranges[i]!
        const topic = metadata.topics.get(r.topic)
        const part = topic?.partitions[r.partition]
        if (!topic || !part) {
          // The partition is gone: everything left of the range is lost.
          results[i]!.lost += r.until - next[i]!
          next[i] = r.until
          continue
        }
        topicNames.set(topic.id, r.topic)
        const list = requests.get(part.leader) ?? []
        requests.set(part.leader, list)
        let entry = list.find((e) => e.topicId === topic.id)
        if (!entry) list.push((entry = { topicId: topic.id, partitions: [] }))
        entry.partitions.push({ index: i, partition: r.partition })
      }
      for (const [leader, topics] of requests) {
        // Not consumer.fetch(): its read_committed filter drops committed records (see
        // kafka-raw-fetch.ts); the aborted transactions are applied below instead.
        const response = await this.call('fetch', () =>
          rawFetch(this.kafka, this.consumer, {
            node: leader,
            topicNames: topics.map((t) => topicNames.get(t.topicId)!),
            maxWaitMs: this.config.maxWaitMs,
            minBytes: 1,
            maxBytes: this.config.maxBytesPerPartition * 4,
            isolationLevel: this.config.isolationLevel,
            topics: topics.map((t) => ({
              topicId: t.topicId,
              partitions: t.partitions.map((p) => ({
                partition: p.partition,
                fetchOffset: BigInt(next[p.index]!),
                partitionMaxBytes: this.config.maxBytesPerPartition,
                currentLeaderEpoch: -1,
                lastFetchedEpoch: -1,
              })),
            })),
          }),
        ).catch(async (error: unknown) => {
          // The library raises a partition's OFFSET_OUT_OF_RANGE as an error: retention deleted
          // records between planning and this fetch. Skip what is gone and fetch again.
          if (!/OFFSET_OUT_OF_RANGE|out of range/i.test(describe(error)) || ++outOfRange > 5)
            throw error
          await skipDeleted(topics.flatMap((t) => t.partitions.map((p) => p.index)))
          return undefined
        })
        if (!response) continue
        for (const topicResponse of response.responses) {
          const topic = topicNames.get(topicResponse.topicId)
          const wanted = topics.find((t) => t.topicId === topicResponse.topicId)
          for (const p of topicResponse.partitions) {
            const index = wanted?.partitions.find((w) => w.partition === p.partitionIndex)?.index
            if (index === undefined || topic === undefined) continue
            const range = ranges[index]!
            const result = results[index]!
            const logStart = Number(p.logStartOffset)
            if (p.errorCode === OFFSET_OUT_OF_RANGE) {
              // Below the log start: retention deleted offsets this range still needed; resume
              // at the log start. Above the end: the partition lost records (a recreated topic).
              const resume = next[index]! < logStart ? Math.min(logStart, range.until) : range.until
              result.lost += resume - next[index]!
              result.logStartOffset = logStart
              next[index] = resume
              continue
            }
            if (p.errorCode !== 0) {
              throw new SourceError('SL_SOURCE_KAFKA_BROKER_UNAVAILABLE', {
                brokers: this.config.brokers.join(','),
                operation: `fetch ${topic}-${p.partitionIndex}`,
                problem: `the broker answered with Kafka error code ${p.errorCode}`,
              })
            }
            const records = p.records
            for (const batch of records ? recordBatches(records) : []) {
              if (this.config.checkCrcs) {
                // Every batch, markers and aborted ones included, as Java's consumer checks them.
                const { stored, computed } = batchChecksums(this.kafka, records!, batch)
                if (stored !== computed)
                  throw new SourceError('SL_SOURCE_KAFKA_CORRUPT_RECORD', {
                    partition: `${topic}-${p.partitionIndex}`,
                    offset: batch.firstOffset,
                    stored,
                    computed,
                  })
              }
              const producer = batch.producerId
              const last = batch.firstOffset + batch.lastOffsetDelta + 1
              if (batch.attributes & CONTROL) {
                // An abort/commit marker ends the producer's open transaction. It takes an offset:
                // step past it, or a range ending with a marker is fetched again forever.
                aborted[index]!.delete(producer)
                markers[index]!.set(producer, BigInt(batch.firstOffset))
                if (last > next[index]!) next[index] = Math.min(last, range.until)
                continue
              }
              if (
                this.config.isolationLevel === 1 &&
                batch.attributes & TRANSACTIONAL &&
                abortedSince(
                  p.abortedTransactions,
                  producer,
                  BigInt(batch.firstOffset),
                  aborted[index]!,
                  markers[index]!.get(producer) ?? -1n,
                )
              ) {
                if (last > next[index]!) next[index] = Math.min(last, range.until)
                continue
              }
              appendBatchRecords(
                this.kafka,
                records!,
                batch,
                next[index]!,
                range.until,
                (batch.attributes & TIMESTAMP_LOG_APPEND) !== 0,
                result.records,
              )
              if (last > next[index]!) next[index] = Math.min(last, range.until)
            }
            // Transaction markers and compaction leave gaps: past the high watermark there is
            // nothing more to wait for, so the rest of the range is complete.
            const end = Number(p.highWatermark)
            const stable = this.config.isolationLevel === 1 ? Number(p.lastStableOffset) : end
            if (records === undefined && next[index]! >= stable && stable >= 0) {
              if (stable < range.until) {
                result.lost += range.until - next[index]!
                if (result.logStartOffset < 0) result.logStartOffset = logStart
              }
              next[index] = range.until
            }
          }
        }
      }
    }
    return results
  }

  async close(): Promise<void> {
    const consumerClosed: Promise<void> = this.consumer.close()
    const adminClosed: Promise<void> = this.admin.close()
    await Promise.allSettled([consumerClosed, adminClosed])
  }

  /**
   * Runs one client call. A broker that cannot be reached is retried with backoff for
   * kafka.default.api.timeout.ms (a broker restart mid-stream is waited out, as the Java consumer
   * waits), then fails with SL_SOURCE_KAFKA_BROKER_UNAVAILABLE. Reads are idempotent, so a retry
   * can never read a record twice.
   */
  private async call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.config.apiTimeoutMs
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await fn()
        if (attempt > 0)
          process.emitWarning(
            `Kafka brokers ${this.config.brokers.join(',')} answer again (${operation}).`,
            { code: 'STREAMLAKE_KAFKA_RECONNECTED' },
          )
        return result
      } catch (error) {
        const text = describe(error)
        if (isUnknownTopic(error) || /OFFSET_OUT_OF_RANGE|out of range/i.test(text)) throw error
        // Refused credentials or an untrusted certificate do not heal by waiting: say so now.
        const refused = AUTHENTICATION_FAILED.test(text)
          ? 'SL_SOURCE_KAFKA_AUTHENTICATION_FAILED'
          : TLS_FAILED.test(text)
            ? 'SL_SOURCE_KAFKA_TLS_FAILED'
            : undefined
        if (refused)
          throw new SourceError(
            refused,
            { brokers: this.config.brokers.join(','), operation, problem: text },
            { cause: error },
          )
        if (Date.now() >= deadline) {
          throw new SourceError(
            'SL_SOURCE_KAFKA_BROKER_UNAVAILABLE',
            {
              brokers: this.config.brokers.join(','),
              operation: `${operation}, retried for ${Math.round(this.config.apiTimeoutMs / 1000)} s`,
              problem: text + clientCertificateHint(this.config, text),
            },
            { cause: error },
          )
        }
        if (attempt === 0)
          process.emitWarning(
            `Kafka brokers ${this.config.brokers.join(',')} do not answer (${operation}: ${text}); retrying for up to ${Math.round(this.config.apiTimeoutMs / 1000)} s.`,
            { code: 'STREAMLAKE_KAFKA_RETRYING' },
          )
        await sleep(Math.min(2000, 100 * 2 ** attempt))
      }
    }
  }

  /** The library module, for the sink and tests. */
  get module(): KafkaModule {
    return this.kafka
  }
}

const AUTHENTICATION_FAILED = /SASL authentication failed|SaslAuthenticate|authentication failed/i
const TLS_FAILED =
  /certificate|self[- ]signed|unable to verify|ERR_TLS|ERR_SSL|wrong version number|Hostname\/IP does not match/i

/**
 * Over TLS 1.3 a broker that requires client certificates (ssl.client.auth=required) rejects a
 * client without one after the handshake: the client only sees the connection close.
 */
function clientCertificateHint(config: KafkaClientConfig, text: string): string {
  if (!config.tls || config.tls.cert !== undefined || !/Connection closed/i.test(text)) return ''
  return ' (over TLS, a broker that requires client certificates closes the connection of a client without one: give it with kafka.ssl.keystore.location)'
}

function groupByTopic(tps: readonly TopicPartition[]): Map<string, number[]> {
  const out = new Map<string, number[]>()
  for (const tp of tps) {
    const list = out.get(tp.topic) ?? []
    list.push(tp.partition)
    out.set(tp.topic, list)
  }
  return out
}

/** read_committed: is this producer's batch part of a transaction the broker reports aborted? */
function abortedSince(
  list: readonly { producerId: bigint; firstOffset: bigint }[],
  producer: bigint,
  firstOffset: bigint,
  open: Map<bigint, bigint>,
  lastMarker: bigint,
): boolean {
  for (const a of list)
    if (a.producerId === producer && a.firstOffset <= firstOffset && a.firstOffset > lastMarker)
      open.set(producer, a.firstOffset)
  return open.has(producer)
}

function isUnknownTopic(error: unknown): boolean {
  return /UNKNOWN_TOPIC_OR_PARTITION|unknown topic/i.test(describe(error))
}

/** The library's errors nest causes (AggregateError); the innermost messages say what failed. */
export function describe(error: unknown): string {
  const parts: string[] = []
  const visit = (e: unknown, depth: number): void => {
    if (depth > 4 || e === null || e === undefined) return
    if (e instanceof Error) {
      if (e.message && !parts.includes(e.message)) parts.push(e.message)
      const nested = (e as { errors?: unknown[] }).errors
      if (Array.isArray(nested)) for (const n of nested.slice(0, 3)) visit(n, depth + 1)
      visit((e as { cause?: unknown }).cause, depth + 1)
    } else parts.push(String(e))
  }
  visit(error, 0)
  return parts.join(': ') || 'unknown error'
}

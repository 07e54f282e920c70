/**
 * One Kafka Fetch request whose record batches come back exactly as the broker sent them.
 *
 * Why not `Consumer.fetch()`: with isolation.level=read_committed, `@platformatic/kafka` (1.35 and
 * 2.x) filters aborted records itself and gets it wrong when one producer has aborted twice in a
 * response. It keeps one range per producer id, from the first aborted transaction to the *last*
 * ABORT marker, and drops every batch in between — including the producer's committed
 * transactions. A transactional producer keeps its producer id across restarts, so a sink that
 * was killed twice mid-transaction loses everything it committed between the two aborts. (Found
 * by test/kafka/kafka-sink-crash.kafka.ts: 595 of 1,360 committed records went missing.)
 *
 * So the reader sends the request through the library's public low-level API (metadata,
 * connection, the negotiated Fetch version) and applies the broker's aborted-transaction list
 * itself, batch by batch and marker by marker, as the Java consumer does (kafka-client.ts,
 * `read`). The response's record batches stay bytes (fetch-response.ts).
 */
import type * as KafkaModule from '@platformatic/kafka'
import type { Consumer as KafkaConsumer } from '@platformatic/kafka'
import { rawFetchApi, type RawFetchResponse } from './fetch-response.js'

type Consumer = KafkaConsumer<Buffer, Buffer, Buffer, Buffer>
type FetchApi = typeof KafkaModule.fetchV17.api
type FetchArguments = FetchApi extends KafkaModule.API<infer A, unknown> ? A : never
export type FetchRequestTopic = KafkaModule.fetchV17.FetchRequestTopic

export interface RawFetchRequest {
  /** The node id of the partitions' leader. */
  readonly node: number
  /** Topic names, for the metadata lookup of the leader's address. */
  readonly topicNames: readonly string[]
  readonly maxWaitMs: number
  readonly minBytes: number
  readonly maxBytes: number
  /** 0 read_uncommitted, 1 read_committed (the broker then stops at the last stable offset). */
  readonly isolationLevel: 0 | 1
  readonly topics: FetchRequestTopic[]
}

/** Sends one Fetch to `request.node`; the response's record batches are neither decoded nor filtered. */
export function rawFetch(
  kafka: typeof KafkaModule,
  consumer: Consumer,
  request: RawFetchRequest,
): Promise<RawFetchResponse> {
  return new Promise<RawFetchResponse>((resolve, reject) => {
    consumer[kafka.kMetadata]({ topics: [...request.topicNames] }, (error, metadata) => {
      if (error) return reject(error)
      const broker = metadata!.brokers.get(request.node)
      if (!broker) return reject(new Error(`no broker with node id ${request.node} in metadata`))
      consumer[kafka.kGetConnection](broker, (error, connection) => {
        if (error) return reject(error)
        consumer[kafka.kGetApi]<FetchArguments, unknown>('Fetch', (error, negotiated) => {
          if (error) return reject(error)
          let api: KafkaModule.API<FetchArguments, RawFetchResponse>
          try {
            api = rawFetchApi(kafka, negotiated!.version) as never
          } catch (error) {
            return reject(error instanceof Error ? error : new Error(String(error)))
          }
          api(
            connection!,
            request.maxWaitMs,
            request.minBytes,
            request.maxBytes,
            request.isolationLevel,
            // No fetch session (id 0, epoch -1): every request names all its partitions.
            0,
            -1,
            request.topics,
            [],
            '',
            (error: Error | null, response?: RawFetchResponse) =>
              error ? reject(error) : resolve(response!),
          )
        })
      })
    })
  })
}

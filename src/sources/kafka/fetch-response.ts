/**
 * Fetch (v13–v17) with the partitions' record batches left as the broker sent them: one Buffer
 * per partition, decoded by record-batches.ts straight into columns.
 *
 * Why not the library's own response parser: it decodes every record into an object (a Buffer
 * for its key, one for its value, an array for its headers) while the response is read. On a
 * Kafka → Delta query that was a quarter of the main thread's time and most of the garbage the
 * collector then had to trace — for values that only go on to the JSON parse workers as bytes.
 *
 * Everything else is the library's: the request encoder of the negotiated version, the response's
 * header fields read with its Reader, and a partition error raised as its ResponseError, exactly
 * as its own parser raises it (so retries and the OFFSET_OUT_OF_RANGE handling are unchanged).
 */
import type * as KafkaModule from '@platformatic/kafka'

type KafkaModule = typeof KafkaModule
type Reader = KafkaModule.Reader

/** The Fetch versions whose responses share this layout (topic ids, tagged fields). */
export const RAW_FETCH_VERSIONS = [13, 14, 15, 16, 17] as const

export interface RawFetchPartition {
  readonly partitionIndex: number
  readonly errorCode: number
  readonly highWatermark: bigint
  readonly lastStableOffset: bigint
  readonly logStartOffset: bigint
  readonly abortedTransactions: readonly { producerId: bigint; firstOffset: bigint }[]
  /** The partition's record batches, undecoded (the last one may be cut short by max bytes). */
  readonly records: Buffer | undefined
}

export interface RawFetchResponse {
  readonly responses: readonly {
    readonly topicId: string
    readonly partitions: readonly RawFetchPartition[]
  }[]
}

/** A Fetch API of version `version` (13–17) that parses responses with {@link parseRawFetch}. */
export function rawFetchApi(
  kafka: KafkaModule,
  version: number,
): KafkaModule.API<never, RawFetchResponse> {
  const requestModules: Record<number, { createRequest: (...args: never[]) => unknown }> = {
    13: kafka.fetchV13,
    14: kafka.fetchV14,
    15: kafka.fetchV15,
    16: kafka.fetchV16,
    17: kafka.fetchV17,
  }
  const module = requestModules[version]
  if (!module) throw new Error(`Fetch v${version} is not supported here (13 to 17 are)`)
  return kafka.createAPI(
    1,
    version,
    module.createRequest as never,
    (_correlationId: number, apiKey: number, apiVersion: number, reader: Reader) =>
      parseRawFetch(kafka, apiKey, apiVersion, reader),
  )
}

/** The library's fetch response parser, except that records stay bytes. */
function parseRawFetch(
  kafka: KafkaModule,
  apiKey: number,
  apiVersion: number,
  reader: Reader,
): RawFetchResponse {
  const errors: [string, [number, null]][] = []
  reader.readInt32() // throttle_time_ms
  const errorCode = reader.readInt16()
  if (errorCode !== 0) errors.push([apiVersion === 17 ? '' : '/', [errorCode, null]])
  reader.readInt32() // session_id
  const response: RawFetchResponse = {
    responses: reader.readArray((r, i) => ({
      topicId: r.readUUID(),
      partitions: r.readArray((r, j) => {
        const partitionIndex = r.readInt32()
        const errorCode = r.readInt16()
        const highWatermark = r.readInt64()
        const lastStableOffset = r.readInt64()
        const logStartOffset = r.readInt64()
        const abortedTransactions = r.readArray((r) => ({
          producerId: r.readInt64(),
          firstOffset: r.readInt64(),
        }))
        r.readInt32() // preferred_read_replica
        if (errorCode !== 0) errors.push([`/responses/${i}/partitions/${j}`, [errorCode, null]])
        // COMPACT_RECORDS: the length is stored plus one.
        const size = r.readUnsignedVarInt() - 1
        let records: Buffer | undefined
        if (size > 0) {
          // One contiguous Buffer (a view when the response arrived in one piece).
          records = (r.buffer as unknown as { slice(a: number, b: number): Buffer }).slice(
            r.position,
            r.position + size,
          )
          r.skip(size)
        }
        return {
          partitionIndex,
          errorCode,
          highWatermark,
          lastStableOffset,
          logStartOffset,
          abortedTransactions,
          records,
        }
      }),
    })),
  }
  if (errors.length)
    throw new kafka.ResponseError(apiKey, apiVersion, Object.fromEntries(errors), response)
  return response
}

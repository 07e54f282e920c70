/**
 * The CRC-32C check of a record batch, as Java's consumer does with `check.crcs=true` (its
 * default, so Spark's): the checksum a batch stores against the one of its bytes from the
 * attributes to its end. A batch damaged on the broker's disk or on the way fails the read
 * instead of becoming rows.
 */
import { createRequire } from 'node:module'
import type * as KafkaModule from '@platformatic/kafka'
import type { RecordBatchHeader } from './record-batches.js'

type KafkaModule = typeof KafkaModule
type Crc32c = (bytes: Uint8Array) => number

/** Where the stored checksum sits in a batch, and where the checksummed bytes start. */
const CRC_AT = 17
const CHECKSUMMED_FROM = 21

let crc32c: Crc32c | undefined

/**
 * The client library's native CRC-32C (`@node-rs/crc32`, its optional dependency, ~2.5 GB/s),
 * called on our Buffer directly: the library's own wrapper copies every buffer it is given.
 * Where that package has no build for the platform, the library's WebAssembly one (~0.5 GB/s).
 */
function checksum(kafka: KafkaModule): Crc32c {
  if (crc32c) return crc32c
  try {
    // Resolved from the library's own folder: the package is its dependency, not ours.
    const require = createRequire(createRequire(import.meta.url).resolve('@platformatic/kafka'))
    const native = (require('@node-rs/crc32') as { crc32c: (bytes: Uint8Array) => number }).crc32c
    crc32c = (bytes) => native(bytes) >>> 0
  } catch {
    crc32c = (bytes) => kafka.crc32c(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length))
  }
  return crc32c
}

/** The checksum `batch` stores and the one its bytes have; equal for an intact batch. */
export function batchChecksums(
  kafka: KafkaModule,
  records: Buffer,
  batch: RecordBatchHeader,
): { readonly stored: number; readonly computed: number } {
  return {
    stored: records.readUInt32BE(batch.position + CRC_AT),
    computed: checksum(kafka)(records.subarray(batch.position + CHECKSUMMED_FROM, batch.end)),
  }
}

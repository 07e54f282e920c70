/**
 * Kafka's record batch format (magic 2, the only one Kafka 4 brokers store), read from the bytes
 * a Fetch returned: the batch headers one by one, and a batch's records appended to a
 * {@link KafkaRecordBlock} as positions in the buffer — no object per record.
 *
 * Layout (Kafka's DefaultRecordBatch): baseOffset int64, batchLength int32, partitionLeaderEpoch
 * int32, magic int8, crc uint32, attributes int16, lastOffsetDelta int32, baseTimestamp int64,
 * maxTimestamp int64, producerId int64, producerEpoch int16, baseSequence int32, recordCount int32,
 * then the records (compressed as a whole when the attributes say so). A record: length varint,
 * attributes int8, timestampDelta varlong, offsetDelta varint, key (varint length, -1 null),
 * value (same), header count varint, headers (key: varint length + UTF-8; value as the key).
 * Every varint is zigzag-encoded.
 */
import type * as KafkaModule from '@platformatic/kafka'
import { SourceError } from '../../errors/index.js'
import type { KafkaRecordBlock } from './kafka-record-block.js'

type KafkaModule = typeof KafkaModule

/** Bytes before batchLength's count starts (baseOffset + batchLength). */
const LOG_OVERHEAD = 12
/** Bytes of a batch header, up to its first record. */
const BATCH_HEADER = 61
/** Batch attribute bits. */
const COMPRESSION_MASK = 0x07
export const TIMESTAMP_LOG_APPEND = 0x08
export const TRANSACTIONAL = 0x10
export const CONTROL = 0x20

export interface RecordBatchHeader {
  /** Where the batch starts in the buffer. */
  readonly position: number
  /** Where the next batch starts. */
  readonly end: number
  readonly firstOffset: number
  readonly lastOffsetDelta: number
  readonly attributes: number
  readonly firstTimestamp: number
  readonly maxTimestamp: number
  readonly producerId: bigint
  readonly recordCount: number
}

/** The complete batches of `records` (a last batch cut short by the fetch size is left out). */
export function* recordBatches(records: Buffer): Generator<RecordBatchHeader> {
  let position = 0
  while (records.length - position >= BATCH_HEADER) {
    const end = position + LOG_OVERHEAD + records.readInt32BE(position + 8)
    if (end > records.length) return
    const magic = records.readInt8(position + 16)
    if (magic !== 2)
      throw new SourceError('SL_SOURCE_KAFKA_RECORD_FORMAT', {
        problem: `a record batch with magic ${magic} (only format 2 is read)`,
      })
    yield {
      position,
      end,
      firstOffset: Number(records.readBigInt64BE(position)),
      attributes: records.readInt16BE(position + 21),
      lastOffsetDelta: records.readInt32BE(position + 23),
      firstTimestamp: Number(records.readBigInt64BE(position + 27)),
      maxTimestamp: Number(records.readBigInt64BE(position + 35)),
      producerId: records.readBigInt64BE(position + 43),
      recordCount: records.readInt32BE(position + 57),
    }
    position = end
  }
}

/** Read cursor shared by the varint readers below (one decode runs at a time: no awaits). */
let at = 0

/** A zigzag varint of up to 64 bits, as a number (exact to 2^53, far beyond any delta here). */
function readVarLong(buf: Buffer): number {
  let b = buf[at++]!
  if ((b & 0x80) === 0) return (b >>> 1) ^ -(b & 1)
  let value = b & 0x7f
  let scale = 128
  do {
    b = buf[at++]!
    value += (b & 0x7f) * scale
    scale *= 128
  } while (b & 0x80)
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2
}

/**
 * Appends the records of `batch` whose offsets are in `[from, until)` to `block`; a compressed
 * batch is inflated first with the library's codecs (gzip, snappy, lz4; zstd where Node has it).
 */
export function appendBatchRecords(
  kafka: KafkaModule,
  records: Buffer,
  batch: RecordBatchHeader,
  from: number,
  until: number,
  logAppendTime: boolean,
  block: KafkaRecordBlock,
): void {
  let buf = records
  let start = batch.position + BATCH_HEADER
  const compression = batch.attributes & COMPRESSION_MASK
  if (compression !== 0) {
    const codec = kafka.compressionsAlgorithmsByBitmask[compression]
    if (!codec)
      throw new SourceError('SL_SOURCE_KAFKA_RECORD_FORMAT', {
        problem: `a record batch compressed with unknown codec ${compression}`,
      })
    buf = codec.decompressSync(records.subarray(start, batch.end))
    start = 0
  }
  const owner = block.addBuffer(buf)
  at = start
  for (let n = 0; n < batch.recordCount; n++) {
    const length = readVarLong(buf)
    const next = at + length
    at++ // attributes (unused)
    const timestampDelta = readVarLong(buf)
    const offset = batch.firstOffset + readVarLong(buf)
    if (offset < from || offset >= until) {
      at = next
      continue
    }
    const keyLength = readVarLong(buf)
    const keyStart = at
    if (keyLength > 0) at += keyLength
    const valueLength = readVarLong(buf)
    const valueStart = at
    if (valueLength > 0) at += valueLength
    const ms = logAppendTime ? batch.maxTimestamp : batch.firstTimestamp + timestampDelta
    // The header count starts right after the value; headers are read only if rows are built.
    block.push(
      owner,
      offset,
      ms * 1000,
      logAppendTime ? 1 : 0,
      keyStart,
      keyLength,
      valueStart,
      valueLength,
      at,
    )
    at = next
  }
}

/** The headers of one record, starting at `position` (its header count): Spark's array form. */
export function readHeaders(
  buf: Buffer,
  position: number,
): [string | null, Uint8Array | null][] | null {
  at = position
  const count = readVarLong(buf)
  if (count <= 0) return null
  const headers: [string | null, Uint8Array | null][] = []
  for (let i = 0; i < count; i++) {
    const keyLength = readVarLong(buf)
    const key = keyLength < 0 ? null : buf.toString('utf8', at, at + keyLength)
    if (keyLength > 0) at += keyLength
    const valueLength = readVarLong(buf)
    const value = valueLength < 0 ? null : buf.subarray(at, at + valueLength)
    if (valueLength > 0) at += valueLength
    headers.push([key, value])
  }
  return headers
}

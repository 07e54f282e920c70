/**
 * Output rows → Kafka records, as Spark's KafkaWriteTask projects them: strings as UTF-8 bytes,
 * a null key or value stays null (a null value is a tombstone), a null partition leaves the
 * choice to the partitioner, header values may be null.
 */
import { SinkError } from '../../errors/index.js'
import type { Row } from '../../types/index.js'
import type { KafkaSinkLayout } from './kafka-sink-schema.js'

/** One record to produce. */
export interface KafkaOutRecord {
  readonly topic: string
  readonly key: Buffer | undefined
  readonly value: Buffer | undefined
  readonly partition: number | undefined
  readonly headers: Map<Buffer, Buffer> | undefined
  /** The record's timestamp (ms); undefined lets the producer stamp it (Spark's sink does). */
  readonly timestamp?: number
}

/** Encodes a batch; `batchId` names the batch in the error for a null topic. */
export function encodeKafkaRecords(
  rows: readonly Row[],
  layout: KafkaSinkLayout,
  batchId: number,
): KafkaOutRecord[] {
  return rows.map((row) => {
    const topic = layout.fixedTopic ?? (row[layout.topic] as string | null)
    if (topic === null || topic === undefined)
      throw new SinkError('SL_SINK_KAFKA_NULL_TOPIC', { batch: batchId }, { batchId })
    const partition = layout.partition >= 0 ? (row[layout.partition] as number | null) : null
    return {
      topic,
      key: layout.key >= 0 ? bytes(row[layout.key]) : undefined,
      value: bytes(row[layout.value]),
      partition: partition ?? undefined,
      headers: layout.headers >= 0 ? headers(row[layout.headers]) : undefined,
    }
  })
}

function bytes(v: unknown): Buffer | undefined {
  if (v === null || v === undefined) return undefined
  if (typeof v === 'string') return Buffer.from(v, 'utf8')
  const view = v as Uint8Array
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength)
}

/**
 * array<struct<key,value>>: structs are arrays of field values; null elements are skipped. A null
 * header value stays null (length -1 on the wire), as Spark's KafkaWriteTask writes it.
 */
function headers(v: unknown): Map<Buffer, Buffer> | undefined {
  if (v === null || v === undefined) return undefined
  const out = new Map<Buffer, Buffer>()
  for (const h of v as readonly (readonly unknown[] | null)[]) {
    if (h === null) continue
    // A Map keeps one value per key object: fresh Buffers keep repeated header keys apart. The
    // library writes an undefined value as a null one (its type says Buffer only).
    out.set(Buffer.from(String(h[0] ?? ''), 'utf8'), bytes(h[1]) as Buffer)
  }
  return out
}

/**
 * The records one offset range read, kept by column over the fetched bytes: for each record its
 * offset, timestamp, and where its key, value and headers sit in one of the fetched (or
 * inflated) buffers. Rows of Spark's Kafka schema are built only when a step asks for rows; the
 * fused `from_json(CAST(value AS STRING))` step instead takes the values as one buffer
 * ({@link KafkaRecordBlock.binaryValues}) for the JSON parse workers, and no object per record is
 * ever made.
 */
import type { Row } from '../../types/index.js'
import type { BinaryValues, ColumnarRecords } from '../../types/record-chunk.js'
import { readHeaders } from './record-batches.js'

/** Column positions in Spark's Kafka schema (kafka-schema.ts). */
const KEY_COLUMN = 0
const VALUE_COLUMN = 1

export class KafkaRecordBlock implements ColumnarRecords {
  count = 0
  private readonly buffers: Buffer[] = []
  private owner: Int32Array
  private offsets: Float64Array
  private timestamps: Float64Array
  private keyStart: Int32Array
  private keyLength: Int32Array
  private valueStart: Int32Array
  private valueLength: Int32Array
  private headerStart: Int32Array
  /** 1 when the broker stamped the record (LogAppendTime), 0 for the producer's time. */
  private timestampType: Uint8Array

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly includeHeaders: boolean,
    expected: number,
  ) {
    const capacity = Math.max(16, Math.min(expected, 1 << 16))
    this.owner = new Int32Array(capacity)
    this.offsets = new Float64Array(capacity)
    this.timestamps = new Float64Array(capacity)
    this.keyStart = new Int32Array(capacity)
    this.keyLength = new Int32Array(capacity)
    this.valueStart = new Int32Array(capacity)
    this.valueLength = new Int32Array(capacity)
    this.headerStart = new Int32Array(capacity)
    this.timestampType = new Uint8Array(capacity)
  }

  /** Registers a buffer records point into; returns its index for {@link push}. */
  addBuffer(buffer: Buffer): number {
    if (this.buffers.at(-1) === buffer) return this.buffers.length - 1
    this.buffers.push(buffer)
    return this.buffers.length - 1
  }

  push(
    owner: number,
    offset: number,
    timestampMicros: number,
    timestampType: number,
    keyStart: number,
    keyLength: number,
    valueStart: number,
    valueLength: number,
    headerStart: number,
  ): void {
    if (this.count === this.owner.length) this.grow()
    const i = this.count++
    this.owner[i] = owner
    this.offsets[i] = offset
    this.timestamps[i] = timestampMicros
    this.timestampType[i] = timestampType
    this.keyStart[i] = keyStart
    this.keyLength[i] = keyLength
    this.valueStart[i] = valueStart
    this.valueLength[i] = valueLength
    this.headerStart[i] = headerStart
  }

  /** Rows `[from, to)` of Spark's Kafka schema (headers last when includeHeaders). */
  rows(from = 0, to = this.count): Row[] {
    const rows: Row[] = new Array<Row>(Math.max(0, to - from))
    for (let i = from; i < to; i++) {
      const buf = this.buffers[this.owner[i]!]!
      const row: Row = [
        slice(buf, this.keyStart[i]!, this.keyLength[i]!),
        slice(buf, this.valueStart[i]!, this.valueLength[i]!),
        this.topic,
        this.partition,
        this.offsets[i]!,
        this.timestamps[i]!,
        this.timestampType[i]!,
      ]
      // A record without headers has null headers, not an empty array (Spark's
      // KafkaRecordToRowConverter).
      if (this.includeHeaders) row.push(readHeaders(buf, this.headerStart[i]!))
      rows[i - from] = row
    }
    return rows
  }

  /**
   * The keys or values of rows `[from, to)` in one new buffer: each buffer's stretch of records
   * is copied in one piece (the record framing between values comes along; the starts skip it).
   */
  binaryValues(column: number, from: number, to: number): BinaryValues | undefined {
    if (column !== KEY_COLUMN && column !== VALUE_COLUMN) return undefined
    const starts = column === KEY_COLUMN ? this.keyStart : this.valueStart
    const lengths = column === KEY_COLUMN ? this.keyLength : this.valueLength
    const n = Math.max(0, to - from)
    const outStarts = new Int32Array(n)
    const outLengths = new Int32Array(n)
    // Stretches of consecutive rows in one buffer: [first row, end row, first byte, end byte).
    const stretches: number[] = []
    let total = 0
    for (let i = from; i < to;) {
      const owner = this.owner[i]!
      let j = i
      let low = -1
      let high = -1
      while (j < to && this.owner[j] === owner) {
        if (lengths[j]! >= 0) {
          if (low < 0) low = starts[j]!
          high = starts[j]! + lengths[j]!
        }
        j++
      }
      if (low >= 0) {
        stretches.push(i, j, low, high)
        total += high - low
      } else stretches.push(i, j, 0, 0)
      i = j
    }
    const bytes = new Uint8Array(total)
    let at = 0
    for (let s = 0; s < stretches.length; s += 4) {
      const [first, end, low, high] = stretches.slice(s, s + 4) as [number, number, number, number]
      const buf = this.buffers[this.owner[first]!]!
      if (high > low) buf.copy(bytes, at, low, high)
      for (let i = first; i < end; i++) {
        const length = lengths[i]!
        outLengths[i - from] = length < 0 ? -1 : length
        outStarts[i - from] = length < 0 ? at : at + starts[i]! - low
      }
      at += high - low
    }
    return { bytes, starts: outStarts, lengths: outLengths }
  }

  private grow(): void {
    const size = this.owner.length * 2
    const bigger = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size)
      b.set(a)
      return b
    }
    this.owner = bigger(this.owner)
    this.offsets = bigger(this.offsets)
    this.timestamps = bigger(this.timestamps)
    this.keyStart = bigger(this.keyStart)
    this.keyLength = bigger(this.keyLength)
    this.valueStart = bigger(this.valueStart)
    this.valueLength = bigger(this.valueLength)
    this.headerStart = bigger(this.headerStart)
    this.timestampType = bigger(this.timestampType)
  }
}

/** A key or value: a view of the fetched bytes, null for length -1. */
function slice(buf: Buffer, start: number, length: number): Uint8Array | null {
  return length < 0 ? null : buf.subarray(start, start + length)
}

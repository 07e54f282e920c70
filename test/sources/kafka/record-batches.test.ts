/**
 * The record batch decoder against the client library's own encoder and decoder: batches written
 * by `createRecordsBatch` (every codec, keys and values null or not, headers, timestamps either
 * side of the first) must decode to the records that went in — and to what the library's
 * `readRecordsBatches` reads from the same bytes.
 */
import * as kafka from '@platformatic/kafka'
import { describe, expect, it } from 'vitest'
import { batchChecksums } from '../../../src/sources/kafka/batch-checksum.js'
import { KafkaRecordBlock } from '../../../src/sources/kafka/kafka-record-block.js'
import { appendBatchRecords, recordBatches } from '../../../src/sources/kafka/record-batches.js'

type Message = {
  topic: string
  key?: Buffer
  value?: Buffer
  timestamp: bigint
  headers?: Map<Buffer, Buffer>
}

const T0 = 1_765_000_000_000n

function messages(count: number, seed: number): Message[] {
  return Array.from({ length: count }, (_, i) => ({
    topic: 't',
    ...(i % 3 === 0 ? {} : { key: Buffer.from(`key-${seed}-${i}`) }),
    ...(i % 7 === 3 ? {} : { value: Buffer.from(`{"n":${i},"s":"${'x'.repeat(i % 200)}"}`) }),
    // Earlier and later than the batch's first record: negative and multi-byte deltas. (Within
    // ±2^31 ms: the library's varint64 writer wraps beyond that, so it cannot be the oracle.)
    timestamp: T0 + BigInt((i % 5) - 2) * 3_600_000n * BigInt(i % 100),
    ...(i % 4 === 1
      ? {
          headers: new Map([
            [Buffer.from('h1'), Buffer.from(`v${i}`)],
            [Buffer.from('h2'), Buffer.alloc(0)],
          ]),
        }
      : {}),
  }))
}

/** One batch's bytes with its base offset set (the library writes 0 there; the broker sets it). */
function batchBytes(ms: Message[], baseOffset: number, compression: string): Buffer {
  const writer = kafka.createRecordsBatch(ms as never, { compression: compression as never })
  const bytes = Buffer.from(writer.buffer)
  bytes.writeBigInt64BE(BigInt(baseOffset), 0)
  return bytes
}

function decode(bytes: Buffer, from: number, until: number): KafkaRecordBlock {
  const block = new KafkaRecordBlock('t', 0, true, until - from)
  for (const batch of recordBatches(bytes))
    appendBatchRecords(kafka, bytes, batch, from, until, false, block)
  return block
}

describe('record batches', () => {
  for (const compression of ['none', 'gzip', 'snappy', 'lz4']) {
    it(`decodes ${compression} batches to the records written`, () => {
      const first = messages(300, 1)
      const second = messages(50, 2)
      const bytes = Buffer.concat([
        batchBytes(structuredClone(first), 1000, compression),
        batchBytes(structuredClone(second), 1300, compression),
      ])
      const rows = decode(bytes, 1000, 1350).rows()
      expect(rows).toHaveLength(350)
      const all = [...first, ...second]
      rows.forEach((row, i) => {
        const m = all[i]!
        expect(row[0] === null ? null : Buffer.from(row[0] as Uint8Array)).toEqual(m.key ?? null)
        expect(row[1] === null ? null : Buffer.from(row[1] as Uint8Array)).toEqual(m.value ?? null)
        expect(row.slice(2, 7)).toEqual(['t', 0, 1000 + i, Number(m.timestamp) * 1000, 0])
        const headers = m.headers
          ? [...m.headers].map(([k, v]) => [k.toString('utf8'), Buffer.from(v)])
          : null
        expect(
          (row[7] as [string, Uint8Array][] | null)?.map(([k, v]) => [k, Buffer.from(v)]) ?? null,
        ).toEqual(headers)
      })
      // The library's decoder reads the same records from the same bytes.
      const theirs = kafka.readRecordsBatches(kafka.Reader.from(bytes))
      const values = theirs.flatMap((b) => b.records.map((r) => r.value))
      expect(rows.map((r) => (r[1] === null ? null : Buffer.from(r[1] as Uint8Array)))).toEqual(
        values.map((v) => (v === null || v.length === 0 ? (v ?? null) : Buffer.from(v))),
      )
    })
  }

  it('keeps only the offsets of the range, and skips a batch cut short by the fetch size', () => {
    const bytes = Buffer.concat([
      batchBytes(messages(10, 1), 0, 'none'),
      batchBytes(messages(10, 2), 10, 'none'),
    ])
    const cut = bytes.subarray(0, bytes.length - 5)
    expect([...recordBatches(cut)]).toHaveLength(1)
    const rows = decode(bytes, 4, 13).rows()
    expect(rows.map((r) => r[4])).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12])
  })

  it('hands over the values of a row range as one buffer', () => {
    const ms = messages(40, 3)
    const bytes = Buffer.concat([
      batchBytes(ms.slice(0, 25), 0, 'none'),
      batchBytes(ms.slice(25), 25, 'gzip'),
    ])
    const block = decode(bytes, 0, 40)
    const values = block.binaryValues(1, 5, 33)!
    expect(values.starts).toHaveLength(28)
    for (let i = 0; i < 28; i++) {
      const m = ms[5 + i]!
      const length = values.lengths[i]!
      const got =
        length < 0
          ? null
          : Buffer.from(values.bytes.subarray(values.starts[i], values.starts[i]! + length))
      expect(got).toEqual(m.value ?? null)
    }
    expect(block.binaryValues(2, 0, 1)).toBeUndefined()
  })

  it('refuses an old message format by name', () => {
    const bytes = batchBytes(messages(3, 1), 0, 'none')
    bytes.writeInt8(1, 16)
    expect(() => [...recordBatches(bytes)]).toThrow(/SL_SOURCE_KAFKA_RECORD_FORMAT|magic 1/)
  })

  it('checks a batch against the CRC-32C the library wrote, and finds one changed byte', () => {
    for (const compression of ['none', 'gzip']) {
      const bytes = Buffer.concat([
        batchBytes(messages(30, 4), 0, compression),
        batchBytes(messages(30, 5), 30, compression),
      ])
      const batches = [...recordBatches(bytes)]
      for (const batch of batches) {
        const { stored, computed } = batchChecksums(kafka, bytes, batch)
        expect(computed).toBe(stored)
      }
      // The base offset is outside the checksum (the broker sets it); a record byte is inside.
      bytes.writeBigInt64BE(99n, 0)
      expect(batchChecksums(kafka, bytes, batches[0]!).computed).toBe(
        batchChecksums(kafka, bytes, batches[0]!).stored,
      )
      const last = batches[1]!
      bytes[last.end - 3]! ^= 0x01
      const damaged = batchChecksums(kafka, bytes, last)
      expect(damaged.computed).not.toBe(damaged.stored)
    }
  })

  it('computes CRC-32C (Castagnoli): the standard check value of "123456789" is 0xE3069283', () => {
    const bytes = Buffer.alloc(30)
    bytes.write('123456789', 21)
    bytes.writeUInt32BE(0xe3069283, 17)
    const batch = { position: 0, end: 30 } as Parameters<typeof batchChecksums>[2]
    expect(batchChecksums(kafka, bytes, batch)).toEqual({
      stored: 0xe3069283,
      computed: 0xe3069283,
    })
  })
})

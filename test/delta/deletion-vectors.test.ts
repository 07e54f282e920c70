import { promises as fs } from 'node:fs'
import path from 'node:path'
import { crc32 } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import {
  deletionVectorFile,
  loadDeletedRows,
  withoutDeletedRows,
} from '../../src/delta/deletion-vectors.js'
import { DeltaLog } from '../../src/delta/index.js'
import { DELTA_BITMAP_MAGIC } from '../../src/delta/roaring-bitmap.js'
import { EngineError } from '../../src/errors/index.js'
import { tempDir } from '../support/temp-dir.js'

const Z85 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#'

// Test input only: RFC 32 encoding (the decoder under test is the other direction).
function z85(bytes: Uint8Array): string {
  let out = ''
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let i = 0; i < bytes.length; i += 4) {
    let word = view.getUint32(i)
    const chars: string[] = []
    for (let j = 0; j < 5; j++) {
      chars.unshift(Z85[word % 85]!)
      word = Math.floor(word / 85)
    }
    out += chars.join('')
  }
  return out
}

/** Magic + one bucket with an array container holding `positions` (< 65536). */
function bitmap(positions: number[]): Uint8Array {
  const buf = Buffer.alloc(4 + 8 + 4 + 4 + 4 + 4 + 4 + 2 * positions.length)
  let o = buf.writeUInt32LE(DELTA_BITMAP_MAGIC, 0)
  o = buf.writeBigUInt64LE(1n, o)
  o = buf.writeUInt32LE(0, o)
  o = buf.writeUInt32LE(12346, o)
  o = buf.writeUInt32LE(1, o)
  o = buf.writeUInt16LE(0, o)
  o = buf.writeUInt16LE(positions.length - 1, o)
  o = buf.writeUInt32LE(0, o)
  for (const p of positions) o = buf.writeUInt16LE(p, o)
  return buf
}

/** A DV file: version 1, then each bitmap framed as size (BE), data, CRC-32 (BE). */
function dvFile(bitmaps: Uint8Array[]): { bytes: Buffer; offsets: number[] } {
  const parts: Buffer[] = [Buffer.from([1])]
  const offsets: number[] = []
  let at = 1
  for (const b of bitmaps) {
    offsets.push(at)
    const size = Buffer.alloc(4)
    size.writeUInt32BE(b.length)
    const sum = Buffer.alloc(4)
    sum.writeUInt32BE(crc32(b))
    parts.push(size, Buffer.from(b), sum)
    at += 8 + b.length
  }
  return { bytes: Buffer.concat(parts), offsets }
}

async function failure(p: Promise<unknown>): Promise<EngineError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(EngineError)
  return e as EngineError
}

describe('deletion vectors', () => {
  test('u: random prefix directory + Z85 UUID; p: absolute path', () => {
    const uuid = 'HelloWorldHelloWorld'
    expect(
      deletionVectorFile('/t', {
        storageType: 'u',
        pathOrInlineDv: `ab${uuid}`,
        sizeInBytes: 1,
        cardinality: 1,
      }),
    ).toBe('/t/ab/deletion_vector_864fd26f-b559-f75b-864f-d26fb559f75b.bin')
    expect(
      deletionVectorFile('/t', {
        storageType: 'u',
        pathOrInlineDv: uuid,
        sizeInBytes: 1,
        cardinality: 1,
      }),
    ).toBe('/t/deletion_vector_864fd26f-b559-f75b-864f-d26fb559f75b.bin')
    expect(
      deletionVectorFile('/t', {
        storageType: 'p',
        pathOrInlineDv: 'file:///x/dv.bin',
        sizeInBytes: 1,
        cardinality: 1,
      }),
    ).toBe('/x/dv.bin')
  })

  test('inline (i): Z85 bitmap, padded to a multiple of 4 bytes and cut to sizeInBytes', async () => {
    const b = bitmap([1, 4, 6])
    const padded = new Uint8Array(Math.ceil(b.length / 4) * 4)
    padded.set(b)
    const deleted = await loadDeletedRows(
      '/t',
      'f.parquet',
      { storageType: 'i', pathOrInlineDv: z85(padded), sizeInBytes: b.length, cardinality: 3 },
      0,
    )
    expect([...deleted]).toEqual([1, 4, 6])
    expect(withoutDeletedRows(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], deleted)).toEqual([
      'a',
      'c',
      'd',
      'f',
      'h',
    ])
  })

  test('on disk (p): the DV at its offset, size and checksum checked', async () => {
    const dir = await tempDir('streamlake-dv-')
    const first = bitmap([0])
    const second = bitmap([2, 3])
    const { bytes, offsets } = dvFile([first, second])
    const file = path.join(dir, 'dv.bin')
    await fs.writeFile(file, bytes)
    const dv = {
      storageType: 'p',
      pathOrInlineDv: file,
      offset: offsets[1]!,
      sizeInBytes: second.length,
      cardinality: 2,
    }
    expect([...(await loadDeletedRows(dir, 'f.parquet', dv, 3))]).toEqual([2, 3])

    const wrongCardinality = await failure(
      loadDeletedRows(dir, 'f.parquet', { ...dv, cardinality: 5 }, 3),
    )
    expect(wrongCardinality.code).toBe('SL_DELTA_CORRUPT_LOG')
    expect(wrongCardinality.message).toContain('cardinality')

    const flip = offsets[1]! + 4 + 14 // a byte of the second bitmap
    bytes.writeUInt8(bytes.readUInt8(flip) ^ 0xff, flip)
    await fs.writeFile(file, bytes)
    const badSum = await failure(loadDeletedRows(dir, 'f.parquet', dv, 3))
    expect(badSum.code).toBe('SL_DELTA_CORRUPT_LOG')
    expect(badSum.message).toContain('CRC-32')
    expect(badSum.message).toContain('f.parquet')

    const missing = await failure(
      loadDeletedRows(dir, 'f.parquet', { ...dv, pathOrInlineDv: path.join(dir, 'gone.bin') }, 3),
    )
    expect(missing.code).toBe('SL_DELTA_DATA_FILE_NOT_FOUND')
  })

  test('a table with deletion vectors is never checkpointed by our V1 writer (it would drop the DVs)', async () => {
    const table = path.join(await tempDir('streamlake-dv-'), 't')
    await fs.cp(
      path.join(__dirname, '../fixtures/delta-golden/dv-partitioned-with-checkpoint'),
      table,
      {
        recursive: true,
      },
    )
    const e = await failure(DeltaLog.forTable(table).checkpoint())
    expect(e.code).toBe('SL_DELTA_UNSUPPORTED_FEATURE')
    expect(e.message).toContain('deletionVectors')
    const logFiles = await fs.readdir(path.join(table, '_delta_log'))
    expect(logFiles.filter((f) => f.startsWith('00000000000000000015.checkpoint'))).toEqual([])
  })
})

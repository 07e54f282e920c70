/**
 * Loads the deletion vector of a logical file (PROTOCOL.md §Deletion Vectors, §Deletion Vector
 * Descriptor Schema, §Deletion Vector File Storage Format): the row positions of the data file
 * that are deleted and must not be read.
 *
 * - `storageType` `i`: the bitmap itself, Z85-encoded in `pathOrInlineDv` (`sizeInBytes` bytes);
 * - `u`: `pathOrInlineDv` is an optional random prefix followed by a 20-character Z85 UUID; the
 *   file is `<table>/<prefix>/deletion_vector_<uuid>.bin`;
 * - `p`: `pathOrInlineDv` is the absolute path (URI) of the file.
 *
 * A DV file is a version byte (1), then DVs each stored as a big-endian 4-byte size, the bitmap
 * and a big-endian CRC-32 of the bitmap; `offset` is where the size of this DV starts.
 */
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { crc32 } from 'node:zlib'
import { EngineError } from '../errors/index.js'
import type { DeletionVectorDescriptor } from './actions.js'
import { isCode } from './log-store.js'
import { decodeDeltaBitmap } from './roaring-bitmap.js'
import { decodeZ85, z85Uuid } from './z85.js'

/** The file a `u` or `p` deletion vector is stored in (undefined for inline ones). */
export function deletionVectorFile(
  tablePath: string,
  dv: DeletionVectorDescriptor,
): string | undefined {
  switch (dv.storageType) {
    case 'i':
      return undefined
    case 'u': {
      const text = dv.pathOrInlineDv
      const prefix = text.slice(0, -20)
      const name = `deletion_vector_${z85Uuid(text.slice(-20))}.bin`
      return prefix === '' ? path.join(tablePath, name) : path.join(tablePath, prefix, name)
    }
    case 'p':
      return /^file:/i.test(dv.pathOrInlineDv)
        ? fileURLToPath(dv.pathOrInlineDv.replace(/^file:\/*/i, 'file:///'))
        : dv.pathOrInlineDv
    default:
      throw new Error(`unknown deletion vector storageType ${JSON.stringify(dv.storageType)}`)
  }
}

/**
 * The deleted row positions of `dataFile` (ascending). Errors name the table, the data file and the
 * deletion vector: a missing DV file is SL_DELTA_DATA_FILE_NOT_FOUND, bytes that are not a valid
 * DV (bad version, size, checksum, magic, cardinality) SL_DELTA_CORRUPT_LOG.
 */
export async function loadDeletedRows(
  tablePath: string,
  dataFile: string,
  dv: DeletionVectorDescriptor,
  version: number,
): Promise<Float64Array> {
  const corrupt = (problem: string, cause?: unknown): EngineError =>
    new EngineError(
      'SL_DELTA_CORRUPT_LOG',
      {
        path: tablePath,
        problem: `the deletion vector ${dv.storageType}:${dv.pathOrInlineDv} of data file ${dataFile} ${problem}`,
      },
      { path: tablePath, ...(cause !== undefined ? { cause } : {}) },
    )
  let file: string | undefined
  let bitmap: Uint8Array
  try {
    file = deletionVectorFile(tablePath, dv)
  } catch (cause) {
    throw corrupt(`cannot be located (${(cause as Error).message})`, cause)
  }
  if (file === undefined) {
    try {
      bitmap = decodeZ85(dv.pathOrInlineDv).subarray(0, dv.sizeInBytes)
    } catch (cause) {
      throw corrupt(`is not valid Z85 (${(cause as Error).message})`, cause)
    }
  } else {
    bitmap = await readStoredBitmap(tablePath, file, dv, version, corrupt)
  }
  let positions: Float64Array
  try {
    positions = decodeDeltaBitmap(bitmap)
  } catch (cause) {
    throw corrupt(`is not a Delta bitmap (${(cause as Error).message})`, cause)
  }
  if (positions.length !== dv.cardinality)
    throw corrupt(
      `holds ${positions.length} positions where its cardinality says ${dv.cardinality}`,
    )
  return positions
}

async function readStoredBitmap(
  tablePath: string,
  file: string,
  dv: DeletionVectorDescriptor,
  version: number,
  corrupt: (problem: string) => EngineError,
): Promise<Uint8Array> {
  let bytes: Uint8Array
  try {
    bytes = await fs.readFile(file)
  } catch (e) {
    if (!isCode(e, 'ENOENT')) throw e
    throw new EngineError(
      'SL_DELTA_DATA_FILE_NOT_FOUND',
      { path: tablePath, file, version },
      { path: tablePath, cause: e },
    )
  }
  if (bytes[0] !== 1) throw corrupt(`is in ${file}, whose format version ${bytes[0]} is not 1`)
  const offset = dv.offset ?? 1
  if (offset + 4 + dv.sizeInBytes + 4 > bytes.length)
    throw corrupt(`lies past the end of ${file} (${bytes.length} bytes)`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const size = view.getUint32(offset)
  if (size !== dv.sizeInBytes)
    throw corrupt(`has size ${size} in ${file} where its descriptor says ${dv.sizeInBytes}`)
  const bitmap = bytes.subarray(offset + 4, offset + 4 + size)
  const checksum = view.getUint32(offset + 4 + size)
  if (crc32(bitmap) !== checksum) throw corrupt(`fails its CRC-32 check in ${file}`)
  return bitmap
}

/** Drops the rows whose positions (ascending) are in `deleted`. */
export function withoutDeletedRows<T>(rows: readonly T[], deleted: Float64Array): T[] {
  const out: T[] = []
  let d = 0
  for (let i = 0; i < rows.length; i++) {
    while (d < deleted.length && deleted[d]! < i) d++
    if (d < deleted.length && deleted[d] === i) continue
    out.push(rows[i]!)
  }
  return out
}

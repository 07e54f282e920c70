/**
 * The records of one input file, as a source read them: rows, or packed by column (what a parse
 * worker posts), optionally with a selection (the rows an operator such as deduplication kept),
 * or in a source's own column form (Kafka's fetched record batches). A query that needs rows
 * materialises them; a query that passes records through (or only drops some) hands the packed
 * form straight to a sink that writes columns, and no row object is built.
 */
import type { Row } from './index.js'
import { packColumns, selectRows, unpackRows, type PackedColumns } from './packed-columns.js'

/** Binary values of consecutive rows in one buffer: row i is `bytes[starts[i], +lengths[i])`, -1 null. */
export interface BinaryValues {
  readonly bytes: Uint8Array
  readonly starts: Int32Array
  readonly lengths: Int32Array
}

/** Records a source keeps in its own column form; rows are built only when asked for. */
export interface ColumnarRecords {
  readonly count: number
  /** Rows `[from, to)` (new arrays on each call). */
  rows(from?: number, to?: number): Row[]
  /** Column `index`'s values of rows `[from, to)` in one new buffer; undefined if not binary. */
  binaryValues(index: number, from: number, to: number): BinaryValues | undefined
}

export type RecordChunk =
  | { readonly rows: readonly Row[] }
  | { readonly records: ColumnarRecords }
  | {
      readonly packed: PackedColumns
      /** Ascending indexes of the rows of `packed` this chunk holds; all rows when absent. */
      readonly selection?: Int32Array
    }

export function chunkLength(chunk: RecordChunk): number {
  if ('rows' in chunk) return chunk.rows.length
  if ('records' in chunk) return chunk.records.count
  return chunk.selection ? chunk.selection.length : chunk.packed.count
}

/** Records in all of `chunks`. */
export function chunksLength(chunks: readonly RecordChunk[]): number {
  let n = 0
  for (const chunk of chunks) n += chunkLength(chunk)
  return n
}

/** The chunk's rows (built from the packed form; call once per chunk). */
export function chunkRows(chunk: RecordChunk): readonly Row[] {
  if ('rows' in chunk) return chunk.rows
  if ('records' in chunk) return chunk.records.rows()
  return unpackRows(chunkPacked(chunk, chunk.packed.columns.length))
}

/** The chunk packed by column (rows of `width` values are packed here). */
export function chunkPacked(chunk: RecordChunk, width: number): PackedColumns {
  if ('rows' in chunk) return packColumns(chunk.rows, width)
  if ('records' in chunk) return packColumns(chunk.records.rows(), width)
  return chunk.selection ? selectRows(chunk.packed, chunk.selection) : chunk.packed
}

/** All rows of `chunks`, in order. */
export function concatChunkRows(chunks: readonly RecordChunk[]): Row[] {
  // One chunk: its rows are a fresh array already (a file read or unpacked for this batch).
  if (chunks.length === 1) return chunkRows(chunks[0]!) as Row[]
  const rows: Row[] = []
  for (const chunk of chunks) {
    const part = chunkRows(chunk)
    for (let i = 0; i < part.length; i++) rows.push(part[i]!)
  }
  return rows
}

/**
 * The records of one input file, as a source read them: rows, or packed by column (what a parse
 * worker posts). A query that needs rows materialises them; a pass-through query hands the
 * packed form straight to a sink that writes columns, and no row object is ever built.
 */
import type { Row } from './index.js'
import { packColumns, unpackRows, type PackedColumns } from './packed-columns.js'

export type RecordChunk = { readonly rows: readonly Row[] } | { readonly packed: PackedColumns }

export function chunkLength(chunk: RecordChunk): number {
  return 'rows' in chunk ? chunk.rows.length : chunk.packed.count
}

/** The chunk's rows (built from the packed form; call once per chunk). */
export function chunkRows(chunk: RecordChunk): readonly Row[] {
  return 'rows' in chunk ? chunk.rows : unpackRows(chunk.packed)
}

/** The chunk packed by column (rows of `width` values are packed here). */
export function chunkPacked(chunk: RecordChunk, width: number): PackedColumns {
  return 'packed' in chunk ? chunk.packed : packColumns(chunk.rows, width)
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

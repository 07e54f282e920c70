/**
 * The Delta source's offset, written to `offsets/<N>` exactly as Delta's `DeltaSourceOffset`
 * serializes it (sourceVersion 1, the base index as -1, `isStartingVersion` meaning "inside the
 * initial snapshot"), so a checkpoint reads the same in Spark and here.
 *
 * A position is (reservoirVersion, index): index -1 is "before every file of the version", an
 * index ≥ 0 is the file of that version (snapshot order or commit order) read last.
 */
import { SourceError } from '../../errors/index.js'
import type { SourceOffset } from '../source.js'

/** Delta's serialized base index (`BASE_INDEX_V1`). */
export const BASE_INDEX = -1
const SOURCE_VERSION = 1

export interface DeltaOffset {
  readonly reservoirId: string
  readonly reservoirVersion: number
  readonly index: number
  /** Delta's `isInitialSnapshot`, serialized under its old name `isStartingVersion`. */
  readonly isStartingVersion: boolean
}

/** The JSON object of the offsets log, keys in Delta's order. */
export function toSourceOffset(o: DeltaOffset): SourceOffset {
  return {
    sourceVersion: SOURCE_VERSION,
    reservoirId: o.reservoirId,
    reservoirVersion: o.reservoirVersion,
    index: o.index,
    isStartingVersion: o.isStartingVersion,
  }
}

/** Parses a logged offset of the table `tableId` at `path`. */
export function parseDeltaOffset(raw: SourceOffset, tableId: string, path: string): DeltaOffset {
  const { sourceVersion, reservoirId, reservoirVersion, index, isStartingVersion } = raw
  if (
    typeof reservoirId !== 'string' ||
    typeof reservoirVersion !== 'number' ||
    typeof index !== 'number' ||
    typeof isStartingVersion !== 'boolean' ||
    (sourceVersion !== 1 && sourceVersion !== 3)
  ) {
    throw new SourceError(
      'SL_SOURCE_DELTA_OFFSET_INVALID',
      { path, offset: JSON.stringify(raw) },
      { path },
    )
  }
  if (reservoirId !== tableId) {
    throw new SourceError(
      'SL_SOURCE_DELTA_TABLE_CHANGED',
      { path, oldTableId: reservoirId, newTableId: tableId },
      { path },
    )
  }
  return { reservoirId, reservoirVersion, index, isStartingVersion }
}

/** Orders two positions of the same table: negative when `a` comes first. */
export function comparePositions(
  a: { readonly version: number; readonly index: number },
  b: { readonly version: number; readonly index: number },
): number {
  return a.version !== b.version ? a.version - b.version : a.index - b.index
}

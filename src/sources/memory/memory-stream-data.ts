/**
 * The data behind a test `MemoryStream`: an append-only list of blocks kept in this process.
 * Offset `{"offset": n}` means "the first n blocks" (like Spark's LongOffset over added batches).
 * A process-wide registry lets a plan refer to a stream by id without holding the object.
 */
import type { Row, StructType } from '../../types/index.js'

export class MemoryStreamData {
  private static readonly registry = new Map<string, MemoryStreamData>()
  private readonly blocks: Row[][] = []

  constructor(
    readonly id: string,
    readonly schema: StructType,
  ) {
    MemoryStreamData.registry.set(id, this)
  }

  static lookup(id: string): MemoryStreamData | undefined {
    return MemoryStreamData.registry.get(id)
  }

  /** Appends one block (one future batch's worth, unless batches coalesce); returns its offset. */
  append(rows: readonly Row[]): number {
    this.blocks.push([...rows])
    return this.blocks.length
  }

  get latest(): number {
    return this.blocks.length
  }

  rows(fromExclusive: number, toInclusive: number): Row[] {
    return this.blocks.slice(fromExclusive, toInclusive).flat()
  }
}

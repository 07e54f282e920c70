/**
 * One read of offset ranges started before a batch asks for it (see
 * KafkaStreamSource.predictNextRanges). A batch whose ranges are exactly the predicted ones takes
 * its result; any other batch reads for itself and the prediction is dropped. A read ahead that
 * failed is never reported: the batch reads again and meets the error (with the reader's
 * retries) itself. Reads are of immutable offsets, so using one read early cannot change a batch.
 */
import type { OffsetRange, RangeRead } from './kafka-client.js'

export class ReadAhead {
  private pending: { readonly key: string; readonly result: Promise<RangeRead[]> } | undefined

  /** The prediction's result when `ranges` are the predicted ones, else `read()`. */
  async take(
    ranges: readonly OffsetRange[],
    read: () => Promise<RangeRead[]>,
  ): Promise<RangeRead[]> {
    const pending = this.pending
    this.pending = undefined
    if (pending?.key === keyOf(ranges)) {
      const result = await pending.result.catch(() => undefined)
      if (result) return result
    }
    return read()
  }

  /** Starts reading `ranges` (nothing when empty). */
  start(
    ranges: readonly OffsetRange[],
    read: (ranges: OffsetRange[]) => Promise<RangeRead[]>,
  ): void {
    if (ranges.length === 0) return
    const result = read([...ranges])
    result.catch(() => undefined)
    this.pending = { key: keyOf(ranges), result }
  }

  /** Waits for a read ahead to settle (before the reader closes) and forgets it. */
  async drop(): Promise<void> {
    const pending = this.pending
    this.pending = undefined
    await pending?.result.catch(() => undefined)
  }
}

function keyOf(ranges: readonly OffsetRange[]): string {
  return ranges.map((r) => `${r.topic}\u0000${r.partition}:${r.from}-${r.until}`).join('|')
}

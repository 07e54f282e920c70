import { SourceError } from '../../errors/index.js'
import type { Row } from '../../types/index.js'
import type { SourceOffset, StreamSource } from '../source.js'
import type { MemoryStreamData } from './memory-stream-data.js'

/** Streams the blocks of a {@link MemoryStreamData}; offsets are `{"offset": n}`. */
export class MemoryStreamSource implements StreamSource {
  readonly description: string
  private availableNow: number | undefined

  constructor(private readonly data: MemoryStreamData) {
    this.description = `MemoryStream[${data.id}]`
  }

  get schema() {
    return this.data.schema
  }

  async initialize(): Promise<void> {}

  async prepareForAvailableNow(): Promise<void> {
    this.availableNow = this.data.latest
  }

  async latestOffset(start: SourceOffset | null): Promise<SourceOffset | null> {
    const latest = this.availableNow ?? this.data.latest
    return latest > offsetOf(start) ? { offset: latest } : null
  }

  async getBatch(start: SourceOffset | null, end: SourceOffset): Promise<Row[]> {
    const to = offsetOf(end)
    if (to > this.data.latest) {
      throw new SourceError('SL_SOURCE_LOG_ENTRY_MISSING', { entry: to, path: this.description })
    }
    return this.data.rows(offsetOf(start), to)
  }

  async commit(): Promise<void> {}
  async stop(): Promise<void> {}
}

function offsetOf(o: SourceOffset | null): number {
  const v = o?.['offset']
  return typeof v === 'number' ? v : 0
}

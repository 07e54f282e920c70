/**
 * Keeps every progress event of a session's queries (not only the last 100 that
 * `recentProgress` holds), for a report written after the run. Attach it before the queries
 * start.
 */
import type { StreamingQueryProgress } from '../progress.js'

/** The part of `spark.streams` the recorder needs (a listener bus). */
export interface ProgressSource {
  addListener(listener: {
    onQueryProgress?(event: { progress: StreamingQueryProgress }): void
  }): void
}

/** At most this many progress objects per query are kept (a day of 5-second batches is 17,280). */
export const MAX_PROGRESS_PER_QUERY = 100_000

export class ProgressRecorder {
  private readonly byQuery = new Map<string, StreamingQueryProgress[]>()

  constructor(streams: ProgressSource) {
    streams.addListener({
      onQueryProgress: ({ progress }) => {
        const list = this.byQuery.get(progress.id) ?? []
        if (list.length < MAX_PROGRESS_PER_QUERY) list.push(progress)
        this.byQuery.set(progress.id, list)
      },
    })
  }

  /** Progress per query id, in batch order. */
  get progress(): ReadonlyMap<string, readonly StreamingQueryProgress[]> {
    return this.byQuery
  }
}

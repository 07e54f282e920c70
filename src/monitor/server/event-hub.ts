/**
 * Fans listener events out to the dashboard's server-sent-event streams. Each subscriber gets the
 * events as `{event, data}` messages, where `event` is the colon-namespaced name
 * (`query:started`, `query:progress`, `query:idle`, `query:terminated`) and `data` the Spark-shaped
 * event object.
 */
import type {
  QueryIdleEvent,
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
  StreamingQueryListener,
} from '../events.js'

/** One server-sent event. */
export interface HubMessage {
  readonly event: 'query:started' | 'query:progress' | 'query:idle' | 'query:terminated'
  readonly data: QueryStartedEvent | QueryProgressEvent | QueryIdleEvent | QueryTerminatedEvent
}

export class EventHub implements StreamingQueryListener {
  private readonly subscribers = new Set<(m: HubMessage) => void>()

  /** Returns the unsubscribe function. */
  subscribe(fn: (m: HubMessage) => void): () => void {
    this.subscribers.add(fn)
    return () => this.subscribers.delete(fn)
  }

  get subscriberCount(): number {
    return this.subscribers.size
  }

  onQueryStarted(data: QueryStartedEvent): void {
    this.publish({ event: 'query:started', data })
  }
  onQueryProgress(data: QueryProgressEvent): void {
    this.publish({ event: 'query:progress', data })
  }
  onQueryIdle(data: QueryIdleEvent): void {
    this.publish({ event: 'query:idle', data })
  }
  onQueryTerminated(data: QueryTerminatedEvent): void {
    this.publish({ event: 'query:terminated', data })
  }

  private publish(m: HubMessage): void {
    for (const fn of this.subscribers) fn(m)
  }
}

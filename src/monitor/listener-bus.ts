/**
 * Delivers query events to listeners, in registration order, synchronously on the query's own
 * loop (so a listener sees batch N's progress before batch N+1 starts). Isolation is the one
 * invariant: a listener that throws, or whose promise rejects, is reported with
 * `process.emitWarning` and never reaches the query or the other listeners.
 *
 * Every event is also published on `node:diagnostics_channel` (`streamlake:query:started`,
 * `…:progress`, `…:idle`, `…:terminated`), so APM tools can attach without a dependency.
 */
import { channel } from 'node:diagnostics_channel'
import type {
  QueryIdleEvent,
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
  StreamingQueryListener,
} from './events.js'

/** @internal The warning code listeners' failures are reported under. */
export const LISTENER_WARNING_CODE = 'STREAMLAKE_LISTENER_ERROR'

/** The diagnostics channels the bus publishes on. */
export const DIAGNOSTICS_CHANNELS = {
  started: channel('streamlake:query:started'),
  progress: channel('streamlake:query:progress'),
  idle: channel('streamlake:query:idle'),
  terminated: channel('streamlake:query:terminated'),
} as const

export class ListenerBus {
  private readonly listeners = new Set<StreamingQueryListener>()

  add(listener: StreamingQueryListener): void {
    this.listeners.add(listener)
  }

  remove(listener: StreamingQueryListener): void {
    this.listeners.delete(listener)
  }

  get size(): number {
    return this.listeners.size
  }

  postStarted(event: QueryStartedEvent): void {
    publish(DIAGNOSTICS_CHANNELS.started, event)
    this.post('onQueryStarted', (l) => l.onQueryStarted?.(event))
  }

  postProgress(event: QueryProgressEvent): void {
    publish(DIAGNOSTICS_CHANNELS.progress, event)
    this.post('onQueryProgress', (l) => l.onQueryProgress?.(event))
  }

  postIdle(event: QueryIdleEvent): void {
    publish(DIAGNOSTICS_CHANNELS.idle, event)
    this.post('onQueryIdle', (l) => l.onQueryIdle?.(event))
  }

  postTerminated(event: QueryTerminatedEvent): void {
    publish(DIAGNOSTICS_CHANNELS.terminated, event)
    this.post('onQueryTerminated', (l) => l.onQueryTerminated?.(event))
  }

  private post(hook: string, call: (l: StreamingQueryListener) => void | Promise<void>): void {
    for (const l of [...this.listeners]) {
      try {
        const result = call(l)
        if (result instanceof Promise) result.catch((error: unknown) => warn(hook, error))
      } catch (error) {
        warn(hook, error)
      }
    }
  }
}

function publish(ch: ReturnType<typeof channel>, event: unknown): void {
  if (ch.hasSubscribers) ch.publish(event)
}

function warn(hook: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error)
  process.emitWarning(`A StreamingQueryListener's ${hook} threw and was ignored: ${message}`, {
    code: LISTENER_WARNING_CODE,
  })
}

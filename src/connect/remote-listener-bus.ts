/**
 * The client side of Spark Connect's listener bus (`StreamingQueryListenerBusCommand`, as
 * PySpark's `StreamingQueryListenerBus` in pyspark/sql/connect/streaming/query.py): one
 * long-running `ExecutePlan` whose responses carry the server session's query events
 * (`StreamingQueryListenerEventsResult`: progress, idle, terminated — Spark's listener JSON). The
 * started event is not on this stream: the server puts it in `WriteStreamOperationStartResult`
 * while a listener-bus listener is registered (remote-queries.ts).
 *
 * The stream must never hurt the session: a server that goes away ends it with one warning-level
 * report (`onLost`), never an unhandled rejection; `close()` asks the server to remove its
 * listener (which completes the stream) and aborts the call if the server does not answer.
 */
import { EngineError } from '../errors/index.js'
import type { QueryIdleEvent, QueryTerminatedEvent } from '../monitor/events.js'
import type { StreamingQueryProgress } from '../monitor/progress.js'
import { StreamingQueryEventType } from './gen/commands_pb.js'
import { progressFromObject } from './remote-streaming-query.js'
import type { SparkConnectClient } from './spark-connect-client.js'

/** @internal One event of the stream, in the monitor's event shapes. */
export type RemoteListenerEvent =
  | { readonly kind: 'progress'; readonly progress: StreamingQueryProgress }
  | { readonly kind: 'idle'; readonly event: QueryIdleEvent }
  | { readonly kind: 'terminated'; readonly event: QueryTerminatedEvent }

/** @internal Where the stream's events and its end go. */
export interface RemoteListenerSink {
  onEvent(event: RemoteListenerEvent): void
  /** The stream broke (the server went away); no more events until it is opened again. */
  onLost(error: EngineError): void
}

const CLOSE_WAIT_MS = 2000
/**
 * How long the server may take to confirm the listener. Spark keeps one listener-bus listener
 * per server session and silently leaves a second registration unanswered ("Redundant server
 * side listener added. Exiting." in its log), so a missing confirmation means another client of
 * the same session (user_id + session_id) receives the events.
 */
const CONFIRM_TIMEOUT_MS = 10_000

/** One opening of the stream. */
interface Stream {
  readonly opened: Promise<void>
  readonly abort: AbortController
  running: Promise<void>
  confirmed: boolean
  /** Settles `opened` with an error (no-op once settled). */
  fail(error: Error): void
}

/** @internal */
export class RemoteListenerBus {
  private current: Stream | undefined

  constructor(
    private readonly client: SparkConnectClient,
    private readonly sink: RemoteListenerSink,
  ) {}

  /** Whether the event stream is open (or opening). */
  get isOpen(): boolean {
    return this.current !== undefined
  }

  /**
   * Registers the listener on the server and starts delivering its events; resolves once the
   * server confirmed (`listener_bus_listener_added`), so a query started afterwards reports its
   * started event. Idempotent while open; rejects with the connection's error if it cannot open,
   * or when the server does not confirm within CONFIRM_TIMEOUT_MS.
   */
  open(): Promise<void> {
    if (this.current) return this.current.opened
    let confirm!: () => void
    let fail!: (error: Error) => void
    const opened = new Promise<void>((resolve, reject) => {
      confirm = resolve
      fail = reject
    })
    // A rejection nobody awaits (the caller got it from open()) must not become unhandled.
    opened.catch(() => undefined)
    const stream: Stream = {
      opened,
      abort: new AbortController(),
      running: Promise.resolve(),
      confirmed: false,
      fail,
    }
    this.current = stream
    const unconfirmed = setTimeout(() => {
      if (this.current !== stream) return
      this.current = undefined
      fail(
        new EngineError('SL_CONNECT_UNSUPPORTED', {
          feature: 'A second listener bus in one server session',
          hint: `The server ${this.client.connection.display} did not confirm the event stream within ${CONFIRM_TIMEOUT_MS / 1000} s: Spark sends the streaming query events of a server session (user_id + session_id) to one client only, and another client of this session already receives them. This session's listeners, dashboard and progress log see no events of remote queries; the queries' own state (status, lastProgress) still updates by polling.`,
        }),
      )
      stream.abort.abort()
    }, CONFIRM_TIMEOUT_MS)
    unconfirmed.unref()
    stream.running = (async () => {
      try {
        for await (const response of this.client.stream(
          {
            case: 'command',
            value: {
              commandType: {
                case: 'streamingQueryListenerBusCommand',
                value: { command: { case: 'addListenerBusListener', value: true } },
              },
            },
          },
          'listener bus (streaming query events)',
          stream.abort.signal,
        )) {
          if (response.responseType.case !== 'streamingQueryListenerEventsResult') continue
          const result = response.responseType.value
          if (result.listenerBusListenerAdded && !stream.confirmed) {
            stream.confirmed = true
            clearTimeout(unconfirmed)
            confirm()
          }
          for (const e of result.events) this.deliverSafely(e.eventType, e.eventJson)
        }
        // Completed without close(): the server removed our listener (its session ended).
        this.ended(stream, this.endedEarly())
      } catch (error) {
        this.ended(stream, error instanceof EngineError ? error : this.endedEarly(error as Error))
      } finally {
        clearTimeout(unconfirmed)
      }
    })()
    return opened
  }

  /**
   * Removes the server's listener, which ends the stream (waits for its last events at most
   * CLOSE_WAIT_MS, then aborts the call). Never rejects: a server that is gone has no listener
   * left to remove. An unconfirmed opening is abandoned, not removed: the server's listener
   * then belongs to another client.
   */
  async close(): Promise<void> {
    const stream = this.current
    if (!stream) return
    this.current = undefined
    if (stream.confirmed) {
      try {
        await this.client.execute(
          {
            case: 'command',
            value: {
              commandType: {
                case: 'streamingQueryListenerBusCommand',
                value: { command: { case: 'removeListenerBusListener', value: true } },
              },
            },
          },
          'removal of the listener bus',
        )
      } catch {
        // The server is gone: aborting below is all there is to do.
      }
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        stream.running,
        new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS))),
      ])
      clearTimeout(timer)
    } else {
      stream.fail(
        new EngineError('SL_CONNECT_UNAVAILABLE', {
          url: this.client.connection.display,
          reason: 'the session was stopped before the server confirmed the event stream',
        }),
      )
    }
    stream.abort.abort()
    await stream.running
  }

  /** The stream of `stream` ended by itself (not by close()). */
  private ended(stream: Stream, error: EngineError): void {
    if (this.current !== stream) return
    this.current = undefined
    if (stream.confirmed) this.sink.onLost(error)
    else stream.fail(error)
  }

  private deliverSafely(type: StreamingQueryEventType, json: string): void {
    try {
      this.deliver(type, json)
    } catch (error) {
      process.emitWarning(
        `A streaming query event from ${this.client.connection.display} was dropped: ${(error as Error).message}`,
        { code: 'STREAMLAKE_CONNECT_EVENTS' },
      )
    }
  }

  private deliver(type: StreamingQueryEventType, json: string): void {
    const parsed = JSON.parse(json) as Record<string, unknown>
    switch (type) {
      case StreamingQueryEventType.QUERY_PROGRESS_EVENT:
        return this.sink.onEvent({
          kind: 'progress',
          progress: progressFromObject(parsed['progress'] as Record<string, unknown>),
        })
      case StreamingQueryEventType.QUERY_IDLE_EVENT:
        return this.sink.onEvent({
          kind: 'idle',
          event: {
            id: String(parsed['id']),
            runId: String(parsed['runId']),
            timestamp: String(parsed['timestamp']),
          },
        })
      case StreamingQueryEventType.QUERY_TERMINATED_EVENT:
        return this.sink.onEvent({
          kind: 'terminated',
          event: {
            id: String(parsed['id']),
            runId: String(parsed['runId']),
            exception: typeof parsed['exception'] === 'string' ? parsed['exception'] : null,
            errorClassOnException:
              typeof parsed['errorClassOnException'] === 'string'
                ? parsed['errorClassOnException']
                : null,
          },
        })
      case StreamingQueryEventType.QUERY_PROGRESS_UNSPECIFIED:
        return
    }
  }

  private endedEarly(cause?: Error): EngineError {
    return new EngineError(
      'SL_CONNECT_UNAVAILABLE',
      {
        url: this.client.connection.display,
        reason: cause?.message ?? 'the listener bus stream ended',
      },
      cause ? { cause } : {},
    )
  }
}

/**
 * The actions of a {@link testStream} script (Spark's StreamTest vocabulary). Each is plain data
 * describing one step; the runner interprets them.
 */
import type { EngineError } from '../errors/index.js'
import type { TriggerSetting } from '../api/data-stream-writer.js'
import type { StreamingQuery } from '../api/streaming-query.js'
import type { MemoryStream } from './memory-stream.js'

export type StreamAction =
  | { readonly kind: 'addData'; readonly stream: MemoryStream; readonly rows: readonly unknown[] }
  | { readonly kind: 'checkAnswer'; readonly rows: readonly unknown[] }
  | { readonly kind: 'checkLastBatch'; readonly rows: readonly unknown[] }
  | { readonly kind: 'checkNewAnswer'; readonly rows: readonly unknown[] }
  | { readonly kind: 'startStream'; readonly trigger?: TriggerSetting }
  | { readonly kind: 'stopStream' }
  | { readonly kind: 'advanceClock'; readonly ms: number }
  | {
      readonly kind: 'expectFailure'
      readonly check?: (error: EngineError) => boolean
      readonly code?: string
    }
  | {
      readonly kind: 'assertOnQuery'
      readonly check: (query: StreamingQuery) => boolean | void
      readonly message: string
    }

/** Adds rows to a MemoryStream (one block). */
export const addData = (stream: MemoryStream, ...rows: unknown[]): StreamAction => ({
  kind: 'addData',
  stream,
  rows,
})
/** Processes all available data, then compares the whole sink content (order-insensitive). */
export const checkAnswer = (...rows: unknown[]): StreamAction => ({ kind: 'checkAnswer', rows })
/** Compares the rows of the last batch that ran (order-insensitive). */
export const checkLastBatch = (...rows: unknown[]): StreamAction => ({
  kind: 'checkLastBatch',
  rows,
})
/** Compares the rows added to the sink since the previous check (order-insensitive). */
export const checkNewAnswer = (...rows: unknown[]): StreamAction => ({
  kind: 'checkNewAnswer',
  rows,
})
/** Starts (or restarts, from the same checkpoint) the query. */
export const startStream = (options: { trigger?: TriggerSetting } = {}): StreamAction => ({
  kind: 'startStream',
  ...options,
})
/** Stops the query. */
export const stopStream: StreamAction = { kind: 'stopStream' }
/** Advances the manual clock. */
export const advanceClock = (ms: number): StreamAction => ({ kind: 'advanceClock', ms })
/** Expects the query to fail, optionally with a given error code. */
export const expectFailure = (
  options: { code?: string; check?: (e: EngineError) => boolean } = {},
): StreamAction => ({ kind: 'expectFailure', ...options })
/** Runs an assertion on the query handle. */
export const assertOnQuery = (
  check: (query: StreamingQuery) => boolean | void,
  message = 'assertOnQuery',
): StreamAction => ({ kind: 'assertOnQuery', check, message })

/** One-line description for failure reports. */
export function describeAction(a: StreamAction): string {
  switch (a.kind) {
    case 'addData':
      return `AddData(${a.stream.id.slice(0, 8)}, ${JSON.stringify(a.rows)})`
    case 'checkAnswer':
    case 'checkLastBatch':
    case 'checkNewAnswer':
      return `${a.kind[0]!.toUpperCase()}${a.kind.slice(1)}(${JSON.stringify(a.rows)})`
    case 'startStream':
      return `StartStream(${a.trigger ? JSON.stringify(a.trigger) : ''})`
    case 'stopStream':
      return 'StopStream'
    case 'advanceClock':
      return `AdvanceClock(${a.ms})`
    case 'expectFailure':
      return `ExpectFailure(${a.code ?? ''})`
    case 'assertOnQuery':
      return `AssertOnQuery(${a.message})`
  }
}

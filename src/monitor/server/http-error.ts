/**
 * Errors over HTTP (STYLE.md 2.4.8): a known `EngineError` becomes JSON `{code, message, domain}`
 * with a status from its code and domain; anything else is answered with a generic 500 so
 * internals never leak into responses. Such a failure is reported once per distinct message, in
 * one line: a client repeating a bad request must not fill the log with stack traces (#14).
 * `NODE_DEBUG=streamlake-monitor` prints every one with its stack.
 */
import { debuglog } from 'node:util'
import { EngineError } from '../../errors/index.js'

const debug = debuglog('streamlake-monitor')
/** Messages already reported; bounded, so that varying messages cannot grow it without end. */
const reported = new Set<string>()
const MAX_REPORTED = 100

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  SL_MONITOR_UNAUTHORIZED: 401,
  SL_MONITOR_HOST_NOT_ALLOWED: 403,
  SL_MONITOR_NOT_FOUND: 404,
  SL_MONITOR_QUERY_NOT_FOUND: 404,
  SL_MONITOR_NO_DELTA_SINK: 404,
  SL_SOURCE_TABLE_NOT_FOUND: 404,
}

/** The JSON body of an error response. */
export interface ErrorBody {
  readonly code: string
  readonly message: string
  readonly domain: string
}

export function errorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof EngineError) {
    const status =
      STATUS_BY_CODE[error.code] ??
      (error.domain === 'user' ? 400 : error.domain === 'external' ? 503 : 500)
    return { status, body: { code: error.code, message: error.message, domain: error.domain } }
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  debug('request failed: %s', error instanceof Error ? (error.stack ?? text) : text)
  if (!reported.has(text) && reported.size < MAX_REPORTED) {
    reported.add(text)
    process.emitWarning(
      `The dashboard server failed on a request and answered 500 (${text}). Later failures with this message are not reported; NODE_DEBUG=streamlake-monitor prints each with its stack.`,
      { code: 'STREAMLAKE_MONITOR_ERROR' },
    )
  }
  const generic = new EngineError('SL_INTERNAL_UNEXPECTED', {
    message: 'the request failed inside the dashboard server',
  })
  return {
    status: 500,
    body: { code: generic.code, message: generic.message, domain: generic.domain },
  }
}

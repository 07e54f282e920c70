/**
 * Errors over HTTP (STYLE.md 2.4.8): a known `EngineError` becomes JSON `{code, message, domain}`
 * with a status from its code and domain; anything else is logged and answered with a generic
 * 500 so internals never leak into responses.
 */
import { EngineError } from '../../errors/index.js'

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
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
  process.emitWarning(
    `The dashboard server failed on a request: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    { code: 'STREAMLAKE_MONITOR_ERROR' },
  )
  const generic = new EngineError('SL_INTERNAL_UNEXPECTED', {
    message: 'the request failed inside the dashboard server',
  })
  return {
    status: 500,
    body: { code: generic.code, message: generic.message, domain: generic.domain },
  }
}

/**
 * Turns a failed gRPC call into an EngineError. Spark puts its error class in the message
 * (`[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column …`); the gRPC status says whether the server
 * was reachable at all or refused the credentials.
 */
import { Code, ConnectError } from '@connectrpc/connect'
import { EngineError } from '../errors/index.js'

/** Node's words for a connection the other end dropped. */
const TRANSPORT_LOST = /ECONNRESET|EPIPE|socket hang up|GOAWAY|stream closed with error code/

/** @internal */
export function connectFailure(error: unknown, url: string, operation: string): EngineError {
  if (error instanceof EngineError) return error
  const e = ConnectError.from(error)
  switch (e.code) {
    // Canceled reaches here only when we did not abort (the client drops aborted calls): the
    // server's end of the HTTP/2 connection went away mid-call (a killed server resets its
    // streams with CANCEL), as do the socket errors below.
    case Code.Canceled:
    case Code.Unavailable:
    case Code.DeadlineExceeded:
      return new EngineError(
        'SL_CONNECT_UNAVAILABLE',
        { url, reason: e.rawMessage || Code[e.code] },
        { cause: error },
      )
    case Code.Unauthenticated:
    case Code.PermissionDenied:
      return new EngineError(
        'SL_CONNECT_AUTHENTICATION_FAILED',
        { url, reason: e.rawMessage || Code[e.code] },
        { cause: error },
      )
    default: {
      if (TRANSPORT_LOST.test(e.rawMessage))
        return new EngineError(
          'SL_CONNECT_UNAVAILABLE',
          { url, reason: e.rawMessage },
          { cause: error },
        )
      const errorClass = /^\[([A-Z0-9_.]+)\]/.exec(e.rawMessage)?.[1]
      return new EngineError(
        'SL_CONNECT_SPARK_ERROR',
        {
          url,
          operation,
          message: e.rawMessage.replace(/\s+$/, ''),
          hint: errorClass
            ? `Spark's error class ${errorClass} is documented at https://spark.apache.org/docs/latest/sql-error-conditions.html.`
            : `gRPC status ${Code[e.code]}.`,
        },
        { cause: error },
      )
    }
  }
}

/**
 * Turns a failed gRPC call into an EngineError. Spark puts its error class in the message
 * (`[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column …`); the gRPC status says whether the server
 * was reachable at all or refused the credentials.
 */
import { Code, ConnectError } from '@connectrpc/connect'
import { EngineError } from '../errors/index.js'

/** @internal */
export function connectFailure(error: unknown, url: string, operation: string): EngineError {
  if (error instanceof EngineError) return error
  const e = ConnectError.from(error)
  switch (e.code) {
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

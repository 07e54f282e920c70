import { Code, ConnectError } from '@connectrpc/connect'
import { describe, expect, it } from 'vitest'
import { connectFailure } from '../../src/connect/connect-failure.js'

const URL = 'sc://127.0.0.1:15002'

describe('connectFailure', () => {
  // The gRPC errors below are the ones seen from a real server (faults.connect.ts).
  it('a refused connection and a killed server are SL_CONNECT_UNAVAILABLE naming the URL', () => {
    for (const e of [
      new ConnectError('connect ECONNREFUSED 127.0.0.1:15002', Code.Unavailable),
      // A SIGKILLed server: its in-flight streams end with an HTTP/2 CANCEL we did not ask for.
      new ConnectError('http/2 stream closed with error code CANCEL (0x8)', Code.Canceled),
      new ConnectError('read ECONNRESET', Code.Internal),
    ]) {
      const error = connectFailure(e, URL, 'count')
      expect(error.code).toBe('SL_CONNECT_UNAVAILABLE')
      expect(error.message).toContain(URL)
      expect(error.message).toContain('scripts/spark-connect-server.sh start')
    }
  })

  it('a refused token is SL_CONNECT_AUTHENTICATION_FAILED', () => {
    const e = new ConnectError('Invalid authentication token', Code.Unauthenticated)
    expect(connectFailure(e, URL, 'count').code).toBe('SL_CONNECT_AUTHENTICATION_FAILED')
  })

  it("Spark's own error keeps its error class", () => {
    const e = new ConnectError(
      '[CONNECT_INVALID_PLAN.STREAMING_QUERY_NOT_FOUND] Streaming query x is not found',
      Code.Internal,
    )
    const error = connectFailure(e, URL, 'status of streaming query x')
    expect(error.code).toBe('SL_CONNECT_SPARK_ERROR')
    expect(error.message).toContain('CONNECT_INVALID_PLAN.STREAMING_QUERY_NOT_FOUND')
    expect(error.message).toContain('status of streaming query x')
  })
})

/**
 * Talks to the PySpark oracle started by global-setup.ts: one JSON request line, one JSON
 * response line, over a loopback socket. The oracle serves one request at a time.
 */
import { connect } from 'node:net'
import { inject } from 'vitest'

/** A value as the oracle encodes it: µs for timestamps, days for dates, arrays for structs. */
export type OracleValue = null | boolean | number | string | OracleValue[]
export type OracleRow = OracleValue[]

/** Spark's schema JSON (`df.schema.jsonValue()`), also what our `schemaToJson` produces. */
export interface SchemaJson {
  type: 'struct'
  fields: { name: string; type: unknown; nullable: boolean; metadata: Record<string, unknown> }[]
}

export interface OracleError {
  class: string
  message: string
  errorClass?: string
  trace?: string
}

/** Spark's failure as one line: its error class (or exception class) and message; null: none. */
export function oracleErrorText(e: OracleError | null): string | null {
  return e ? `${e.errorClass ?? e.class}: ${e.message}` : null
}

export interface OracleBatch {
  batchId: number
  rows: OracleRow[]
}

export interface OracleStreamResult {
  schema: SchemaJson | null
  batches: OracleBatch[]
  progress: Record<string, unknown>[]
  error: OracleError | null
  deltaQueryId?: string
  delta?: OracleDeltaTable
}

export interface OracleDeltaTable {
  schema: SchemaJson
  rows: OracleRow[]
  version: number
  history?: {
    version: number
    timestamp: number
    operation: string
    operationParameters: Record<string, string>
    isBlindAppend: boolean | null
  }[]
}

export class OracleRequestError extends Error {
  constructor(readonly error: OracleError) {
    super(`Spark oracle: ${error.class}: ${error.message}\n${error.trace ?? ''}`)
  }
}

/** Sends one request to the oracle and resolves with its result (rejects with its error). */
export function oracle<T>(request: Record<string, unknown>): Promise<T> {
  const port = inject('sparkOraclePort')
  return new Promise<T>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port })
    let buffer = ''
    socket.setEncoding('utf8')
    socket.on('connect', () => socket.write(JSON.stringify(request) + '\n'))
    socket.on('data', (chunk: string) => {
      buffer += chunk
      const nl = buffer.indexOf('\n')
      if (nl < 0) return
      socket.end()
      const res = JSON.parse(buffer.slice(0, nl)) as
        { ok: true; result: T } | { ok: false; error: OracleError }
      if (res.ok) resolve(res.result)
      else reject(new OracleRequestError(res.error))
    })
    socket.on('error', reject)
  })
}

/** `oracle/scenarios/<file>.py: <fn>(spark, **args)`. */
export function oracleCall<T>(file: string, fn: string, args: Record<string, unknown> = {}) {
  return oracle<T>({ op: 'call', file, function: fn, args })
}

/**
 * The Spark Connect connection string, as the client spec defines it
 * (apache/spark `sql/connect/docs/client-connection-string.md`) and PySpark's
 * `DefaultChannelBuilder` reads it:
 *
 * ```
 * sc://host[:port][/][;param=value]*
 *   port        default 15002
 *   token       bearer token (`Authorization: Bearer <token>`); implies TLS, except to a
 *               loopback host without use_ssl (PySpark's local channel credentials)
 *   use_ssl     true | false (default false)
 *   user_id     UserContext.user_id of every request
 *   user_agent  client_type of every request
 *   session_id  a UUID naming the server-side session to join (default: a random one)
 *   <other>     sent as a gRPC header on every request (`x-header=value`)
 * ```
 *
 * Parameter names are case-sensitive and values are percent-decoded. Where PySpark is lax
 * (`use_ssl=yes` silently meaning false, a repeated parameter silently overriding), we reject the
 * string instead: a connection setting that is silently ignored is a security hazard.
 */
import { EngineError } from '../errors/index.js'

/** A parsed connection string. */
export interface ConnectionString {
  readonly host: string
  readonly port: number
  /** Whether the channel uses TLS (`use_ssl=true`, or a token to a non-loopback host). */
  readonly tls: boolean
  readonly token: string | undefined
  readonly userId: string | undefined
  readonly userAgent: string | undefined
  readonly sessionId: string | undefined
  /** Every other parameter: extra gRPC headers. */
  readonly headers: Readonly<Record<string, string>>
  /** `http(s)://host:port`, the base URL of the gRPC transport. */
  readonly baseUrl: string
  /** The connection string with the token masked, for messages and logs. */
  readonly display: string
}

export const DEFAULT_CONNECT_PORT = 15002

const RESERVED = new Set(['token', 'use_ssl', 'user_id', 'user_agent', 'session_id'])
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1'])
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const HOST_NAME =
  /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/
const IPV6 = /^[0-9A-Fa-f:.]+$/
// gRPC metadata keys: lowercase ASCII; `-bin` keys carry binary values, which a URL cannot.
const HEADER_NAME = /^[0-9a-z_.-]+$/
const FORMAT = 'sc://host:port/;param=value;… (for example sc://localhost:15002)'

/**
 * Parses a Spark Connect connection string.
 *
 * @param url the connection string
 * @param source where it came from (`spark.remote`, `SPARK_REMOTE`), named in errors
 * @param env the environment: `SPARK_CONNECT_AUTHENTICATE_TOKEN` is the token when the string has
 *   none, as in PySpark
 * @internal
 */
export function parseConnectionString(
  url: string,
  source = 'spark.remote',
  env: Readonly<Record<string, string | undefined>> = process.env,
): ConnectionString {
  const display = maskToken(url)
  const fail = (problem: string, hint = `The format is ${FORMAT}.`): never => {
    throw new EngineError(
      'SL_API_INVALID_OPTION',
      { option: source, problem, value: display, hint },
      { option: source },
    )
  }
  if (!url.startsWith('sc://')) fail("must start with 'sc://'")
  const rest = url.slice('sc://'.length)
  if (/[?#]/.test(rest)) fail('must not have a query (?) or fragment (#) part')
  const slash = rest.search(/[/;]/)
  const authority = slash < 0 ? rest : rest.slice(0, slash)
  const tail = slash < 0 ? '' : rest.slice(slash)
  const semi = tail.indexOf(';')
  const path = semi < 0 ? tail : tail.slice(0, semi)
  if (path !== '' && path !== '/') {
    fail(
      `must have an empty path (found '${path}')`,
      'A gRPC endpoint has no path prefix: use sc://host:port/;param=value.',
    )
  }
  const { host, port } = parseAuthority(authority, fail)
  const params = parseParams(semi < 0 ? '' : tail.slice(semi + 1), fail)

  const useSsl = params.get('use_ssl')
  if (useSsl !== undefined && !/^(true|false)$/i.test(useSsl))
    fail(`has use_ssl=${useSsl}; use_ssl must be true or false`)
  const sessionId = params.get('session_id')
  if (sessionId !== undefined && !UUID.test(sessionId))
    fail(
      `has session_id=${sessionId}, which is not a UUID`,
      'Omit session_id for a new session, or pass the UUID of the server session to join.',
    )
  const userAgent = params.get('user_agent')
  if (userAgent !== undefined && encodeURIComponent(userAgent).length > 2048)
    fail('has a user_agent longer than 2048 characters (URL-escaped)')
  const headers: Record<string, string> = {}
  for (const [key, value] of params) {
    if (RESERVED.has(key)) continue
    if (!HEADER_NAME.test(key) || key.endsWith('-bin'))
      fail(
        `has parameter '${key}', which is not a valid gRPC header name`,
        `Known parameters are ${[...RESERVED].join(', ')} (case-sensitive); any other is sent as a header and must be lowercase letters, digits, '-', '_' or '.'.`,
      )
    headers[key] = value
  }
  const token = params.get('token') ?? env['SPARK_CONNECT_AUTHENTICATE_TOKEN']
  const tls = useSsl?.toLowerCase() === 'true' || (token !== undefined && !LOOPBACK.has(host))
  const hostInUrl = host.includes(':') ? `[${host}]` : host
  return Object.freeze({
    host,
    port,
    tls,
    token,
    userId: params.get('user_id'),
    userAgent,
    sessionId: sessionId?.toLowerCase(),
    headers: Object.freeze(headers),
    baseUrl: `${tls ? 'https' : 'http'}://${hostInUrl}:${port}`,
    display,
  })
}

function parseAuthority(
  authority: string,
  fail: (problem: string, hint?: string) => never,
): { host: string; port: number } {
  if (authority.includes('@'))
    fail(
      'must not contain user information (user@host)',
      'Pass the user as ;user_id=… and a token as ;token=….',
    )
  let host: string
  let portText: string | undefined
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']')
    if (close < 0) fail('has an IPv6 address without its closing bracket')
    host = authority.slice(1, close)
    const after = authority.slice(close + 1)
    if (after !== '' && !after.startsWith(':')) fail(`has '${after}' after the IPv6 address`)
    portText = after === '' ? undefined : after.slice(1)
    if (!IPV6.test(host)) fail(`has an invalid IPv6 address '${host}'`)
  } else {
    const colon = authority.indexOf(':')
    host = colon < 0 ? authority : authority.slice(0, colon)
    portText = colon < 0 ? undefined : authority.slice(colon + 1)
    if (host === '') fail('has no host name')
    if (!HOST_NAME.test(host)) fail(`has an invalid host name '${host}'`)
  }
  if (portText === undefined) return { host, port: DEFAULT_CONNECT_PORT }
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN
  if (!(port >= 1 && port <= 65535))
    fail(
      `has an invalid port '${portText}'`,
      'The port is a number from 1 to 65535 (default 15002).',
    )
  return { host, port }
}

function parseParams(
  text: string,
  fail: (problem: string, hint?: string) => never,
): Map<string, string> {
  const params = new Map<string, string>()
  if (text === '') return params
  for (const part of text.split(';')) {
    if (part === '') continue
    const kv = part.split('=')
    if (kv.length !== 2 || kv[0] === '') {
      const name = kv[0] === 'token' ? 'token=***' : part
      fail(
        `has parameter '${name}', which is not one key=value pair`,
        "Parameters are separated by ';' and written key=value; percent-encode '=' and ';' inside values.",
      )
    }
    const [key, raw] = kv as [string, string]
    if (params.has(key)) fail(`has parameter '${key}' twice`)
    let value: string
    try {
      value = decodeURIComponent(raw)
    } catch {
      return fail(`has parameter '${key}' with an invalid percent-encoding`)
    }
    params.set(key, value)
  }
  return params
}

/** The string with the value of `token=` replaced by `***` (tokens never appear in messages). */
export function maskToken(url: string): string {
  return url.replace(/(;token=)[^;]*/g, '$1***')
}

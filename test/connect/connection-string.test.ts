import { describe, expect, it } from 'vitest'
import { maskToken, parseConnectionString } from '../../src/connect/connection-string.js'
import { EngineError } from '../../src/errors/index.js'

const parse = (url: string, env: Record<string, string> = {}) =>
  parseConnectionString(url, 'spark.remote', env)

function errorOf(url: string): EngineError {
  try {
    parse(url)
  } catch (e) {
    if (e instanceof EngineError) return e
    throw e
  }
  throw new Error(`${url} was accepted`)
}

describe('parseConnectionString', () => {
  it('defaults the port to 15002, plaintext, no token and no session id', () => {
    expect(parse('sc://myhost.com/')).toEqual({
      host: 'myhost.com',
      port: 15002,
      tls: false,
      token: undefined,
      userId: undefined,
      userAgent: undefined,
      sessionId: undefined,
      headers: {},
      baseUrl: 'http://myhost.com:15002',
      display: 'sc://myhost.com/',
    })
    expect(parse('sc://localhost').baseUrl).toBe('http://localhost:15002')
  })

  it('reads the port, use_ssl, token, user_id, user_agent, session_id and extra headers', () => {
    const c = parse(
      'sc://myhost.com:443/;use_ssl=true;token=ABC%3Bdef;user_id=Martin;user_agent=my_app;' +
        'session_id=550E8400-E29B-41D4-A716-446655440000;x-header=v%20w',
    )
    expect(c).toMatchObject({
      host: 'myhost.com',
      port: 443,
      tls: true,
      token: 'ABC;def',
      userId: 'Martin',
      userAgent: 'my_app',
      sessionId: '550e8400-e29b-41d4-a716-446655440000',
      headers: { 'x-header': 'v w' },
      baseUrl: 'https://myhost.com:443',
    })
    expect(c.display).toContain(';token=***;')
    expect(c.display).not.toContain('ABC')
  })

  it('takes parameters without the slash before them, as PySpark does', () => {
    expect(parse('sc://h:1234;user_id=u')).toMatchObject({ port: 1234, userId: 'u' })
  })

  it('makes a token imply TLS, except to a loopback host without use_ssl', () => {
    expect(parse('sc://spark.example.com/;token=t').tls).toBe(true)
    expect(parse('sc://localhost/;token=t').tls).toBe(false)
    expect(parse('sc://127.0.0.1:15002/;token=t').baseUrl).toBe('http://127.0.0.1:15002')
    expect(parse('sc://localhost/;token=t;use_ssl=true').tls).toBe(true)
    expect(parse('sc://h/;use_ssl=FALSE').tls).toBe(false)
  })

  it('takes the token from SPARK_CONNECT_AUTHENTICATE_TOKEN when the string has none', () => {
    expect(parse('sc://h/', { SPARK_CONNECT_AUTHENTICATE_TOKEN: 'envtok' })).toMatchObject({
      token: 'envtok',
      tls: true,
    })
    expect(parse('sc://h/;token=mine', { SPARK_CONNECT_AUTHENTICATE_TOKEN: 'env' }).token).toBe(
      'mine',
    )
  })

  it('accepts IPv6 addresses in brackets', () => {
    expect(parse('sc://[::1]:15003')).toMatchObject({
      host: '::1',
      port: 15003,
      baseUrl: 'http://[::1]:15003',
    })
  })

  it.each([
    ['http://localhost:15002', "must start with 'sc://'"],
    [
      'sc://myhost.com:443/mypathprefix/;token=AAAAAAA',
      "must have an empty path (found '/mypathprefix/')",
    ],
    ['sc://', 'has no host name'],
    ['sc://:15002', 'has no host name'],
    ['sc://bad_host!', "has an invalid host name 'bad_host!'"],
    ['sc://h:0', "has an invalid port '0'"],
    ['sc://h:65536', "has an invalid port '65536'"],
    ['sc://h:abc', "has an invalid port 'abc'"],
    ['sc://[::1', 'has an IPv6 address without its closing bracket'],
    ['sc://user@h', 'must not contain user information'],
    ['sc://h/?a=b', 'must not have a query'],
    ['sc://h/;use_ssl', "has parameter 'use_ssl', which is not one key=value pair"],
    ['sc://h/;a=b=c', "has parameter 'a=b=c', which is not one key=value pair"],
    ['sc://h/;use_ssl=yes', 'use_ssl must be true or false'],
    ['sc://h/;session_id=abc', 'has session_id=abc, which is not a UUID'],
    ['sc://h/;user_id=a;user_id=b', "has parameter 'user_id' twice"],
    ['sc://h/;Token=x', "has parameter 'Token', which is not a valid gRPC header name"],
    ['sc://h/;x-data-bin=x', "has parameter 'x-data-bin', which is not a valid gRPC header name"],
    ['sc://h/;a=%zz', "has parameter 'a' with an invalid percent-encoding"],
  ])('rejects %s: %s', (url, problem) => {
    const e = errorOf(url)
    expect(e.code).toBe('SL_API_INVALID_OPTION')
    expect(e.domain).toBe('user')
    expect(e.option).toBe('spark.remote')
    expect(e.message).toContain(problem)
    expect(e.message).toContain(`(got ${maskToken(url)})`)
  })

  it('never puts the token in an error message', () => {
    const e = errorOf('sc://h:99999/;token=s3cr3t')
    expect(e.message).not.toContain('s3cr3t')
    expect(errorOf('sc://h/;token=s3=cr3t').message).not.toContain('s3')
  })

  it('names where the string came from', () => {
    expect(() => parseConnectionString('local', 'SPARK_REMOTE', {})).toThrow(
      /^Option SPARK_REMOTE must start with 'sc:\/\/' \(got local\)/,
    )
  })
})

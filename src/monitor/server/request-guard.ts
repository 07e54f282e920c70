/**
 * The checks every dashboard request passes before a route sees it, in this order:
 *
 * 1. the Host header names this server (`host-policy.ts`), else 403 SL_MONITOR_HOST_NOT_ALLOWED;
 * 2. the path and query are valid percent-encoding, else 400 SL_MONITOR_BAD_REQUEST (routes and
 *    the asset reader decode them);
 * 3. with a token configured, the request presents it (`token-auth.ts`), else 401
 *    SL_MONITOR_UNAUTHORIZED with `WWW-Authenticate: Bearer`. A page opened with a right
 *    `?token=` gets the cookie and is redirected to the same address without the token, so it
 *    does not stay in the address bar and history.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { EngineError } from '../../errors/index.js'
import { isAllowedHost, type HostPolicy } from './host-policy.js'
import { errorResponse } from './http-error.js'
import { presentedToken, tokenCookie, tokenCookieName, tokenMatches } from './token-auth.js'

/** What the guard enforces. @internal */
export interface RequestGuardOptions {
  readonly hosts: HostPolicy
  /** `streamlake.ui.token`; no token check without it. */
  readonly token?: string
}

/** The guard as Hono middleware (register it before every route). @internal */
export function requestGuard(options: RequestGuardOptions): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host')
    if (!isAllowedHost(host, options.hosts))
      throw new EngineError('SL_MONITOR_HOST_NOT_ALLOWED', {
        host: JSON.stringify(host ?? ''),
        allowed: options.hosts.configured.length > 0 ? options.hosts.configured : 'none',
      })
    const url = new URL(c.req.url)
    checkEncoding('path', url.pathname)
    checkEncoding('query', url.search.replace(/\+/g, ' '))
    if (options.token === undefined) return next()
    const cookieName = tokenCookieName(host)
    const given = presentedToken({
      authorization: c.req.header('authorization'),
      query: url.searchParams.get('token') ?? undefined,
      cookie: c.req.header('cookie'),
      cookieName,
    })
    if (given === undefined) return unauthorized(c, 'the request carries no token')
    if (!tokenMatches(given.token, options.token))
      return unauthorized(c, `the token sent (as ${given.source}) is not the right one`)
    if (given.source === 'query') {
      c.header('Set-Cookie', tokenCookie(cookieName, given.token))
      if (c.req.method === 'GET' && !url.pathname.startsWith('/api/')) {
        url.searchParams.delete('token')
        return c.redirect(`${url.pathname}${url.search}`, 303)
      }
    }
    return next()
  }
}

function checkEncoding(what: 'path' | 'query', raw: string): void {
  try {
    decodeURIComponent(raw)
  } catch {
    throw new EngineError('SL_MONITOR_BAD_REQUEST', { what, value: JSON.stringify(raw) })
  }
}

function unauthorized(c: Context, problem: string): Response {
  const { status, body } = errorResponse(new EngineError('SL_MONITOR_UNAUTHORIZED', { problem }))
  c.header('WWW-Authenticate', 'Bearer realm="streamlake"')
  return c.json(body, status as 401)
}

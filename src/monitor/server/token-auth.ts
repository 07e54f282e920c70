/**
 * The dashboard's optional token (`streamlake.ui.token`), for a dashboard reachable beyond
 * loopback. A client presents it as `Authorization: Bearer <token>` (scripts, Prometheus'
 * `authorization` setting), as `?token=<token>` (opening the page), or in the cookie the server
 * sets when a `?token=` was right, which the page's own `fetch` and `EventSource` calls then send
 * by themselves (same origin). The cookie is HttpOnly and SameSite=Lax (Strict would not be sent
 * on the redirect that follows a link from another site, so the first load would fail; the API
 * only reads, so Lax's top-level GETs are harmless), and named after the port, since browsers
 * share cookies between the ports of one host.
 */
import { createHash, timingSafeEqual } from 'node:crypto'

/** How a request presented a token. @internal */
export type TokenSource = 'header' | 'query' | 'cookie'

/** The request parts a token can come in. @internal */
export interface TokenCarriers {
  readonly authorization: string | undefined
  readonly query: string | undefined
  readonly cookie: string | undefined
  readonly cookieName: string
}

/** The token cookie's name for a Host header (`streamlake_ui_token_<port>`). @internal */
export function tokenCookieName(host: string | undefined): string {
  const port = /:(\d{1,5})$/.exec(host ?? '')?.[1] ?? '80'
  return `streamlake_ui_token_${port}`
}

/** The token a request presents, the first of header, query and cookie. @internal */
export function presentedToken(
  carriers: TokenCarriers,
): { readonly token: string; readonly source: TokenSource } | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(carriers.authorization ?? '')?.[1]
  if (bearer !== undefined) return { token: bearer, source: 'header' }
  if (carriers.query !== undefined && carriers.query !== '')
    return { token: carriers.query, source: 'query' }
  const cookie = readCookie(carriers.cookie, carriers.cookieName)
  return cookie === undefined ? undefined : { token: cookie, source: 'cookie' }
}

/** Constant-time comparison (of digests, so lengths do not leak either). @internal */
export function tokenMatches(given: string, expected: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest()
  return timingSafeEqual(digest(given), digest(expected))
}

/** The Set-Cookie value that keeps an accepted token for the page. @internal */
export function tokenCookie(name: string, token: string): string {
  return `${name}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax`
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i < 0 || part.slice(0, i).trim() !== name) continue
    try {
      return decodeURIComponent(part.slice(i + 1).trim())
    } catch {
      return undefined
    }
  }
  return undefined
}

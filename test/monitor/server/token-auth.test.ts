import { describe, expect, it } from 'vitest'
import {
  presentedToken,
  tokenCookie,
  tokenCookieName,
  tokenMatches,
} from '../../../src/monitor/server/token-auth.js'

const none = { authorization: undefined, query: undefined, cookie: undefined, cookieName: 'c' }

describe('token auth', () => {
  it('takes the token from the bearer header, then ?token=, then the cookie', () => {
    expect(presentedToken(none)).toBeUndefined()
    expect(presentedToken({ ...none, cookie: 'x=1; c=tok%2B1' })).toEqual({
      token: 'tok+1',
      source: 'cookie',
    })
    expect(presentedToken({ ...none, cookie: 'c=old', query: 'new' })).toEqual({
      token: 'new',
      source: 'query',
    })
    expect(
      presentedToken({ ...none, authorization: 'bearer  abc ', query: 'new', cookie: 'c=old' }),
    ).toEqual({ token: 'abc', source: 'header' })
    expect(presentedToken({ ...none, authorization: 'Basic abc' })).toBeUndefined()
  })

  it('compares tokens exactly', () => {
    expect(tokenMatches('0123456789abcdef', '0123456789abcdef')).toBe(true)
    expect(tokenMatches('0123456789abcdeF', '0123456789abcdef')).toBe(false)
    expect(tokenMatches('0123456789abcdef0', '0123456789abcdef')).toBe(false)
  })

  it('names the cookie after the port, since browsers share cookies across ports', () => {
    expect(tokenCookieName('localhost:4040')).toBe('streamlake_ui_token_4040')
    expect(tokenCookieName('[::1]:4041')).toBe('streamlake_ui_token_4041')
    expect(tokenCookieName('localhost')).toBe('streamlake_ui_token_80')
    expect(tokenCookie('n', 'a+b')).toBe('n=a%2Bb; Path=/; HttpOnly; SameSite=Lax')
  })
})

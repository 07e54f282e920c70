import { describe, expect, it } from 'vitest'
import {
  hostnameOf,
  hostPolicy,
  isAllowedHost,
  isLoopbackHost,
} from '../../../src/monitor/server/host-policy.js'

describe('hostPolicy', () => {
  it('answers loopback names and addresses on any port, and nothing else by default', () => {
    const p = hostPolicy('127.0.0.1', [])
    for (const h of [
      'localhost',
      'localhost:4040',
      '127.0.0.1:1',
      '127.9.9.9',
      '[::1]',
      '[::1]:80',
    ])
      expect(isAllowedHost(h, p), h).toBe(true)
    for (const h of ['evil.example', 'localhost.evil.example', '10.0.0.1', '[::2]', '', 'a@b'])
      expect(isAllowedHost(h, p), h).toBe(false)
    expect(isAllowedHost(undefined, p)).toBe(false)
  })

  it('answers the bound address, and the interface addresses when bound to all of them', () => {
    expect(isAllowedHost('192.0.2.5:4040', hostPolicy('192.0.2.5', []))).toBe(true)
    expect(isAllowedHost('192.0.2.6:4040', hostPolicy('192.0.2.5', []))).toBe(false)
    const wildcard = hostPolicy('0.0.0.0', [], ['192.0.2.5', 'fe80::1'])
    expect(isAllowedHost('192.0.2.5', wildcard)).toBe(true)
    expect(isAllowedHost('[fe80::1]:4040', wildcard)).toBe(true)
    expect(isAllowedHost('0.0.0.0', wildcard)).toBe(false)
  })

  it('answers configured names, case-insensitively, and any name with *', () => {
    const p = hostPolicy('127.0.0.1', ['dash.internal'])
    expect(isAllowedHost('Dash.Internal:8080', p)).toBe(true)
    expect(isAllowedHost('other.internal', p)).toBe(false)
    expect(isAllowedHost('anything.example', hostPolicy('127.0.0.1', ['*']))).toBe(true)
  })

  it('parses Host header values strictly', () => {
    expect(hostnameOf('[::1]:4040')).toBe('::1')
    expect(hostnameOf('LocalHost:1')).toBe('localhost')
    expect(hostnameOf('user@localhost')).toBeUndefined()
    expect(hostnameOf('localhost:4040/x')).toBeUndefined()
    expect(isLoopbackHost('::1')).toBe(true)
    expect(isLoopbackHost('0.0.0.0')).toBe(false)
  })
})

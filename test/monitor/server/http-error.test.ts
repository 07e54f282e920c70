import { afterEach, describe, expect, it, vi } from 'vitest'
import { EngineError } from '../../../src/errors/index.js'
import { errorResponse } from '../../../src/monitor/server/http-error.js'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('errorResponse', () => {
  it('answers an EngineError with its code, message and domain, and logs nothing', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    const { status, body } = errorResponse(
      new EngineError('SL_MONITOR_BAD_REQUEST', { what: 'path', value: '"/%"' }),
    )
    expect(status).toBe(400)
    expect(body.code).toBe('SL_MONITOR_BAD_REQUEST')
    expect(warn).not.toHaveBeenCalled()
  })

  it('answers an unexpected error with a generic 500, reported once per message without its stack (#14)', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined)
    for (let i = 0; i < 5; i++) {
      const { status, body } = errorResponse(new TypeError('boom at request'))
      expect(status).toBe(500)
      expect(body).toMatchObject({ code: 'SL_INTERNAL_UNEXPECTED', domain: 'internal' })
      expect(body.message).not.toContain('boom')
    }
    errorResponse(new RangeError('another failure'))
    expect(warn).toHaveBeenCalledTimes(2)
    const text = String(warn.mock.calls[0]![0])
    expect(text).toContain('TypeError: boom at request')
    expect(text).not.toMatch(/\n\s+at /)
  })
})

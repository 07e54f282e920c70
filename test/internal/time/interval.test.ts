import { describe, expect, it } from 'vitest'
import { EngineError } from '../../../src/errors/index.js'
import { delayMillis, durationMicros, parseInterval } from '../../../src/internal/time/interval.js'

const ctx = { what: 'window duration' }
const S = 1_000_000

describe('parseInterval', () => {
  it('parses unit pairs, plurals, case and the interval prefix', () => {
    expect(parseInterval('10 minutes', ctx)).toEqual({ months: 0, days: 0, micros: 600 * S })
    expect(parseInterval('1 hour 30 minutes', ctx)).toEqual({
      months: 0,
      days: 0,
      micros: 5400 * S,
    })
    expect(parseInterval('interval 5 seconds', ctx)).toEqual({ months: 0, days: 0, micros: 5 * S })
    expect(parseInterval('INTERVAL 1 Second', ctx)).toEqual({ months: 0, days: 0, micros: S })
    expect(parseInterval('2 days', ctx)).toEqual({ months: 0, days: 2, micros: 0 })
    expect(parseInterval('1 week', ctx)).toEqual({ months: 0, days: 7, micros: 0 })
    expect(parseInterval('500 milliseconds', ctx)).toEqual({ months: 0, days: 0, micros: 500_000 })
    expect(parseInterval('10 microseconds', ctx)).toEqual({ months: 0, days: 0, micros: 10 })
    expect(parseInterval('1 month', ctx)).toEqual({ months: 1, days: 0, micros: 0 })
    expect(parseInterval('1 year 2 months', ctx)).toEqual({ months: 14, days: 0, micros: 0 })
    expect(parseInterval('  3   hours  ', ctx)).toEqual({
      months: 0,
      days: 0,
      micros: 3 * 3600 * S,
    })
  })

  it('parses signs and second fractions', () => {
    expect(parseInterval('-5 minutes', ctx)).toEqual({ months: 0, days: 0, micros: -300 * S })
    expect(parseInterval('+5 minutes', ctx)).toEqual({ months: 0, days: 0, micros: 300 * S })
    expect(parseInterval('1 hour -30 minutes', ctx)).toEqual({
      months: 0,
      days: 0,
      micros: 1800 * S,
    })
    expect(parseInterval('1.5 seconds', ctx)).toEqual({ months: 0, days: 0, micros: 1_500_000 })
    expect(parseInterval('-1.5 seconds', ctx)).toEqual({ months: 0, days: 0, micros: -1_500_000 })
    expect(parseInterval('.25 second', ctx)).toEqual({ months: 0, days: 0, micros: 250_000 })
    expect(parseInterval('0.123456789 seconds', ctx)).toEqual({
      months: 0,
      days: 0,
      micros: 123_456,
    })
  })

  it('rejects malformed strings with a message naming the value and an example', () => {
    for (const bad of [
      '',
      'interval',
      '10',
      'minutes',
      '10minutes',
      '10 minutesx',
      '10 fortnights',
      '1.5 minutes',
      '1.1234567891 seconds',
      'intervals 5 seconds',
      '5 seconds 3',
    ]) {
      let error: unknown
      try {
        parseInterval(bad, ctx)
      } catch (e) {
        error = e
      }
      expect(error, bad).toBeInstanceOf(EngineError)
      expect((error as EngineError).code).toBe('SL_PLAN_INVALID_INTERVAL')
      expect((error as EngineError).message).toContain(`'${bad}'`)
      expect((error as EngineError).message).toContain('window duration')
      expect((error as EngineError).message).toContain('10 seconds')
    }
  })
})

describe('durationMicros', () => {
  it('counts a day as 24 h and a week as 7 days', () => {
    expect(durationMicros('1 day', 'window duration')).toBe(86_400 * S)
    expect(durationMicros('1 week', 'window duration')).toBe(7 * 86_400 * S)
    expect(durationMicros('1 day 1 hour', 'window duration')).toBe(90_000 * S)
    expect(durationMicros('-5 minutes', 'window start time')).toBe(-300 * S)
  })

  it('rejects months and years', () => {
    expect(() => durationMicros('1 month', 'window duration')).toThrow(/months or years/)
    expect(() => durationMicros('1 year', 'trigger interval')).toThrow(/trigger interval/)
  })
})

describe('delayMillis', () => {
  it('converts months as 31 days and truncates micros to ms', () => {
    expect(delayMillis('10 seconds')).toBe(10_000)
    expect(delayMillis('1 month')).toBe(31 * 86_400_000)
    expect(delayMillis('1 year')).toBe(372 * 86_400_000)
    expect(delayMillis('1 day 1500 microseconds')).toBe(86_400_001)
    expect(delayMillis('0 seconds')).toBe(0)
    expect(delayMillis('1 month -1 day')).toBe(30 * 86_400_000)
  })

  it('rejects negative delays', () => {
    expect(() => delayMillis('-1 second')).toThrow(/must not be negative/)
  })
})

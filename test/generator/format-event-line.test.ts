import { describe, expect, it } from 'vitest'
import {
  SeededRandom,
  formatEventLine,
  formatEventTimestamp,
  formatEventValue,
  parseEventLine,
  type GeneratedEvent,
} from '../../src/generator/index.js'

const EVENT: GeneratedEvent = {
  event_id: '0b7e6c1a-3f7d-4a52-9c1e-5d2f8a9b0c3d',
  timestamp: '2026-11-24T10:15:30.123456',
  user_id: 17,
  event_type: 'click',
  value: 12.3,
  session_id: 'session_42',
}

describe('formatEventLine', () => {
  it('writes the fields in the seed order with no spaces and two-decimal values', () => {
    expect(formatEventLine(EVENT)).toBe(
      '{"event_id":"0b7e6c1a-3f7d-4a52-9c1e-5d2f8a9b0c3d","timestamp":"2026-11-24T10:15:30.123456",' +
        '"user_id":17,"event_type":"click","value":12.30,"session_id":"session_42"}',
    )
  })

  it('produces JSON that parses back to the same event', () => {
    expect(JSON.parse(formatEventLine(EVENT))).toEqual(EVENT)
    expect(parseEventLine(formatEventLine(EVENT))).toEqual(EVENT)
  })

  it('escapes strings that need it so the line stays valid JSON', () => {
    const odd = { ...EVENT, session_id: 'a"b\\c\n' }
    expect(JSON.parse(formatEventLine(odd))).toEqual(odd)
  })
})

describe('formatEventValue', () => {
  it('always writes exactly two decimals', () => {
    expect(formatEventValue(12.3)).toBe('12.30')
    expect(formatEventValue(1000)).toBe('1000.00')
    expect(formatEventValue(10)).toBe('10.00')
    expect(formatEventValue(123.45)).toBe('123.45')
    expect(formatEventValue(0.07)).toBe('0.07')
    expect(formatEventValue(-5.5)).toBe('-5.50')
  })

  it('agrees with toFixed(2) for every cent amount from 10.00 to 1000.00', () => {
    const mismatches: number[] = []
    for (let cents = 1000; cents <= 100_000; cents++) {
      const value = cents / 100
      if (formatEventValue(value) !== value.toFixed(2)) mismatches.push(value)
    }
    expect(mismatches).toEqual([])
  })
})

describe('formatEventTimestamp', () => {
  it('writes a UTC local date-time with six fractional digits and no zone', () => {
    const micros = Date.UTC(2026, 10, 24, 10, 15, 30) * 1000 + 123_456
    expect(formatEventTimestamp(micros)).toBe('2026-11-24T10:15:30.123456')
    expect(formatEventTimestamp(Date.UTC(2026, 0, 1) * 1000)).toBe('2026-01-01T00:00:00.000000')
    expect(formatEventTimestamp(Date.UTC(2026, 0, 1) * 1000 - 1)).toBe('2025-12-31T23:59:59.999999')
  })

  it('agrees with Date.toISOString on random instants', () => {
    const rng = SeededRandom.create(3)
    const mismatches: string[] = []
    for (let i = 0; i < 5000; i++) {
      const micros = rng.nextInt(Date.UTC(1971, 0, 1) * 1000, Date.UTC(2999, 0, 1) * 1000)
      const iso = new Date(Math.floor(micros / 1000)).toISOString()
      const expected = `${iso.slice(0, 23)}${String(micros % 1000).padStart(3, '0')}`
      if (formatEventTimestamp(micros) !== expected) mismatches.push(expected)
    }
    expect(mismatches).toEqual([])
  })
})

describe('parseEventLine', () => {
  it('returns undefined for blank lines, bad JSON and other shapes', () => {
    expect(parseEventLine('')).toBeUndefined()
    expect(parseEventLine('{"event_id":')).toBeUndefined()
    expect(parseEventLine('{"a":1}')).toBeUndefined()
    expect(parseEventLine('null')).toBeUndefined()
    expect(
      parseEventLine(formatEventLine({ ...EVENT, event_type: 'nope' as 'click' })),
    ).toBeUndefined()
  })
})

import { describe, expect, it } from 'vitest'
import { encodeBatch } from '../../src/generator/encode-batch.js'
import {
  EVENT_TYPES,
  SeededRandom,
  formatEventLine,
  generateBatch,
  seededUuid,
  type GeneratedEvent,
} from '../../src/generator/index.js'

const NOW = new Date('2026-11-24T10:00:00Z')
const NOW_MICROS = NOW.getTime() * 1000
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/

function micros(timestamp: string): number {
  return Date.parse(`${timestamp.slice(0, 23)}Z`) * 1000 + Number(timestamp.slice(23))
}

function batch(n: number, options = {}, seed = 1, recent: readonly GeneratedEvent[] = []) {
  return generateBatch(
    SeededRandom.create(seed, 0),
    0,
    NOW,
    { eventsPerBatch: n, ...options },
    recent,
  )
}

describe('generateBatch', () => {
  it('generates events with the seed shape and ranges', () => {
    const events = batch(20_000, { users: 50, sessions: 7 })
    expect(events).toHaveLength(20_000)
    const bad = events.filter(
      (e) =>
        Object.keys(e).join() !== 'event_id,timestamp,user_id,event_type,value,session_id' ||
        !UUID_V4.test(e.event_id) ||
        !TIMESTAMP.test(e.timestamp) ||
        !(Number.isInteger(e.user_id) && e.user_id >= 1 && e.user_id <= 50) ||
        !EVENT_TYPES.includes(e.event_type) ||
        !(e.value >= 10 && e.value <= 1000 && Math.round(e.value * 100) / 100 === e.value) ||
        !/^session_[1-7]$/.test(e.session_id),
    )
    expect(bad).toEqual([])
    expect(new Set(events.map((e) => e.event_type)).size).toBe(4)
    expect(new Set(events.map((e) => e.user_id)).size).toBe(50)
    expect(new Set(events.map((e) => e.event_id)).size).toBe(20_000)
  })

  it('is deterministic for a seed and differs across seeds', () => {
    expect(batch(100)).toEqual(batch(100))
    expect(batch(100, {}, 2)).not.toEqual(batch(100))
  })

  it('makes about lateFraction of events late by 60-600 s and the rest 0-30 s behind now', () => {
    for (const lateFraction of [0.1, 0.3]) {
      const events = batch(50_000, { lateFraction }, 5)
      const lags = events.map((e) => NOW_MICROS - micros(e.timestamp))
      const lateLags = lags.filter((lag) => lag > 30_000_000)
      const late = lateLags.length
      expect(Math.min(...lags)).toBeGreaterThanOrEqual(0)
      expect(Math.min(...lateLags)).toBeGreaterThanOrEqual(60_000_000)
      expect(Math.max(...lateLags)).toBeLessThanOrEqual(600_000_000)
      expect(Math.max(...lags.filter((lag) => lag <= 30_000_000))).toBeGreaterThan(29_000_000)
      // 50 000 draws: the standard deviation of the share is at most 0.0023.
      expect(Math.abs(late / events.length - lateFraction)).toBeLessThan(0.01)
    }
  })

  it('puts about lateTailFraction of events 15-20 min behind now (the tail), the rest as before', () => {
    const events = batch(50_000, { lateTailFraction: 0.05 }, 6)
    const lags = events.map((e) => NOW_MICROS - micros(e.timestamp))
    const tail = lags.filter((lag) => lag > 600_000_000)
    expect(Math.min(...tail)).toBeGreaterThanOrEqual(900_000_000)
    expect(Math.max(...tail)).toBeLessThanOrEqual(1_200_000_000)
    expect(Math.abs(tail.length / events.length - 0.05)).toBeLessThan(0.01)
    // The late share (60-600 s) is lateFraction of the events outside the tail.
    const late = lags.filter((lag) => lag > 30_000_000 && lag <= 600_000_000).length
    expect(Math.abs(late / (events.length - tail.length) - 0.1)).toBeLessThan(0.01)
  })

  it('draws exactly the same events as before when there is no tail', () => {
    expect(batch(500, { lateTailFraction: 0 }, 3)).toEqual(batch(500, {}, 3))
    const withTail = batch(500, { lateTailFraction: 0.5 }, 3)
    expect(withTail).not.toEqual(batch(500, {}, 3))
  })

  it('honours custom lateness bounds and an on-time maximum of zero', () => {
    const events = batch(5000, {
      lateFraction: 0.5,
      lateMinMs: 1000,
      lateMaxMs: 2000,
      onTimeMaxMs: 0,
    })
    const lags = events.map((e) => NOW_MICROS - micros(e.timestamp))
    expect(lags.every((lag) => lag === 0 || (lag >= 1_000_000 && lag <= 2_000_000))).toBe(true)
  })

  it('uses microsecond resolution for lags', () => {
    const fractions = new Set(batch(1000).map((e) => e.timestamp.slice(-3)))
    expect(fractions.size).toBeGreaterThan(500)
  })

  it('re-emits exact copies of earlier events at about duplicateFraction', () => {
    const recent = batch(500, {}, 77)
    const events = batch(40_000, { duplicateFraction: 0.2 }, 8, recent)
    const seen = new Map(recent.map((e) => [e.event_id, e]))
    let duplicates = 0
    let fromRecent = 0
    for (const e of events) {
      const earlier = seen.get(e.event_id)
      if (earlier !== undefined) {
        duplicates++
        if (e !== earlier) expect(e).toEqual(earlier)
        if (recent.includes(earlier)) fromRecent++
      } else {
        seen.set(e.event_id, e)
      }
    }
    expect(Math.abs(duplicates / events.length - 0.2)).toBeLessThan(0.01)
    expect(fromRecent).toBeGreaterThan(0)
  })

  it('writes no duplicates by default', () => {
    const events = batch(20_000)
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length)
  })

  it('rejects invalid options with SL_API_INVALID_OPTION naming the option', () => {
    expect(() => batch(10, { lateFraction: 2 })).toThrow(
      /Option lateFraction must be a number from 0 to 1 \(got 2\)/,
    )
    expect(() => batch(0)).toThrow(/eventsPerBatch/)
    expect(() => batch(10, { lateTailMinMs: 5000, lateTailMaxMs: 1000 })).toThrow(
      /Option lateTailMaxMs must be at least lateTailMinMs \(5000\)/,
    )
    expect(() => batch(10, { lateTailFraction: -0.1 })).toThrow(/lateTailFraction/)
  })
})

describe('encodeBatch', () => {
  it('writes exactly the formatted lines of generateBatch, with and without duplicates and a tail', () => {
    for (const [duplicateFraction, lateTailFraction] of [
      [0, 0],
      [0.3, 0],
      [0.3, 0.1],
    ]) {
      const options = {
        eventsPerBatch: 3000,
        duplicateFraction,
        lateTailFraction,
        users: 2 ** 31 - 1,
        sessions: 2 ** 31 - 1,
      }
      const recentEvents = batch(200, {}, 99)
      const recentText = recentEvents.map((e) => formatEventLine(e) + '\n').join('')
      const recentStarts = new Int32Array(201)
      for (let i = 0, off = 0; i <= 200; i++) {
        recentStarts[i] = off
        off += (formatEventLine(recentEvents[i] ?? recentEvents[0]!) + '\n').length
      }
      const objects = generateBatch(SeededRandom.create(4, 2), 2, NOW, options, recentEvents)
      const encoded = encodeBatch(SeededRandom.create(4, 2), NOW, options, [
        { bytes: Buffer.from(recentText), lineStarts: recentStarts },
      ])
      const expected = objects.map((e) => formatEventLine(e) + '\n').join('')
      expect(Buffer.from(encoded.bytes).toString('utf8')).toBe(expected)
      expect(encoded.lineStarts[3000]).toBe(encoded.bytes.length)
    }
  })
})

describe('seededUuid', () => {
  it('draws RFC 9562 version-4 ids reproducibly', () => {
    const a = seededUuid(SeededRandom.create(5))
    expect(a).toMatch(UUID_V4)
    expect(seededUuid(SeededRandom.create(5))).toBe(a)
  })
})

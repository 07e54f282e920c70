import { describe, expect, it } from 'vitest'
import {
  requireZone,
  resolveZone,
  zoneOffsetMicros,
} from '../../../src/internal/time/resolve-zone.js'

const H = 3_600_000_000

describe('resolveZone', () => {
  it('resolves offsets, UTC prefixes, short IDs and regions like java.time', () => {
    expect(resolveZone('Z')!.offsetAt(0)).toBe(0)
    expect(resolveZone('+01:00')!.offsetAt(0)).toBe(H)
    expect(resolveZone('+1:00')!.offsetAt(0)).toBe(H)
    expect(resolveZone('-08:3')!.offsetAt(0)).toBe(-(8 * 3600 + 3 * 60) * 1_000_000)
    expect(resolveZone('+0130')!.offsetAt(0)).toBe(1.5 * H)
    expect(resolveZone('+01')!.offsetAt(0)).toBe(H)
    expect(resolveZone('+1')!.offsetAt(0)).toBe(H)
    expect(resolveZone('UTC')!.offsetAt(0)).toBe(0)
    expect(resolveZone('GMT+2')!.offsetAt(0)).toBe(2 * H)
    expect(resolveZone('UT-03:00')!.offsetAt(0)).toBe(-3 * H)
    expect(resolveZone('EST')!.offsetAt(0)).toBe(-5 * H)
    expect(resolveZone('PST')!.id).toBe('America/Los_Angeles')
    expect(resolveZone('Etc/UTC')!.offsetAt(0)).toBe(0)
  })

  it('rejects what java.time rejects', () => {
    for (const bad of [
      'utc',
      'z',
      '+19:00',
      '+1:60',
      'america/los_angeles',
      'Mars/Olympus',
      '',
      'GMT+x',
      '5',
    ]) {
      expect(resolveZone(bad), bad).toBeNull()
    }
  })

  it('gives DST-aware offsets for a region', () => {
    // Python zoneinfo: LA is UTC-8 on 2026-11-24 and UTC-7 on 2026-07-01.
    expect(zoneOffsetMicros(1_795_515_330_000_000, 'America/Los_Angeles')).toBe(-8 * H)
    expect(zoneOffsetMicros(Date.UTC(2026, 6, 1) * 1000, 'America/Los_Angeles')).toBe(-7 * H)
    // the transition instant 2026-03-08T10:00Z and one microsecond before it
    expect(zoneOffsetMicros(1_772_964_000_000_000, 'America/Los_Angeles')).toBe(-7 * H)
    expect(zoneOffsetMicros(1_772_964_000_000_000 - 1, 'America/Los_Angeles')).toBe(-8 * H)
    expect(zoneOffsetMicros(0, 'Asia/Kolkata')).toBe(5.5 * H)
  })

  it('names the setting when a configured zone is invalid', () => {
    expect(() => requireZone('Nowhere/City', 'timeZone')).toThrow(/timeZone/)
    expect(() => requireZone('Nowhere/City')).toThrow(/spark\.sql\.session\.timeZone/)
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EngineError } from '../../../src/errors/index.js'
import {
  formatTimestamp,
  parseTimestamp,
  parseTimestampNtzRange,
} from '../../../src/internal/time/timestamp-parser.js'

// Expected values were computed independently with Python's datetime/zoneinfo (see each comment).
const LA = 'America/Los_Angeles'
const T_UTC = 1_795_515_330_123_456 // datetime(2026,11,24,10,15,30,123456,UTC)
const T_LA = 1_795_544_130_123_456 // same wall clock in America/Los_Angeles (PST, UTC-8)

describe('parseTimestamp', () => {
  it('reads the generator format as a wall-clock time in the session zone', () => {
    expect(parseTimestamp('2026-11-24T10:15:30.123456', 'UTC')).toBe(T_UTC)
    expect(parseTimestamp('2026-11-24T10:15:30.123456', LA)).toBe(T_LA)
  })

  it('accepts a space separator and omitted seconds, minutes or time', () => {
    expect(parseTimestamp('2026-11-24 10:15:30', 'UTC')).toBe(1_795_515_330_000_000)
    expect(parseTimestamp('2026-11-24 10:15', 'UTC')).toBe(1_795_515_300_000_000)
    expect(parseTimestamp('2026-11-24T10', 'UTC')).toBe(1_795_514_400_000_000)
    expect(parseTimestamp('2026-11-24', 'UTC')).toBe(20781 * 86_400_000_000)
    expect(parseTimestamp('2026-11', 'UTC')).toBe(1_793_491_200_000_000)
    expect(parseTimestamp('2026', 'UTC')).toBe(1_767_225_600_000_000)
    expect(parseTimestamp('2026-1-5 1:2:3', 'UTC')).toBe(Date.UTC(2026, 0, 5, 1, 2, 3) * 1000)
  })

  it('scales fractions of 1 to 9 digits and truncates beyond microseconds', () => {
    const base = 1_795_515_330_000_000
    const cases: [string, number][] = [
      ['1', 100_000],
      ['12', 120_000],
      ['123', 123_000],
      ['1234', 123_400],
      ['12345', 123_450],
      ['123456', 123_456],
      ['1234567', 123_456],
      ['12345678', 123_456],
      ['123456789', 123_456],
      ['1234567891234', 123_456],
    ]
    for (const [digits, micros] of cases) {
      expect(parseTimestamp(`2026-11-24T10:15:30.${digits}`, 'UTC')).toBe(base + micros)
      expect(parseTimestamp(` 2026-11-24 10:15:30.${digits} `, 'UTC')).toBe(base + micros)
    }
    expect(parseTimestamp('2026-11-24T10:15:30.', 'UTC')).toBe(base)
  })

  it('honours explicit zones over the session zone', () => {
    const z = 1_795_515_330_000_000
    expect(parseTimestamp('2026-11-24T10:15:30Z', LA)).toBe(z)
    expect(parseTimestamp('2026-11-24T10:15:30 UTC', LA)).toBe(z)
    expect(parseTimestamp('2026-11-24T10:15:30GMT', LA)).toBe(z)
    expect(parseTimestamp('2026-11-24T10:15:30+01:30', 'UTC')).toBe(1_795_509_930_000_000)
    expect(parseTimestamp('2026-11-24T10:15:30+0130', 'UTC')).toBe(1_795_509_930_000_000)
    expect(parseTimestamp('2026-11-24T10:15:30+01', 'UTC')).toBe(z - 3_600_000_000)
    expect(parseTimestamp('2026-11-24T10:15:30-8:00', 'UTC')).toBe(z + 8 * 3_600_000_000)
    expect(parseTimestamp('2026-11-24T10:15:30UTC+01:30', 'UTC')).toBe(1_795_509_930_000_000)
    expect(parseTimestamp('2026-11-24T10:15:30.5GMT-01', 'UTC')).toBe(z + 3_600_500_000)
    expect(parseTimestamp('2026-11-24T10:15:30 America/Los_Angeles', 'UTC')).toBe(T_LA - 123_456)
    expect(parseTimestamp('2026-11-24T10:15:30PST', 'UTC')).toBe(T_LA - 123_456)
    // Asia/Kolkata +05:30 (Python: 1795495530000000)
    expect(parseTimestamp('2026-11-24 10:15:30 Asia/Kolkata', 'UTC')).toBe(1_795_495_530_000_000)
  })

  it('rejects what Spark rejects', () => {
    for (const bad of [
      '',
      '   ',
      'garbage',
      '2026-11-24T10:15Z', // a zone needs seconds
      '2026-11-24T',
      '2026-13-01',
      '2026-02-29',
      '2026-11-31',
      '2026-11-24 24:00:00',
      '2026-11-24 10:60:00',
      '2026-11-24 10:15:60',
      '26-11-24',
      '2026-11-24 10:15:30 utc', // region IDs are case-sensitive
      '2026-11-24 10:15:30 Mars/Olympus',
      '2026-11-24 10:15:30+19:00',
      '2026-11-24x',
      '1234567-01-01',
      '2026/11/24',
    ]) {
      expect(parseTimestamp(bad, 'UTC'), bad).toBeNull()
    }
  })

  it('handles the epoch and times before 1970', () => {
    expect(parseTimestamp('1970-01-01 00:00:00', 'UTC')).toBe(0)
    expect(parseTimestamp('1969-12-31 23:59:59.999999', 'UTC')).toBe(-1)
    expect(parseTimestamp('1900-01-01', 'UTC')).toBe(-2_208_988_800_000_000)
    // Python: datetime(1950,6,15,12,0,tzinfo=LA) → -616827600000000
    expect(parseTimestamp('1950-06-15 12:00', LA)).toBe(-616_827_600_000_000)
  })

  it('resolves DST gaps forward and overlaps to the earlier offset like java.time', () => {
    // 2026-03-08 02:30 does not exist in LA: java shifts to 03:30 PDT = 10:30Z (Python fold=0).
    expect(parseTimestamp('2026-03-08 02:30:00', LA)).toBe(1_772_965_800_000_000)
    expect(parseTimestamp('2026-03-08 03:30:00', LA)).toBe(1_772_965_800_000_000)
    expect(parseTimestamp('2026-03-08 01:59:59', LA)).toBe(1_772_963_999_000_000)
    // 2026-11-01 01:30 happens twice: the earlier offset (PDT, UTC-7) wins → 08:30Z.
    expect(parseTimestamp('2026-11-01 01:30:00', LA)).toBe(1_793_521_800_000_000)
    expect(parseTimestamp('2026-11-01 02:30:00', LA)).toBe(
      1_793_521_800_000_000 + 2 * 3_600_000_000,
    )
  })

  it('supports signed and long years, and time-only values on today', () => {
    expect(parseTimestamp('+2026-11-24', 'UTC')).toBe(20781 * 86_400_000_000)
    expect((parseTimestamp('10:15:30', 'UTC') as number) % 86_400_000_000).toBe(
      (10 * 3600 + 15 * 60 + 30) * 1e6,
    )
    expect((parseTimestamp('T10:15:30', 'UTC') as number) % 86_400_000_000).toBe(
      (10 * 3600 + 15 * 60 + 30) * 1e6,
    )
    expect(parseTimestamp(' T10:15:30', 'UTC')).toBeNull()
  })

  it('throws a user error naming the setting for an invalid session zone', () => {
    expect(() => parseTimestamp('2026-11-24', 'Nowhere/City')).toThrow(EngineError)
    expect(() => parseTimestamp('2026-11-24', 'Nowhere/City')).toThrow(
      /spark\.sql\.session\.timeZone/,
    )
  })

  it('parses TIMESTAMP_NTZ wall-clock values and rejects zones', () => {
    const s = '2026-11-24T10:15:30.123456'
    expect(parseTimestampNtzRange(s, 0, s.length)).toBe(T_UTC)
    const z = '2026-11-24T10:15:30Z'
    expect(parseTimestampNtzRange(z, 0, z.length)).toBeNull()
  })

  it('round-trips formatTimestamp output for random instants in 1900–2200 (UTC and LA)', () => {
    const min = -2_208_988_800_000_000 // 1900-01-01
    const max = 7_258_118_400_000_000 // 2200-01-01
    fc.assert(
      fc.property(
        fc.integer({ min: min / 1000, max: max / 1000 }),
        fc.integer({ min: 0, max: 999 }),
        (ms, us) => {
          const micros = ms * 1000 + us
          expect(parseTimestamp(formatTimestamp(micros, 'UTC'), 'UTC')).toBe(micros)
        },
      ),
      { numRuns: 2000 },
    )
    fc.assert(
      fc.property(
        fc.integer({ min: min / 1000, max: max / 1000 }),
        fc.integer({ min: 0, max: 999 }),
        (ms, us) => {
          const micros = ms * 1000 + us
          const text = formatTimestamp(micros, LA)
          const back = parseTimestamp(text, LA) as number
          // Wall-clock text is ambiguous in the repeated hour of an overlap; there the earlier
          // offset wins, so the parsed instant may be exactly one hour earlier.
          expect([0, 3_600_000_000]).toContain(micros - back)
          expect(formatTimestamp(back, LA)).toBe(text)
        },
      ),
      { numRuns: 2000 },
    )
  })
})

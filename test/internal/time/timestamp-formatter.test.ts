import { describe, expect, it } from 'vitest'
import {
  formatDate,
  formatTimestamp,
  formatTimestampIso,
} from '../../../src/internal/time/timestamp-parser.js'

describe('formatTimestamp', () => {
  it('renders like Spark show(): trailing fraction zeros trimmed, none when zero', () => {
    expect(formatTimestamp(1_795_515_330_123_456, 'UTC')).toBe('2026-11-24 10:15:30.123456')
    expect(formatTimestamp(1_795_515_330_120_000, 'UTC')).toBe('2026-11-24 10:15:30.12')
    expect(formatTimestamp(1_795_515_330_000_001, 'UTC')).toBe('2026-11-24 10:15:30.000001')
    expect(formatTimestamp(1_795_515_330_000_000, 'UTC')).toBe('2026-11-24 10:15:30')
    expect(formatTimestamp(1_764_000_000_000_000, 'UTC')).toBe('2025-11-24 16:00:00')
  })

  it('renders in the given zone, including before 1970 and in the DST overlap', () => {
    expect(formatTimestamp(1_795_544_130_123_456, 'America/Los_Angeles')).toBe(
      '2026-11-24 10:15:30.123456',
    )
    expect(formatTimestamp(-1, 'UTC')).toBe('1969-12-31 23:59:59.999999')
    expect(formatTimestamp(0, 'UTC')).toBe('1970-01-01 00:00:00')
    expect(formatTimestamp(1_793_521_800_000_000, 'America/Los_Angeles')).toBe(
      '2026-11-01 01:30:00',
    )
    expect(formatTimestamp(1_793_525_400_000_000, 'America/Los_Angeles')).toBe(
      '2026-11-01 01:30:00',
    )
    // LMT before 1883: Python zoneinfo gives -7:52:58 for America/Los_Angeles in 1850.
    expect(formatTimestamp(-3_786_797_222_000_000, 'America/Los_Angeles')).toBe(
      '1850-01-01 00:00:00',
    )
  })

  it('renders the progress-JSON ISO form in UTC with milliseconds', () => {
    expect(formatTimestampIso(1_795_515_330_123_456)).toBe('2026-11-24T10:15:30.123Z')
    expect(formatTimestampIso(0)).toBe('1970-01-01T00:00:00.000Z')
    expect(formatTimestampIso(-1)).toBe('1969-12-31T23:59:59.999Z')
  })

  it('renders dates as yyyy-MM-dd', () => {
    expect(formatDate(20781)).toBe('2026-11-24')
    expect(formatDate(-1)).toBe('1969-12-31')
    expect(formatDate(11016)).toBe('2000-02-29')
  })
})

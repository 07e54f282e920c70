import { describe, expect, it } from 'vitest'
import { parseDate } from '../../../src/internal/time/timestamp-parser.js'

describe('parseDate', () => {
  it('accepts the CAST date forms', () => {
    expect(parseDate('2026-11-24')).toBe(20781)
    expect(parseDate(' 2026-11-24 ')).toBe(20781)
    expect(parseDate('2026-11-24T10:15:30Z')).toBe(20781)
    expect(parseDate('2026-11-24 anything')).toBe(20781)
    expect(parseDate('2026-11')).toBe(20758)
    expect(parseDate('2026')).toBe(20454)
    expect(parseDate('1969-12-31')).toBe(-1)
    expect(parseDate('2000-2-29')).toBe(11016)
    expect(parseDate('+2026-11-24')).toBe(20781)
  })

  it('rejects invalid dates', () => {
    for (const bad of [
      '',
      '2026-02-30',
      '2026-11-24x',
      '2026 x',
      '26-11-24',
      '2026-1-',
      'abc',
      '12345678-01-01',
    ]) {
      expect(parseDate(bad), bad).toBeNull()
    }
  })
})

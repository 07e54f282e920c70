import { describe, expect, it } from 'vitest'
import { fmtSecondsTicks } from '../../dashboard/src/format.js'
import { arrivalRate, lastDefinedAt, sourceMetricTotal } from '../../dashboard/src/series.js'

const at = (second: number, rows: number) => ({
  timestamp: new Date(Date.UTC(2026, 11, 6, 10, 0, second)).toISOString(),
  numInputRows: rows,
})

describe('arrivalRate', () => {
  it('is rows per second of wall time, whatever the no-data batches between', () => {
    // The demo: 100 rows every 5 s, each data batch followed 30 ms later by a no-data batch
    // (Spark's inputRowsPerSecond for such a batch is 100 rows / 0.03 s ≈ 3,333 rows/s).
    const h = []
    for (let s = 0; s <= 60; s += 5)
      h.push(at(s, 100), { ...at(s, 0), timestamp: at(s, 0).timestamp.replace('.000Z', '.030Z') })
    const rates = arrivalRate(h)
    for (const r of rates.slice(4)) expect(r).toBeCloseTo(20, 0)
  })

  it('falls to zero when nothing arrives for a whole window', () => {
    const rates = arrivalRate([at(0, 50), at(5, 50), at(10, 50), at(25, 0), at(30, 0)])
    expect(rates[2]).toBeCloseTo(50 / 5, 5)
    expect(rates.at(-1)).toBe(0)
  })
})

describe('lastDefinedAt', () => {
  it('gives the last value at or before the index, skipping nulls', () => {
    expect(lastDefinedAt([1, 2, null, null], 3)).toBe(2)
    expect(lastDefinedAt([1, 2, 3], 1)).toBe(2)
    expect(lastDefinedAt([null, null], 1)).toBeNull()
    expect(lastDefinedAt([0, null], 1)).toBe(0)
  })
})

describe('fmtSecondsTicks', () => {
  it('tells ticks apart around one hour (the sessions lag axis)', () => {
    const labels = fmtSecondsTicks([3600, 3610, 3620, 3630])
    expect(new Set(labels).size).toBe(4)
    expect(labels[1]).toBe('1h 00m 10s')
  })

  it('keeps the short form when it is already distinct', () => {
    expect(fmtSecondsTicks([0, 60, 120])).toEqual(['0 ms', '1m 00s', '2m 00s'])
    expect(fmtSecondsTicks([3600, 7200])).toEqual(['1h 00m', '2h 00m'])
  })
})

describe('sourceMetricTotal', () => {
  it("sums a source metric over every source and batch (the Bad records tile's numBadRecords)", () => {
    const h = [
      { sources: [{ metrics: { numBadRecords: '2', numMissingFiles: '0' } }, {}] },
      { sources: [{ metrics: { numBadRecords: '0', numMissingFiles: '1' } }] },
      { sources: [{ metrics: { numBadRecords: '3' } }, { metrics: { numBadRecords: '1' } }] },
    ]
    expect(sourceMetricTotal(h, 'numBadRecords')).toBe(6)
    expect(sourceMetricTotal(h, 'numMissingFiles')).toBe(1)
  })

  it('is null when no source reports the metric (a memory stream)', () => {
    expect(sourceMetricTotal([{ sources: [{}] }, { sources: [] }], 'numBadRecords')).toBeNull()
  })
})

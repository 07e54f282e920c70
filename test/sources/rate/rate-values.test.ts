import { describe, expect, it } from 'vitest'
import { rateRows, valueAtSecond } from '../../../src/sources/rate/rate-values.js'
import { parseRateOptions, timeStringAsSeconds } from '../../../src/sources/rate/rate-options.js'

describe('rate source values (Spark RateStreamProvider.valueAtSecond)', () => {
  it('ramps up linearly, then grows by rowsPerSecond (the cases of Spark’s RateSourceSuite)', () => {
    expect([0, 1].map((s) => valueAtSecond(s, 5, 0))).toEqual([0, 5])
    expect([0, 1, 2, 3].map((s) => valueAtSecond(s, 5, 2))).toEqual([0, 1, 3, 8])
    expect([0, 1, 2, 3, 4, 5, 6].map((s) => valueAtSecond(s, 10, 4))).toEqual([
      0, 2, 6, 12, 20, 30, 40,
    ])
  })

  it('spreads the values of a range evenly over its seconds (10 rows/s: 100 ms apart)', () => {
    const rows = rateRows({
      startTimeMs: 0,
      startSeconds: 0,
      endSeconds: 1,
      rowsPerSecond: 10,
      rampUpSeconds: 0,
    })
    expect(rows).toEqual(Array.from({ length: 10 }, (_, v) => [v * 100 * 1000, v]))
  })

  it('rounds each timestamp half up to the millisecond (3 rows over 1 s from second 2)', () => {
    const rows = rateRows({
      startTimeMs: 1_000_000,
      startSeconds: 2,
      endSeconds: 3,
      rowsPerSecond: 3,
      rampUpSeconds: 0,
    })
    // values 6, 7, 8 at 2000 + round(k × 333.33…) ms after the start time
    expect(rows).toEqual([
      [1_002_000_000, 6],
      [1_002_333_000, 7],
      [1_002_667_000, 8],
    ])
  })

  it('yields no rows for an empty range (start = end, or nothing generated during ramp-up)', () => {
    const r = { startTimeMs: 0, rowsPerSecond: 1, rampUpSeconds: 3 }
    expect(rateRows({ ...r, startSeconds: 0, endSeconds: 0 })).toEqual([])
    // rowsPerSecond / (rampUp + 1) = 0: no rows during ramp-up
    expect(rateRows({ ...r, startSeconds: 0, endSeconds: 3 })).toEqual([])
  })
})

describe('rate source options', () => {
  it('defaults to 1 row per second, no ramp-up', () => {
    expect(parseRateOptions({})).toEqual({
      rowsPerSecond: 1,
      rampUpSeconds: 0,
      numPartitions: undefined,
    })
  })

  it('reads rampUpTime as a Spark time string truncated to seconds', () => {
    expect(timeStringAsSeconds('5s')).toBe(5)
    expect(timeStringAsSeconds('2min')).toBe(120)
    expect(timeStringAsSeconds(' 1H ')).toBe(3600)
    expect(timeStringAsSeconds('1500ms')).toBe(1)
    expect(timeStringAsSeconds('7')).toBe(7)
    expect(() => timeStringAsSeconds('5 parsecs')).toThrow(/rampUpTime/)
  })

  it('refuses what Spark refuses, naming the option', () => {
    for (const [opts, option] of [
      [{ rowsPerSecond: '0' }, 'rowsPerSecond'],
      [{ rowsPerSecond: 'abc' }, 'rowsPerSecond'],
      [{ rampUpTime: '-1s' }, 'rampUpTime'],
      [{ numPartitions: '0' }, 'numPartitions'],
    ] as const) {
      expect(() => parseRateOptions(opts)).toThrow(
        expect.objectContaining({ code: 'SL_SOURCE_INVALID_OPTION', option }),
      )
    }
  })

  it('accepts option names in any case and numPartitions', () => {
    expect(parseRateOptions({ ROWSPERSECOND: '7', numpartitions: '4', RampUpTime: '3s' })).toEqual({
      rowsPerSecond: 7,
      rampUpSeconds: 3,
      numPartitions: 4,
    })
  })
})

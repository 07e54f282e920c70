import { describe, expect, it } from 'vitest'
import { EngineError } from '../../src/errors/index.js'
import {
  DEFAULT_BATCH_OPTIONS,
  resolveGeneratorOptions,
  validateGeneratorOptions,
} from '../../src/generator/index.js'

function errorOf(fn: () => unknown): EngineError {
  try {
    fn()
  } catch (error) {
    if (error instanceof EngineError) return error
    throw error
  }
  throw new Error('expected an EngineError')
}

describe('resolveGeneratorOptions', () => {
  it('fills in the seed defaults and draws a seed when none is given', () => {
    const o = resolveGeneratorOptions({ out: 'x' })
    expect(o).toMatchObject({ ...DEFAULT_BATCH_OPTIONS, intervalMs: 5000, batches: undefined })
    expect(o.seedWasRandom).toBe(true)
    expect(Number.isSafeInteger(o.seed)).toBe(true)
    expect(o.startTime).toBeUndefined()
  })

  it('reads a start time without a zone as UTC and honours an explicit offset', () => {
    const utc = resolveGeneratorOptions({ out: 'x', startTime: '2026-11-24T10:00:00' }).startTime
    expect(utc?.toISOString()).toBe('2026-11-24T10:00:00.000Z')
    const offset = resolveGeneratorOptions({ out: 'x', startTime: '2026-11-24T10:00:00+01:00' })
    expect(offset.startTime?.toISOString()).toBe('2026-11-24T09:00:00.000Z')
    const dateOnly = resolveGeneratorOptions({ out: 'x', startTime: '2026-11-24' })
    expect(dateOnly.startTime?.toISOString()).toBe('2026-11-24T00:00:00.000Z')
    const micros = resolveGeneratorOptions({ out: 'x', startTime: '2026-11-24T10:00:00.123456Z' })
    expect(micros.startTime?.toISOString()).toBe('2026-11-24T10:00:00.123Z')
  })

  it('rejects an impossible calendar date and a non-ISO start time', () => {
    expect(
      errorOf(() => resolveGeneratorOptions({ out: 'x', startTime: '2026-02-30' })).option,
    ).toBe('startTime')
    expect(
      errorOf(() => resolveGeneratorOptions({ out: 'x', startTime: 'yesterday' })).message,
    ).toMatch(
      /Option startTime must be a valid ISO-8601 date-time \(got "yesterday"\)\. Use ISO-8601/,
    )
  })

  it('names the option and the value in SL_API_INVALID_OPTION errors', () => {
    const error = errorOf(() => resolveGeneratorOptions({ out: 'x', eventsPerBatch: 1.5 }))
    expect(error.code).toBe('SL_API_INVALID_OPTION')
    expect(error.domain).toBe('user')
    expect(error.option).toBe('eventsPerBatch')
    expect(error.message).toBe(
      'Option eventsPerBatch must be an integer from 1 to 10000000 (got 1.5). Use e.g. 100.',
    )
  })

  it('rejects a late maximum below the late minimum', () => {
    const error = errorOf(() =>
      resolveGeneratorOptions({ out: 'x', lateMinMs: 5000, lateMaxMs: 10 }),
    )
    expect(error.option).toBe('lateMaxMs')
  })
})

describe('validateGeneratorOptions', () => {
  it('lists every problem without throwing', () => {
    const problems = validateGeneratorOptions({
      out: '',
      users: 0,
      duplicateFraction: 1,
      intervalMs: 0,
      seed: -1,
      batches: 0,
    })
    expect(problems.map((p) => p.option).sort()).toEqual(
      ['batches', 'duplicateFraction', 'intervalMs', 'out', 'seed', 'users'].sort(),
    )
    expect(validateGeneratorOptions({ out: 'x' })).toEqual([])
  })
})

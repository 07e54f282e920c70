/**
 * Duration flags (`--interval 5s`): lexed by the shared duration lexer with the CLI's short
 * units, one term, whole milliseconds; anything else is one SL_CLI error naming the flag.
 */
import { describe, expect, it } from 'vitest'
import { durationFlag } from '../../src/cli/options.js'
import { EngineError } from '../../src/errors/index.js'

const parse = durationFlag('--interval 5s')
const ms = (raw: string): number => parse(raw, '--interval')

describe('durationFlag', () => {
  it('accepts a number and a short or long unit, with or without a space', () => {
    expect(ms('500ms')).toBe(500)
    expect(ms('5s')).toBe(5000)
    expect(ms('10 seconds')).toBe(10_000)
    expect(ms('3 secs')).toBe(3000)
    expect(ms('1.5m')).toBe(90_000)
    expect(ms('2 mins')).toBe(120_000)
    expect(ms('2h')).toBe(7_200_000)
    expect(ms('1 hour')).toBe(3_600_000)
    expect(ms(' 5S ')).toBe(5000)
    expect(ms('0ms')).toBe(0)
  })

  it('computes fractions exactly (1.005s and 1.1h are whole milliseconds)', () => {
    expect(ms('1.005s')).toBe(1005)
    expect(ms('1.1h')).toBe(3_960_000)
    expect(ms('0.001s')).toBe(1)
  })

  it('rejects what is not one positive term in whole milliseconds, naming flag and example', () => {
    for (const bad of [
      '',
      '5',
      's',
      '-5s',
      '5 days',
      '1m 30s',
      'interval 5s',
      '1.5ms',
      '0.0001s',
      '5sx',
      '1.1234567891s',
    ])
      expect(() => ms(bad), bad).toThrow(
        /--interval must be a duration in whole milliseconds .*Example: --interval 5s/,
      )
    expect(() => ms('5')).toThrow(EngineError)
  })
})

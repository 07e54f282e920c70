/**
 * The one duration lexer behind Spark interval strings (interval.ts), Delta's retention property
 * and the CLI's duration flags: what each syntax accepts and where it stops.
 */
import { describe, expect, it } from 'vitest'
import {
  lexDuration,
  type DurationSyntax,
  type DurationTerm,
} from '../../../src/internal/time/duration-lexer.js'

const SPARK: DurationSyntax = { prefix: true, signs: true, spaceBeforeUnit: true }
const CLI: DurationSyntax = { prefix: false, signs: false, spaceBeforeUnit: false }

class Rejected extends Error {}
const fail = (reason: string): never => {
  throw new Rejected(reason)
}
const lex = (text: string, syntax: DurationSyntax): DurationTerm[] => [
  ...lexDuration(text, syntax, fail),
]
const reason = (text: string, syntax: DurationSyntax): string => {
  try {
    lex(text, syntax)
  } catch (e) {
    if (e instanceof Rejected) return e.message
    throw e
  }
  return 'accepted'
}
const term = (whole: number, unit: string, nanos = -1, negative = false): DurationTerm => ({
  negative,
  whole,
  nanos,
  unit,
})

describe('lexDuration', () => {
  it('lexes Spark terms: prefix, signs, fractions, case and white space', () => {
    expect(lex('  INTERVAL 1 Hour  -30\tminutes ', SPARK)).toEqual([
      term(1, 'hour'),
      term(30, 'minutes', -1, true),
    ])
    expect(lex('+ 1.5 seconds', SPARK)).toEqual([term(1, 'seconds', 500_000_000)])
    expect(lex('.25 second', SPARK)).toEqual([term(0, 'second', 250_000_000)])
    expect(lex('1. second', SPARK)).toEqual([term(1, 'second', 0)])
    expect(lex('0.123456789 s', SPARK)).toEqual([term(0, 's', 123_456_789)])
  })

  it('lexes CLI terms: the unit may follow the number directly, no prefix or sign', () => {
    expect(lex('500ms', CLI)).toEqual([term(500, 'ms')])
    expect(lex('1.5M', CLI)).toEqual([term(1, 'm', 500_000_000)])
    expect(lex(' 10 seconds ', CLI)).toEqual([term(10, 'seconds')])
    expect(reason('-5s', CLI)).toBe("unrecognized number '-5s'")
    expect(reason('interval 5s', CLI)).toBe("unrecognized number 'interval'")
  })

  it('rejects with the reason Spark gives, at the first problem', () => {
    expect(reason('', SPARK)).toBe('the interval string is empty')
    expect(reason('interval', SPARK)).toBe('the interval string is empty')
    expect(reason('interval  ', SPARK)).toBe('the interval string is empty')
    expect(reason('intervals 5 seconds', SPARK)).toBe("invalid interval prefix 'intervals'")
    expect(reason('10', SPARK)).toBe("a unit is missing after '10'")
    expect(reason('10minutes', SPARK)).toBe("invalid value '10minutes'")
    expect(reason('minutes', SPARK)).toBe("unrecognized number 'minutes'")
    expect(reason('5 seconds -', SPARK)).toBe('a number is missing at the end')
    expect(reason('. seconds', SPARK)).toBe("invalid value '.'")
    expect(reason('1.1234567891 seconds', SPARK)).toBe(
      "'1.1234567891' has more than 9 fraction digits",
    )
    expect(reason('99999999999999999999 days', SPARK)).toBe('the number is out of range')
  })

  it('yields terms lazily, so a caller rejects a bad unit before a later syntax error', () => {
    const seen: string[] = []
    expect(() => {
      for (const t of lexDuration('1 fortnight 3', SPARK, fail)) {
        seen.push(t.unit)
        throw new Rejected(`invalid unit '${t.unit}'`)
      }
    }).toThrow("invalid unit 'fortnight'")
    expect(seen).toEqual(['fortnight'])
  })
})

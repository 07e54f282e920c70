import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { EngineError } from '../../../src/errors/index.js'
import { compileDateTimeFormatter } from '../../../src/internal/time/datetime-formatter.js'
import { compileDateTimeParser } from '../../../src/internal/time/datetime-pattern.js'
import { requireZone } from '../../../src/internal/time/resolve-zone.js'

// Real Spark outputs (PySpark 4.2.0, date_format per session time zone), see the file's source.
interface SparkOutputs {
  readonly instants: readonly string[]
  readonly outputs: Record<string, Record<string, readonly string[]>>
  readonly accepted_asia_kolkata: Record<string, readonly string[]>
  readonly rejected: readonly string[]
}
const spark = JSON.parse(
  readFileSync(new URL('../../fixtures/date-format/spark-outputs.json', import.meta.url), 'utf8'),
) as SparkOutputs

const micros = (iso: string): number => {
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(iso)!
  return Date.parse(`${m[1]}Z`) * 1000 + Number((m[2] ?? '').padEnd(6, '0'))
}

// D4 (test/oracle/DIFFERENCES.md): ICU's en-US short zone names are GMT offsets where Java
// has an abbreviation (CET, IST); long names and the US/UTC short names agree.
const icuShortNames = new Set(['Europe/Berlin', 'Asia/Kolkata'])

describe('compileDateTimeFormatter', () => {
  for (const [zoneId, patterns] of Object.entries(spark.outputs)) {
    it(`formats every pattern letter as Spark does in ${zoneId}`, () => {
      const zone = requireZone(zoneId)
      for (const [pattern, expected] of Object.entries(patterns)) {
        const format = compileDateTimeFormatter(pattern)
        const got = spark.instants.map((t) => format(micros(t), zone))
        if (pattern === 'z zz zzz zzzz' && icuShortNames.has(zoneId)) {
          expect(
            got.map((s) => s.split(' ').slice(3).join(' ')),
            pattern,
          ).toEqual(expected.map((s) => s.split(' ').slice(3).join(' ')))
          continue
        }
        expect(got, `${zoneId} ${pattern}`).toEqual(expected)
      }
    })
  }

  it('accepts kk:mm (clock hour 1-24) as Spark does', () => {
    const format = compileDateTimeFormatter('kk:mm')
    const zone = requireZone('Asia/Kolkata')
    expect(spark.instants.map((t) => format(micros(t), zone))).toEqual(
      spark.accepted_asia_kolkata['kk:mm'],
    )
  })

  it('rejects every pattern Spark rejects with SL_PLAN_INVALID_DATETIME_PATTERN', () => {
    for (const pattern of spark.rejected) {
      let error: unknown
      try {
        compileDateTimeFormatter(pattern)
      } catch (e) {
        error = e
      }
      expect(error, pattern).toBeInstanceOf(EngineError)
      expect((error as EngineError).code).toBe('SL_PLAN_INVALID_DATETIME_PATTERN')
      expect((error as EngineError).message).toContain(pattern)
    }
  })

  it('prints negative and wide years with java.time signs, and BC with an era', () => {
    const utc = requireZone('UTC')
    // 0000-06-01 and -0001-06-01 (proleptic): 'y' is the signed year unless G is present.
    const y0 = Date.UTC(2000, 5, 1) * 1000 - 730_485 * 86_400_000_000
    expect(compileDateTimeFormatter('yyyy')(y0, utc)).toBe('0000')
    expect(compileDateTimeFormatter('yyyy G')(y0, utc)).toBe('0001 BC')
    const y12345 = Date.UTC(12345, 0, 1) * 1000
    expect(compileDateTimeFormatter('yyyy')(y12345, utc)).toBe('+12345')
    expect(compileDateTimeFormatter('y')(y12345, utc)).toBe('12345')
  })

  it('a G anywhere outside quotes turns y into the year of era; a quoted G does not', () => {
    const utc = requireZone('UTC')
    const bc = Date.UTC(-1, 5, 1) * 1000 // the proleptic year -1 is 2 BC
    expect(compileDateTimeFormatter('yyyy')(bc, utc)).toBe('-0001')
    expect(compileDateTimeFormatter('G yyyy')(bc, utc)).toBe('BC 0002')
    expect(compileDateTimeFormatter("'G' yyyy")(bc, utc)).toBe('G -0001')
    expect(compileDateTimeFormatter("yyyy '' G")(bc, utc)).toBe("0002 ' BC")
    expect(compileDateTimeFormatter("'it''s' yyyy G")(bc, utc)).toBe("it's 0002 BC")
    expect(compileDateTimeFormatter("'it''s G' yyyy")(bc, utc)).toBe("it's G -0001")
  })

  it('reports the first problem in pattern order, before a later unterminated quote', () => {
    expect(() => compileDateTimeFormatter("yyyy-ww '")).toThrow(/week-based letter 'w'/)
    expect(() => compileDateTimeFormatter("yyyy ] '")).toThrow(/']' without '\['/)
  })
})

// The letters the JSON reader's pattern parser (datetime-pattern.ts) and this formatter both
// support: what the formatter prints, the parser reads back to the same instant.
describe('formatter and pattern parser share the pattern lexer', () => {
  const ISO = "yyyy-MM-dd'T'HH:mm:ss.SSSSSS"
  const patterns = [
    `${ISO}XXX`,
    `${ISO}X`,
    `${ISO}xxx`,
    `${ISO}xx`,
    `${ISO}Z`,
    `${ISO}ZZZZZ`,
    `${ISO} VV`,
    `${ISO}[XXX]`,
    'yyyy-MMM-dd hh:mm:ss.SSSSSS a XXX',
    'yyyy-MMMM-d h:m:s.SSSSSS a xxx',
    "yyyy-LLL-dd HH:mm:ss.SSSSSS'Z'",
    "yyyy/LL/dd HH'h'mm'm'ss.SSSSSS's'",
    'yy-M-d H:m:s.SSSSSS',
  ]
  const instants = [
    '2026-01-01T00:00:00Z',
    '2026-03-08T10:30:15.5Z',
    '2026-07-04T23:59:59.999999Z',
    '2026-12-31T12:00:00.000001Z',
    '2001-02-28T01:02:03.04Z',
  ]
  for (const zoneId of ['UTC', 'America/Los_Angeles', 'Asia/Kolkata']) {
    it(`round-trips every shared letter in ${zoneId}`, () => {
      const zone = requireZone(zoneId)
      for (const pattern of patterns) {
        const format = compileDateTimeFormatter(pattern)
        const parse = compileDateTimeParser(pattern, 'timestampFormat', zone)
        for (const t of instants) {
          const text = format(micros(t), zone)
          expect(parse(text), `${zoneId} ${pattern}: ${text}`).toBe(micros(t))
        }
      }
    })
  }
})

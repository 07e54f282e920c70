import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { EngineError } from '../../../src/errors/index.js'
import { compileDateTimeFormatter } from '../../../src/internal/time/datetime-formatter.js'
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
})

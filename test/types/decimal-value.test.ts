import { describe, expect, it } from 'vitest'
import {
  compareDecimalNumber,
  compareDecimals,
  Decimal,
  decimalJoinKey,
  decimalToJavaString,
  fitDecimal,
  setScale,
} from '../../src/types/decimal-value.js'

const d = (text: string): Decimal => Decimal.parse(text)!

describe('Decimal', () => {
  it('parses BigDecimal text exactly, keeping the fraction digits as the scale', () => {
    const v = d('12345.678900000000794535')
    expect(v.unscaled).toBe(12345678900000000794535n)
    expect(v.scale).toBe(18)
    expect(String(v)).toBe('12345.678900000000794535')
    expect(String(d('-99999999999999999999.999999999999999999'))).toBe(
      '-99999999999999999999.999999999999999999',
    )
    expect(String(d('.5'))).toBe('0.5')
    expect(String(d('5.'))).toBe('5')
    expect(String(d('+1.25e2'))).toBe('125')
    expect(String(d('1.25e-3'))).toBe('0.00125')
    expect(String(d('-0.05'))).toBe('-0.05')
    for (const bad of ['', '.', 'abc', '1..2', '1e', '--1', '0x10', ' 1']) {
      expect(Decimal.parse(bad)).toBeUndefined()
    }
  })

  it('takes a double by its shortest text, as Spark’s Decimal(Double)', () => {
    expect(String(Decimal.fromNumber(0.1))).toBe('0.1')
    expect(String(Decimal.fromNumber(1.005))).toBe('1.005')
    expect(Decimal.fromNumber(Number.NaN)).toBeUndefined()
    expect(Number(d('12.30'))).toBe(12.3)
  })

  it('fits a type as Spark’s changePrecision: HALF_UP to the scale, null past the precision', () => {
    // Spark 4.2: CAST(123.456 AS DECIMAL(4,1)) = 123.5, CAST(-123.45 AS DECIMAL(4,1)) = -123.5,
    // CAST(123.456 AS DECIMAL(3,1)) does not fit; avg of 1, 2, 2 at decimal(14,6) = 1.666667.
    expect(String(fitDecimal(d('123.456'), 4, 1))).toBe('123.5')
    expect(String(fitDecimal(d('-123.45'), 4, 1))).toBe('-123.5')
    expect(fitDecimal(d('123.456'), 3, 1)).toBeNull()
    expect(String(fitDecimal(d('1.6666666'), 14, 6))).toBe('1.666667')
    expect(String(fitDecimal(d('1.005'), 10, 2))).toBe('1.01')
    expect(String(setScale(d('2.5'), 3))).toBe('2.500')
    expect(String(fitDecimal(d('99999999999999999999.999999999999999999'), 38, 18))).toBe(
      '99999999999999999999.999999999999999999',
    )
    expect(fitDecimal(d('100000000000000000000'), 38, 18)).toBeNull()
  })

  it('compares by value across scales, and with numbers', () => {
    expect(compareDecimals(d('1.5'), d('1.50'))).toBe(0)
    expect(compareDecimals(d('12345.678900000000794535'), d('12345.678900000000794536'))).toBe(-1)
    expect(compareDecimalNumber(d('1.5'), 2)).toBe(-1)
    expect(compareDecimalNumber(d('1.5'), 1.4)).toBe(1)
    expect(compareDecimalNumber(d('9007199254740993'), 9007199254740992)).toBe(1)
  })

  it('gives equal join keys for equal values of any scale, a number when a double holds it', () => {
    expect(decimalJoinKey(d('1.500'))).toBe(1.5)
    expect(decimalJoinKey(d('1.50'))).toBe(1.5)
    expect(decimalJoinKey(d('7.00'))).toBe(7)
    expect(String(decimalJoinKey(d('12345.678900000000794535')))).toBe('12345.678900000000794535')
    expect(String(decimalJoinKey(d('12345.678900000000794535000')))).toBe(
      '12345.678900000000794535',
    )
  })

  it('prints as Java’s BigDecimal.toString for the JSON and CSV writers', () => {
    // Spark 4.2's JSON/CSV writers: {"a":0E-18,"b":1.0E-7,"c":12.50}
    expect(decimalToJavaString(d('0.000000000000000000'))).toBe('0E-18')
    expect(decimalToJavaString(d('0.00000010'))).toBe('1.0E-7')
    expect(decimalToJavaString(d('12.50'))).toBe('12.50')
    expect(decimalToJavaString(d('-0.00000012'))).toBe('-1.2E-7')
    expect(decimalToJavaString(d('0.000001'))).toBe('0.000001')
  })
})

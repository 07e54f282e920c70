/**
 * Casts between binary and string, as Spark does them: CAST(binary AS STRING) reads UTF-8 (the
 * Kafka source's key/value columns are binary), invalid sequences become U+FFFD, and
 * CAST(string AS BINARY) is the UTF-8 bytes.
 */
import { describe, expect, it } from 'vitest'
import { castValue } from '../../../src/exec/expr/cast-value.js'
import { DataTypes, type DataType } from '../../../src/types/index.js'

const bytes = (...b: number[]): Uint8Array => new Uint8Array(b)

describe('castValue binary ↔ string', () => {
  it('binary → string decodes UTF-8', () => {
    expect(
      castValue(bytes(0x68, 0xc3, 0xa9), DataTypes.BinaryType, DataTypes.StringType, 'UTC'),
    ).toBe('hé')
    expect(castValue(bytes(), DataTypes.BinaryType, DataTypes.StringType, 'UTC')).toBe('')
  })

  it('invalid UTF-8 becomes the replacement character', () => {
    expect(
      castValue(bytes(0x61, 0xff, 0x62), DataTypes.BinaryType, DataTypes.StringType, 'UTC'),
    ).toBe('a\ufffdb')
  })

  it('string → binary is the UTF-8 bytes; null stays null', () => {
    expect(castValue('hé', DataTypes.StringType, DataTypes.BinaryType, 'UTC')).toEqual(
      bytes(0x68, 0xc3, 0xa9),
    )
    expect(castValue(null, DataTypes.BinaryType, DataTypes.StringType, 'UTC')).toBeNull()
  })
})

describe('castValue double → string', () => {
  it("renders as Java's Double.toString, the sign of zero included (Spark: CAST(-0.0 AS STRING) = '-0.0')", () => {
    const s = (v: number) => castValue(v, DataTypes.DoubleType, DataTypes.StringType, 'UTC')
    expect(s(-0)).toBe('-0.0')
    expect(s(0)).toBe('0.0')
    expect(s(-2)).toBe('-2.0')
    expect(s(1e7)).toBe('1.0E7')
    expect(s(0.0001)).toBe('1.0E-4')
  })
})

describe('castValue under ANSI mode (values and errors are Spark 4.2’s, test/oracle/ansi-casts)', () => {
  const { LongType, IntegerType, DoubleType, StringType, ByteType } = DataTypes
  const cast = (v: unknown, from: DataType, to: DataType, ansi = true) =>
    castValue(v, from, to, 'UTC', ansi)

  it('an integral narrowing or a double out of range is SL_EXEC_CAST_OVERFLOW; in range truncates', () => {
    expect(cast(2147483647, LongType, IntegerType)).toBe(2147483647)
    expect(() => cast(2147483648, LongType, IntegerType)).toThrow(
      expect.objectContaining({ code: 'SL_EXEC_CAST_OVERFLOW' }),
    )
    expect(() => cast(-129, IntegerType, ByteType)).toThrow(
      expect.objectContaining({ code: 'SL_EXEC_CAST_OVERFLOW' }),
    )
    expect(() => cast(3e10, DoubleType, IntegerType)).toThrow(/CAST_OVERFLOW/)
    expect(() => cast(NaN, DoubleType, IntegerType)).toThrow(/CAST_OVERFLOW/)
    expect(cast(-2147483648.9, DoubleType, IntegerType)).toBe(-2147483648)
    expect(cast(-1.5, DoubleType, LongType)).toBe(-1)
  })

  it('a string that is not an integral value is SL_EXEC_CAST_INVALID_INPUT, as Spark', () => {
    expect(cast(' 42 ', StringType, IntegerType)).toBe(42)
    for (const s of ['1.9', '1e3', '', '0x10', 'abc', '9999999999'])
      expect(() => cast(s, StringType, IntegerType), s).toThrow(
        expect.objectContaining({ code: 'SL_EXEC_CAST_INVALID_INPUT' }),
      )
    expect(cast('1e3', StringType, DoubleType)).toBe(1000)
    expect(cast('-inf', StringType, DoubleType)).toBe(-Infinity)
  })

  it('a decimal past the target precision is SL_EXEC_DECIMAL_OVERFLOW (NUMERIC_VALUE_OUT_OF_RANGE)', () => {
    expect(() => cast(12345, IntegerType, DataTypes.decimal(3, 0))).toThrow(
      expect.objectContaining({ code: 'SL_EXEC_DECIMAL_OVERFLOW' }),
    )
    expect(() => cast('123456', StringType, DataTypes.decimal(4, 1))).toThrow(
      expect.objectContaining({ code: 'SL_EXEC_DECIMAL_OVERFLOW' }),
    )
    expect(() => cast('12.5x', StringType, DataTypes.decimal(10, 2))).toThrow(
      expect.objectContaining({ code: 'SL_EXEC_CAST_INVALID_INPUT' }),
    )
  })

  it('with ansi = false every failure is null (try_cast)', () => {
    expect(cast(2147483648, LongType, IntegerType, false)).toBeNull()
    expect(cast('1.9', StringType, IntegerType, false)).toBeNull()
    expect(cast('nope', StringType, DataTypes.TimestampType, false)).toBeNull()
  })
})

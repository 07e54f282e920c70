/**
 * Casts between binary and string, as Spark does them: CAST(binary AS STRING) reads UTF-8 (the
 * Kafka source's key/value columns are binary), invalid sequences become U+FFFD, and
 * CAST(string AS BINARY) is the UTF-8 bytes.
 */
import { describe, expect, it } from 'vitest'
import { castValue } from '../../../src/exec/expr/cast-value.js'
import { DataTypes } from '../../../src/types/index.js'

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

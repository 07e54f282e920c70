/**
 * The state value watermark of a stream-stream join, checked against the cases of Spark's
 * StreamingJoinHelperSuite "extract watermark from time condition" (right watermark 10 000 ms,
 * solving for the left side's time) that the Column API can express.
 */
import { describe, expect, it } from 'vitest'
import { col, lit, type Column } from '../../src/index.js'
import { WATERMARK_DELAY_KEY } from '../../src/plan/analyzer.js'
import { bindJoinCondition, splitConjuncts } from '../../src/plan/join-condition.js'
import { stateValueWatermark } from '../../src/plan/stream-join-watermark.js'
import { DataTypes, structField, structType } from '../../src/types/index.js'

const left = structType([
  structField('leftTime', DataTypes.TimestampType, true),
  structField('leftOther', DataTypes.IntegerType, true),
])
const right = structType([
  structField('rightTime', DataTypes.TimestampType, true, { [WATERMARK_DELAY_KEY]: 1000 }),
  structField('rightOther', DataTypes.IntegerType, true),
])

function watermarkFrom(condition: Column, wm = 10_000): number | undefined {
  const bound = bindJoinCondition(condition.expr, {
    left: { id: 'l', schema: left },
    right: { id: 'r', schema: right },
  })
  return stateValueWatermark('left', right, splitConjuncts(bound), wm)
}

const lt = col('leftTime')
const rt = col('rightTime')
const long = (c: Column) => c.cast('long')
const double = (c: Column) => c.cast('double')

describe('stream-stream join state value watermark (Spark StreamingJoinHelperSuite)', () => {
  it('follows the direction of the comparison; <= and >= subtract 1 ms', () => {
    expect(watermarkFrom(lt.gt(rt))).toBe(10_000)
    expect(watermarkFrom(lt.geq(rt))).toBe(9_999)
    expect(watermarkFrom(lt.lt(rt))).toBeUndefined()
    expect(watermarkFrom(lt.leq(rt))).toBeUndefined()
    expect(watermarkFrom(rt.gt(lt))).toBeUndefined()
    expect(watermarkFrom(rt.geq(lt))).toBeUndefined()
    expect(watermarkFrom(rt.lt(lt))).toBe(10_000)
    expect(watermarkFrom(rt.leq(lt))).toBe(9_999)
  })

  it('sees through numeric casts but not string casts', () => {
    expect(watermarkFrom(long(lt).gt(long(rt)))).toBe(10_000)
    expect(watermarkFrom(long(lt).lt(long(rt)))).toBeUndefined()
    expect(watermarkFrom(double(lt).gt(double(rt)))).toBe(10_000)
    expect(watermarkFrom(long(lt).gt(double(rt)))).toBe(10_000)
    expect(watermarkFrom(lt.cast('string').gt(rt.cast('string')))).toBeUndefined()
  })

  it('reads numeric constants as seconds on either side', () => {
    expect(watermarkFrom(long(lt).gt(long(rt).plus(1)))).toBe(11_000)
    expect(watermarkFrom(long(lt).gt(long(rt).minus(-1)))).toBe(11_000)
    expect(watermarkFrom(long(lt).gt(lit(2).plus(long(rt))))).toBe(12_000)
    expect(watermarkFrom(long(lt).gt(lit(-0.5).plus(long(rt))))).toBe(9_500)
    expect(watermarkFrom(long(lt).minus(long(rt)).gt(2))).toBe(12_000)
    expect(watermarkFrom(double(rt).negate().plus(long(lt)).gt(0.1))).toBe(10_100)
    expect(watermarkFrom(lit(0).gt(long(rt).minus(long(lt)).plus(0.2)))).toBe(10_200)
    expect(watermarkFrom(long(lt).plus(2).gt(long(rt)))).toBe(8_000)
    expect(watermarkFrom(lit(1).plus(long(lt)).gt(long(rt)))).toBe(9_000)
  })

  it('takes the minimum over conjuncts and ignores the ones it cannot solve', () => {
    expect(
      watermarkFrom(
        long(lt)
          .gt(long(rt).minus(3))
          .and(long(rt).lt(long(lt).plus(2))),
      ),
    ).toBe(7_000)
    expect(
      watermarkFrom(
        long(lt)
          .gt(long(rt).minus(3))
          .and(long(rt).lt(long(lt).plus(4))),
      ),
    ).toBe(6_000)
    expect(watermarkFrom(col('leftOther').gt(col('rightOther')).and(lt.gt(rt)))).toBe(10_000)
  })

  it('gives nothing for non-time attributes, and works for static bounds and negative results', () => {
    expect(watermarkFrom(long(lt).gt(col('leftOther')))).toBeUndefined()
    expect(watermarkFrom(col('leftOther').gt(col('rightOther')))).toBeUndefined()
    expect(watermarkFrom(double(rt).lt(col('rightOther')))).toBeUndefined()
    expect(watermarkFrom(long(lt).gt(10))).toBe(10_000)
    expect(watermarkFrom(long(lt).gt(long(rt).minus(10)))).toBe(0)
    expect(watermarkFrom(long(lt).gt(long(rt).minus(100)))).toBe(-90_000)
  })

  it('needs a watermark on the other side', () => {
    const noWm = structType([structField('rightTime', DataTypes.TimestampType, true)])
    const bound = bindJoinCondition(lt.gt(rt).expr, {
      left: { id: 'l', schema: left },
      right: { id: 'r', schema: noWm },
    })
    expect(stateValueWatermark('left', noWm, [bound], 10_000)).toBeUndefined()
  })
})

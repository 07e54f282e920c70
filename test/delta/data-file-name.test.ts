import { describe, expect, it } from 'vitest'
import { dataFileName, isDataFileOf, ownerTag } from '../../src/delta/data-file-name.js'

const SPARK_SHAPE =
  /^part-00000-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-c000\.snappy\.parquet$/

describe('data file names', () => {
  it('keep Spark’s shape, with a version-8 uuid marking the owner', () => {
    const name = dataFileName('query-1')
    expect(name).toMatch(SPARK_SHAPE)
    const uuid = name.slice('part-00000-'.length, -'-c000.snappy.parquet'.length)
    expect(uuid[14]).toBe('8')
    expect('89ab').toContain(uuid[19])
    expect(uuid.replace(/-/g, '').slice(0, 12)).toBe(ownerTag('query-1'))
    expect(dataFileName('query-1')).not.toBe(name)
  })

  it('tell the owner’s files from other owners’ and from version-4 (Spark, delta-rs) names', () => {
    expect(isDataFileOf(dataFileName('query-1'), 'query-1')).toBe(true)
    expect(isDataFileOf(dataFileName('query-2'), 'query-1')).toBe(false)
    expect(isDataFileOf(dataFileName('query-1-late'), 'query-1')).toBe(false)
    const plain = dataFileName()
    expect(plain).toMatch(SPARK_SHAPE)
    expect(isDataFileOf(plain, 'query-1')).toBe(false)
    const tagged = dataFileName('query-1')
    expect(isDataFileOf(tagged.replace('-8', '-4'), 'query-1')).toBe(false)
    expect(isDataFileOf(`x${tagged}`, 'query-1')).toBe(false)
    expect(isDataFileOf(`${tagged}.crc`, 'query-1')).toBe(false)
  })
})

import { expect, test } from 'vitest'
import {
  escapePartitionPathValue,
  parsePartitionValue,
  parseTimestampMicros,
  partitionDirectory,
  serializePartitionValue,
  toLogPath,
} from '../../src/delta/partition-values.js'
import { DataTypes } from '../../src/types/index.js'

test('both timestamp spellings parse to the same microseconds', () => {
  const micros = Date.UTC(2024, 0, 1, 10, 0, 0) * 1000 + 123456
  expect(parseTimestampMicros('2024-01-01T10:00:00.123456Z')).toBe(micros)
  expect(parseTimestampMicros('2024-01-01 10:00:00.123456')).toBe(micros)
  expect(parseTimestampMicros('2024-01-01 12:00:00.123456+02:00')).toBe(micros)
  expect(parseTimestampMicros('2021-09-08 11:11:11')).toBe(Date.UTC(2021, 8, 8, 11, 11, 11) * 1000)
})

test('serialize then parse is the identity', () => {
  const cases: Array<[Parameters<typeof serializePartitionValue>[0], unknown]> = [
    [DataTypes.TimestampType, 1704103200123456],
    [DataTypes.TimestampType, -1],
    [DataTypes.DateType, 19723],
    [DataTypes.IntegerType, -5],
    [DataTypes.BooleanType, false],
    [DataTypes.StringType, 'a b/c=d%'],
  ]
  for (const [t, v] of cases)
    expect(parsePartitionValue(t, serializePartitionValue(t, v))).toEqual(v)
  expect(serializePartitionValue(DataTypes.TimestampType, 1704103200123456)).toBe(
    '2024-01-01T10:00:00.123456Z',
  )
  expect(serializePartitionValue(DataTypes.IntegerType, null)).toBeNull()
  expect(parsePartitionValue(DataTypes.StringType, '')).toBeNull()
})

test('directories use Hive escaping and the log path is URI-encoded once', () => {
  expect(escapePartitionPathValue('a:b/c%d e')).toBe('a%3Ab%2Fc%25d e')
  const dir = partitionDirectory(['p', 'q'], { p: 'a:b c', q: null })
  expect(dir).toBe('p=a%3Ab c/q=__HIVE_DEFAULT_PARTITION__')
  expect(toLogPath(`${dir}/f.parquet`)).toBe('p=a%253Ab%20c/q=__HIVE_DEFAULT_PARTITION__/f.parquet')
  expect(decodeURIComponent(toLogPath(`${dir}/f.parquet`))).toBe(`${dir}/f.parquet`)
})

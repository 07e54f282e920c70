import { expect, test } from 'vitest'
import { shouldCheckpoint } from '../../src/delta/checkpoint-policy.js'
import { readTableProperties } from '../../src/delta/table-properties.js'

test('checkpoints at positive multiples of the interval, like Spark', () => {
  const hits = Array.from({ length: 31 }, (_, v) => v).filter((v) => shouldCheckpoint(v, 10))
  expect(hits).toEqual([10, 20, 30])
  expect(shouldCheckpoint(0, 1)).toBe(false)
  expect(shouldCheckpoint(3, 1)).toBe(true)
})

test('table properties: interval default 10, appendOnly', () => {
  expect(readTableProperties({})).toMatchObject({ appendOnly: false, checkpointInterval: 10 })
  expect(
    readTableProperties({ 'delta.checkpointInterval': '3', 'delta.appendOnly': 'TRUE' }),
  ).toMatchObject({ appendOnly: true, checkpointInterval: 3 })
  expect(readTableProperties({ 'delta.checkpointInterval': 'x' }).checkpointInterval).toBe(10)
})

test('deletedFileRetentionDuration: Spark interval strings, default one week', () => {
  expect(readTableProperties({}).deletedFileRetentionMs).toBe(7 * 86_400_000)
  expect(
    readTableProperties({ 'delta.deletedFileRetentionDuration': 'interval 36 hours' })
      .deletedFileRetentionMs,
  ).toBe(36 * 3_600_000)
  expect(
    readTableProperties({ 'delta.deletedFileRetentionDuration': 'interval 1 week' })
      .deletedFileRetentionMs,
  ).toBe(7 * 86_400_000)
  expect(
    readTableProperties({ 'delta.deletedFileRetentionDuration': 'soon' }).deletedFileRetentionMs,
  ).toBe(7 * 86_400_000)
})

/**
 * `delta.deletedFileRetentionDuration` is read with Spark's interval parser (the one the engine
 * uses for window durations), then checked as Delta checks it: no months, not negative.
 */
import { expect, test } from 'vitest'
import { readTableProperties } from '../../src/delta/table-properties.js'

const retention = (value: string): number =>
  readTableProperties({ 'delta.deletedFileRetentionDuration': value }).deletedFileRetentionMs
const WEEK = 7 * 86_400_000

test('retention takes every Spark interval string, with or without the interval prefix', () => {
  expect(retention('interval 36 hours')).toBe(36 * 3_600_000)
  expect(retention('2 Weeks')).toBe(2 * WEEK)
  expect(retention('interval 1 day 12 hours')).toBe(36 * 3_600_000)
  expect(retention('interval 1.5 seconds')).toBe(1500)
  expect(retention('interval 1500 microseconds')).toBe(1)
})

test('retention falls back to one week for what Delta would not have accepted', () => {
  for (const bad of ['soon', '', 'interval', '1 month', '-1 day', '1 day -1 hour', '10minutes'])
    expect(retention(bad), bad).toBe(WEEK)
})

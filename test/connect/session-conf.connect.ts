/**
 * A remote session's settings follow `spark.conf` between actions, as in PySpark (where
 * `conf.set` is itself a request to the server): a setting changed after the first action
 * changes what the next one computes, and an unset setting is back at the server's default.
 * Expected values are Spark's rules: `date_format(ts, 'HH')` in the session time zone, a
 * malformed `CAST(… AS INT)` null without ANSI mode and CAST_INVALID_INPUT with it (Spark 4's
 * default).
 *
 * Each step sends a different relation: the Connect server caches the plan of a relation it has
 * seen in the session (spark.connect.session.planCache.enabled), and a cast's ANSI mode is fixed
 * in that plan, so resending the very same DataFrame would keep the first mode whatever the
 * setting (Spark's behaviour, PySpark's too; the time zone is applied later and would follow).
 */
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { SparkSession, col, date_format } from '../../src/index.js'

let remote: SparkSession

beforeAll(() => {
  remote = SparkSession.builder()
    .remote(inject('sparkConnectUrl'))
    .config('spark.sql.session.timeZone', 'UTC')
    .getOrCreate()
    .newSession()
})

/** The hour of 2026-01-01T12:00Z in the session time zone and `text` cast to INT, on Spark. */
function hourAndNumber(text: string): Promise<unknown[]> {
  return remote
    .createDataFrame([[new Date('2026-01-01T12:00:00Z'), text]], 'ts TIMESTAMP, s STRING')
    .select(date_format('ts', 'HH').alias('hour'), col('s').cast('int').alias('n'))
    .collect()
}

const failure = (p: Promise<unknown>): Promise<string | undefined> =>
  p.then(
    () => undefined,
    (e: unknown) => String((e as Error).message),
  )

describe('session settings on Spark Connect', () => {
  it('a setting changed or unset after the first action reaches the server', async () => {
    expect(await failure(hourAndNumber('a0'))).toMatch(/CAST_INVALID_INPUT/)

    remote.conf.set('spark.sql.ansi.enabled', 'false')
    expect(await hourAndNumber('a1')).toEqual([{ hour: '12', n: null }])

    remote.conf.set('spark.sql.session.timeZone', 'Asia/Tokyo')
    expect(await hourAndNumber('a2')).toEqual([{ hour: '21', n: null }])

    remote.conf.unset('spark.sql.ansi.enabled')
    expect(await failure(hourAndNumber('a3'))).toMatch(/CAST_INVALID_INPUT/)
  })
})

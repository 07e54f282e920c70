/**
 * Stream-static joins (spark-semantics §7): inner and left outer with the stream on the left,
 * right outer with the stream on the right, null keys never match, a Delta static side re-read at
 * its latest version every micro-batch while earlier outputs stay as they were.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SparkSession } from '../../../src/index.js'
import { DeltaSink } from '../../../src/sinks/delta/delta-sink.js'
import {
  MemoryStream,
  addData,
  checkAnswer,
  checkNewAnswer,
  testStream,
} from '../../../src/testing/index.js'
import { parseDdlSchema } from '../../../src/types/index.js'
import { tempDir } from '../../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

describe('stream-static join', () => {
  const users = spark.createDataFrame(
    [
      { user_id: 1, name: 'ann' },
      { user_id: 2, name: 'bob' },
      { user_id: null, name: 'nobody' },
    ],
    'user_id INT, name STRING',
  )

  it('inner join keeps matched stream rows; the key column comes once, first', async () => {
    const events = new MemoryStream(spark, 'event STRING, user_id INT')
    const df = events.toDF().join(users, 'user_id')
    expect(df.columns).toEqual(['user_id', 'event', 'name'])
    await testStream(df, 'append', [
      addData(
        events,
        { event: 'e1', user_id: 1 },
        { event: 'e2', user_id: 3 },
        { event: 'e3', user_id: null },
        { event: 'e4', user_id: 2 },
      ),
      checkAnswer(
        { user_id: 1, event: 'e1', name: 'ann' },
        { user_id: 2, event: 'e4', name: 'bob' },
      ),
    ])
  })

  it('decimal keys of different scales match by value, as Spark casts both sides to one type', async () => {
    const prices = spark.createDataFrame(
      [
        { amount: '1.500', label: 'one and a half' },
        { amount: '12345.678900000000794535', label: 'exact' },
      ],
      'amount DECIMAL(38,18), label STRING',
    )
    const events = new MemoryStream(spark, 'event STRING, amount DECIMAL(10,2)')
    const df = events.toDF().join(prices, 'amount')
    await testStream(df.select('event', 'label'), 'append', [
      addData(events, { event: 'a', amount: '1.5' }, { event: 'b', amount: '12345.68' }),
      checkAnswer({ event: 'a', label: 'one and a half' }),
    ])
  })

  it('left outer join emits unmatched and null-key stream rows at once with nulls', async () => {
    const events = new MemoryStream(spark, 'event STRING, user_id INT')
    const df = events.toDF().join(users, 'user_id', 'left_outer')
    expect(df.schema.fields.map((f) => `${f.name}:${f.nullable}`)).toEqual([
      'user_id:true',
      'event:true',
      'name:true',
    ])
    await testStream(df, 'append', [
      addData(
        events,
        { event: 'e1', user_id: 1 },
        { event: 'e2', user_id: 3 },
        { event: 'e3', user_id: null },
      ),
      checkNewAnswer(
        { user_id: 1, event: 'e1', name: 'ann' },
        { user_id: 3, event: 'e2', name: null },
        { user_id: null, event: 'e3', name: null },
      ),
    ])
  })

  it('right outer join with the stream on the right', async () => {
    const events = new MemoryStream(spark, 'event STRING, user_id INT')
    const df = users.join(events.toDF(), 'user_id', 'right_outer')
    expect(df.columns).toEqual(['user_id', 'name', 'event'])
    await testStream(df, 'append', [
      addData(events, { event: 'e1', user_id: 2 }, { event: 'e2', user_id: 9 }),
      checkAnswer(
        { user_id: 2, name: 'bob', event: 'e1' },
        { user_id: 9, name: null, event: 'e2' },
      ),
    ])
  })

  it('a Delta static side is re-read every batch: later batches see new rows, past output is not revised', async () => {
    const path = join(await tempDir(), 'users')
    const schema = parseDdlSchema('user_id INT, name STRING')
    const writer = new DeltaSink(path)
    await writer.start({ queryId: 'users-loader', outputMode: 'append', schema, timeZone: 'UTC' })
    await writer.addBatch(0, [[1, 'ann']])
    const events = new MemoryStream(spark, 'event STRING, user_id INT')
    const df = events.toDF().join(spark.read.format('delta').load(path), 'user_id', 'left_outer')
    const q = await df.writeStream.format('memory').queryName('delta_static_reread').start()
    events.addData({ event: 'e1', user_id: 2 })
    await q.processAllAvailable()
    await writer.addBatch(1, [[2, 'bob']]) // the static table changes while the query runs
    events.addData({ event: 'e2', user_id: 2 })
    await q.processAllAvailable()
    await q.stop()
    expect(await spark.table('delta_static_reread').collect()).toEqual([
      { user_id: 2, event: 'e1', name: null },
      { user_id: 2, event: 'e2', name: 'bob' },
    ])
  })

  it('rejects the stream on the wrong side of an outer join, and a missing join column, at start', async () => {
    const events = new MemoryStream(spark, 'event STRING, user_id INT')
    await expect(
      users
        .join(events.toDF(), 'user_id', 'left_outer')
        .writeStream.format('memory')
        .queryName('bad_side')
        .start(),
    ).rejects.toMatchObject({ code: 'SL_PLAN_UNSUPPORTED_OPERATION' })
    expect(() => events.toDF().join(users, 'uid')).toThrow(/Column uid does not exist/)
  })
})

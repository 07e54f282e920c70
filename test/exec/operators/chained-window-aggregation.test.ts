/**
 * A windowed aggregation chained into a second, coarser one (spark-semantics §1.5, §3.3): the
 * second `window(...)` runs over the first's window column, i.e. over `window_time(window)` =
 * `end - 1 µs`, both operators use the same propagated watermark (evict with W(N), drop late
 * rows with W(N-1)), so a 5 s window reaches the 10 s aggregation in the batch that closes it
 * and a 10 s window is emitted once the watermark passes its end. Append mode; run straight and
 * with a stop/restart after every check.
 */
import { describe, expect } from 'vitest'
import { SparkSession, col, sum, window, window_time, type DataFrame } from '../../../src/index.js'
import {
  MemoryStream,
  addData,
  assertOnQuery,
  checkAnswer,
  checkLastBatch,
  testStream,
  type StreamAction,
} from '../../../src/testing/index.js'
import { at, both, win, withRestarts } from '../../support/scenario.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

function script(input: MemoryStream): StreamAction[] {
  return [
    // b0: windows [10,15)=5 and [15,20)=1 in the first operator; W(1) = 15 - 10 = 5 s.
    addData(input, ...[10, 11, 12, 13, 14, 15].map((s) => ({ ts: at(s) }))),
    checkLastBatch(),
    // W becomes 15: the first operator emits [10,15)=5 into the second ([10,20) = 5, open).
    addData(input, { ts: at(25) }),
    checkLastBatch(),
    // Late for the first operator ([10,15) ended at W = 15): dropped there.
    addData(input, { ts: at(10) }),
    checkLastBatch(),
    assertOnQuery(
      (q) => q.lastProgress!.stateOperators.some((op) => op.numRowsDroppedByWatermark === 1),
      'the late row is dropped by the first aggregation',
    ),
    // W becomes 30: [15,20)=1 and [25,30)=1 flow on; [10,20)=6 and [20,30)=1 close.
    addData(input, { ts: at(40) }),
    checkLastBatch({ window: win(10, 20), total: 6 }, { window: win(20, 30), total: 1 }),
    checkAnswer({ window: win(10, 20), total: 6 }, { window: win(20, 30), total: 1 }),
  ]
}

function firstLevel(input: MemoryStream): DataFrame {
  return input.toDF().withWatermark('ts', '10 seconds').groupBy(window('ts', '5 seconds')).count()
}

describe('window over a window column (chained windowed aggregations)', () => {
  both(
    'window(col("window"), …) aggregates the closed 5 s windows into 10 s windows',
    async (r) => {
      const input = new MemoryStream(spark, 'ts TIMESTAMP')
      const df = firstLevel(input)
        .groupBy(window(col('window'), '10 seconds'))
        .agg(sum('count').alias('total'))
      await testStream(df, 'append', r ? withRestarts(script(input)) : script(input))
    },
  )

  both('window(window_time(window), …) is the same query', async (r) => {
    const input = new MemoryStream(spark, 'ts TIMESTAMP')
    const df = firstLevel(input)
      .groupBy(window(window_time('window'), '10 seconds'))
      .agg(sum('count').alias('total'))
    await testStream(df, 'append', r ? withRestarts(script(input)) : script(input))
  })

  both('a projected window_time keeps the event-time marker (append is allowed)', async (r) => {
    const input = new MemoryStream(spark, 'ts TIMESTAMP')
    const df = firstLevel(input)
      .select(window_time('window').alias('wt'), col('count'))
      .groupBy(window('wt', '10 seconds'))
      .agg(sum('count').alias('total'))
    expect(df.schema.fields.map((f) => f.name)).toEqual(['window', 'total'])
    await testStream(df, 'append', r ? withRestarts(script(input)) : script(input))
  })
})

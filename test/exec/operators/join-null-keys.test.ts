/**
 * Null join keys over streaming JSON files: Spark infers `isnotnull(key)` for the join keys of the
 * sides where dropping a null-key row cannot change the output (InferFiltersFromConstraints:
 * inner — both sides, left outer — the right side, right outer — the left side, full outer —
 * none) and pushes it into the JSON reader, so those rows are not in `numInputRows`. The rows a
 * query outputs are the same either way.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SparkSession, col, type DataFrame } from '../../../src/index.js'
import { tempDir } from '../../support/temp-dir.js'

const spark = SparkSession.builder().getOrCreate().newSession()
spark.conf.set('spark.sql.session.timeZone', 'UTC')

const users = spark.createDataFrame(
  [
    { user_id: 1, name: 'ann' },
    { user_id: 2, name: 'bob' },
    { user_id: null, name: 'nobody' },
  ],
  'user_id INT, name STRING',
)

/** Five events, two of them without a user id. */
const EVENTS = [
  { event: 'e1', user_id: 1 },
  { event: 'e2', user_id: null },
  { event: 'e3', user_id: 2 },
  { event: 'e4', user_id: 3 },
  { event: 'e5', user_id: null },
]
/** Four right-side rows, one without a key. */
const OTHERS = [
  { other: 'o1', k: 1 },
  { other: 'o2', k: null },
  { other: 'o3', k: 2 },
  { other: 'o4', k: 4 },
]

async function jsonDir(rows: readonly Record<string, unknown>[]): Promise<string> {
  const dir = join(await tempDir(), 'in')
  await fs.mkdir(dir)
  await fs.writeFile(join(dir, 'part-0.json'), rows.map((r) => JSON.stringify(r)).join('\n'))
  return dir
}

const stream = async (ddl: string, rows: readonly Record<string, unknown>[]): Promise<DataFrame> =>
  spark.readStream
    .format('json')
    .schema(ddl)
    .load(await jsonDir(rows))

/** Runs `df` to the end of its input; output rows (sorted JSON) and input rows per source. */
async function run(df: DataFrame): Promise<{ rows: string[]; inputRows: number[] }> {
  const rows: string[] = []
  const q = await df.writeStream
    .option('checkpointLocation', join(await tempDir(), 'cp'))
    .trigger({ availableNow: true })
    .foreachBatch(async (batch) => {
      for (const r of await batch.collect()) rows.push(JSON.stringify(r))
    })
    .start()
  await q.awaitTermination()
  const inputRows: number[] = []
  for (const p of q.recentProgress)
    p.sources.forEach((s, i) => (inputRows[i] = (inputRows[i] ?? 0) + s.numInputRows))
  return { rows: rows.sort(), inputRows }
}

/** `event-other` of each joined row (empty for a null side), sorted. */
const pairs = (rows: readonly string[]): string[] =>
  rows
    .map((r) => {
      const o = JSON.parse(r) as { event?: string | null; other?: string | null }
      return `${o.event ?? ''}-${o.other ?? ''}`
    })
    .sort()

describe('null join keys and numInputRows', () => {
  it('stream-static inner join: null-key stream rows are not input rows', async () => {
    const events = await stream('event STRING, user_id INT', EVENTS)
    const r = await run(events.join(users, 'user_id'))
    expect(r.inputRows).toEqual([3])
    expect(r.rows).toEqual([
      '{"user_id":1,"event":"e1","name":"ann"}',
      '{"user_id":2,"event":"e3","name":"bob"}',
    ])
  })

  it('stream-static left outer join: the preserved stream side counts every row', async () => {
    const events = await stream('event STRING, user_id INT', EVENTS)
    const r = await run(events.join(users, 'user_id', 'left_outer'))
    expect(r.inputRows).toEqual([5])
    expect(r.rows).toHaveLength(5)
  })

  it('stream-static right outer join with the stream on the right counts every row', async () => {
    const events = await stream('event STRING, user_id INT', EVENTS)
    const r = await run(users.join(events, 'user_id', 'right_outer'))
    expect(r.inputRows).toEqual([5])
    expect(r.rows).toHaveLength(5)
  })

  it('stream-stream inner join on a condition: both sides drop their null keys', async () => {
    const left = await stream('event STRING, user_id INT', EVENTS)
    const right = await stream('other STRING, k INT', OTHERS)
    const r = await run(left.join(right, left.col('user_id').eq(right.col('k'))))
    expect(r.inputRows).toEqual([3, 3])
    expect(r.rows).toEqual([
      '{"event":"e1","user_id":1,"other":"o1","k":1}',
      '{"event":"e3","user_id":2,"other":"o3","k":2}',
    ])
  })

  it('stream-stream inner join on a USING key: both sides drop their null keys', async () => {
    const left = await stream('event STRING, user_id INT', EVENTS)
    const right = await stream(
      'other STRING, user_id INT',
      OTHERS.map(({ other, k }) => ({ other, user_id: k })),
    )
    const r = await run(left.join(right, 'user_id'))
    expect(r.inputRows).toEqual([3, 3])
    expect(r.rows).toHaveLength(2)
  })

  it('stream-static inner join: a filter on the static key reaches the stream scan too', async () => {
    const events = await stream('event STRING, user_id INT', EVENTS)
    const staticUsers = spark.read.schema('user_id INT, name STRING').json(
      await jsonDir([
        { user_id: 1, name: 'ann' },
        { user_id: 2, name: 'bob' },
      ]),
    )
    const r = await run(events.join(staticUsers.filter(col('user_id').lt(2)), 'user_id'))
    expect(r.inputRows).toEqual([1])
    expect(r.rows).toEqual(['{"user_id":1,"event":"e1","name":"ann"}'])
  })

  // Outer stream-stream joins need a watermark on both sides and a time range. Rows are 1 s
  // apart from B = 2026-01-01T00:00:00Z; a last row per side at B + 60 s moves the watermark past
  // the others, so the no-data batch emits every unmatched one.
  const timed = (rows: readonly Record<string, unknown>[], column: string, last: object) =>
    [...rows, last].map((r, i) => ({
      ...r,
      [column]: new Date(Date.UTC(2026, 0, 1, 0, 0, i === rows.length ? 60 : i)).toISOString(),
    }))
  const rangeJoin = async (how: 'left_outer' | 'right_outer' | 'full_outer') => {
    const l = (
      await stream(
        'event STRING, user_id INT, lt TIMESTAMP',
        timed(EVENTS, 'lt', { event: 'e60', user_id: 9 }),
      )
    ).withWatermark('lt', '10 seconds')
    const r = (
      await stream('other STRING, k INT, rt TIMESTAMP', timed(OTHERS, 'rt', { other: 'o60', k: 8 }))
    ).withWatermark('rt', '10 seconds')
    const lt = l.col('lt').cast('long')
    const rt = r.col('rt').cast('long')
    const cond = l
      .col('user_id')
      .eq(r.col('k'))
      .and(lt.geq(rt.minus(5)))
      .and(lt.leq(rt.plus(5)))
    return run(l.join(r, cond, how))
  }

  it('stream-stream left outer join: only the right side drops its null keys', async () => {
    const r = await rangeJoin('left_outer')
    expect(r.inputRows).toEqual([6, 4])
    expect(pairs(r.rows)).toEqual(['e1-o1', 'e2-', 'e3-o3', 'e4-', 'e5-'])
  })

  it('stream-stream right outer join: only the left side drops its null keys', async () => {
    const r = await rangeJoin('right_outer')
    expect(r.inputRows).toEqual([4, 5])
    expect(pairs(r.rows)).toEqual(['-o2', '-o4', 'e1-o1', 'e3-o3'])
  })

  it('stream-stream full outer join: every row is an input row', async () => {
    const r = await rangeJoin('full_outer')
    expect(r.inputRows).toEqual([6, 5])
    expect(pairs(r.rows)).toEqual(['-o2', '-o4', 'e1-o1', 'e2-', 'e3-o3', 'e4-', 'e5-'])
  })
})

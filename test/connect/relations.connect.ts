/**
 * Joins, unions, local rows and schemas on Spark through Spark Connect, against the embedded
 * engine on the same input: batch joins whose two sides have same-named columns (the condition's
 * columns, and `df.col(name)` above the join, carry their DataFrame's plan id), a stream-stream
 * join on a condition, a union of two
 * streams, and the schema Spark's analyzer gives a remote DataFrame.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { ensureUsersTable } from '../../src/apps/users-table.js'
import { col, SparkSession, type DataFrame } from '../../src/index.js'
import { tempDir } from '../support/temp-dir.js'
import { canonicalRows } from './support/canonical-rows.js'

let root: string
let embedded: SparkSession
let remote: SparkSession

beforeAll(async () => {
  root = await tempDir('streamlake-connect-relations-')
  embedded = SparkSession.builder().getOrCreate().newSession()
  embedded.conf.set('spark.sql.session.timeZone', 'UTC')
  remote = SparkSession.builder()
    .remote(inject('sparkConnectUrl'))
    .config('spark.sql.session.timeZone', 'UTC')
    .config('spark.sql.shuffle.partitions', '2')
    .getOrCreate()
})

async function writeLines(dir: string, name: string, rows: readonly object[]): Promise<void> {
  await fs.mkdir(dir, { recursive: true })
  await fs.writeFile(join(dir, name), rows.map((r) => JSON.stringify(r)).join('\n') + '\n')
}

/** Collects a batch DataFrame built the same way on both engines. */
async function bothCollect(
  build: (spark: SparkSession) => DataFrame,
): Promise<{ ours: string[]; theirs: string[]; names: [string[], string[]] }> {
  const ours = await build(embedded).collectRows()
  const theirs = await build(remote).collectRows()
  return {
    ours: canonicalRows(ours.rows),
    theirs: canonicalRows(theirs.rows),
    names: [ours.schema.fields.map((f) => f.name), theirs.schema.fields.map((f) => f.name)],
  }
}

const orders = (spark: SparkSession): DataFrame =>
  spark.createDataFrame(
    [
      [1, 10, 'a'],
      [2, 20, 'b'],
      [3, 99, 'c'],
    ],
    'id INT, user_id INT, note STRING',
  )
const people = (spark: SparkSession): DataFrame =>
  spark.createDataFrame(
    [
      [10, 1, 'ann'],
      [20, 2, 'bob'],
      [30, 3, 'cy'],
    ],
    'user_id INT, id INT, note STRING',
  )

describe('joins and unions on Spark Connect give the embedded engine’s rows', () => {
  it('a join on column names (using) keeps the key once, the right one for right outer', async () => {
    for (const how of ['inner', 'left_outer', 'right_outer'] as const) {
      const { ours, theirs, names } = await bothCollect((spark) =>
        orders(spark).select('user_id', 'note').join(people(spark).drop('note'), 'user_id', how),
      )
      expect(names[1], how).toEqual(names[0])
      expect(theirs, how).toEqual(ours)
    }
  })

  it('union and unionByName(allowMissingColumns) of local rows', async () => {
    const { ours, theirs, names } = await bothCollect((spark) =>
      orders(spark)
        .union(people(spark))
        .unionByName(spark.createDataFrame([['z', 7]], 'note STRING, extra INT'), {
          allowMissingColumns: true,
        }),
    )
    expect(names[1]).toEqual(names[0])
    expect(theirs).toEqual(ours)
    expect(ours).toHaveLength(7)
  })

  it('DataFrame.alias names columns a.x after a join and l.x / r.x after a self-join (a SubqueryAlias relation)', async () => {
    const aliased = await bothCollect((spark) => {
      const [o, p] = [orders(spark).alias('o'), people(spark).alias('p')]
      return o
        .join(p, col('o.user_id').eq(col('p.user_id')), 'left')
        .filter(col('p.note').isNotNull().or(col('o.id').eq(3)))
        .select('o.id', 'p.id', col('p.note'), col('o.note'))
    })
    expect(aliased.names).toEqual([
      ['id', 'id', 'note', 'note'],
      ['id', 'id', 'note', 'note'],
    ])
    expect(aliased.ours).toEqual(aliased.theirs)
    expect(aliased.ours).toHaveLength(3)
    const self = await bothCollect((spark) => {
      const [l, r] = [orders(spark).alias('l'), orders(spark).alias('r')]
      return l.join(r, col('l.id').lt(col('r.id'))).select('l.note', 'r.note')
    })
    expect(self.ours).toEqual(self.theirs)
    expect(self.ours).toEqual(
      canonicalRows([
        ['a', 'b'],
        ['a', 'c'],
        ['b', 'c'],
      ]),
    )
  })

  it('after a join on a condition, df.col(name) is that DataFrame’s column (plan ids, as PySpark sends df[name])', async () => {
    // Both streams have ad and ts. Spark's rules: ad 1 is clicked 3 min after its view (within
    // 5 min: joined), ad 2 after 29 min (not), ad 3 after 2 min (joined, then filtered out by
    // the click side's ad); v.col / c.col pick a side, a bare col('ts') would be ambiguous.
    const views = join(root, 'q-views')
    const clicks = join(root, 'q-clicks')
    const t = (m: number): string => `2026-01-01T00:${String(m).padStart(2, '0')}:00Z`
    await writeLines(views, 'v0.json', [
      { ad: 1, ts: t(0) },
      { ad: 2, ts: t(1) },
      { ad: 3, ts: t(2) },
    ])
    await writeLines(clicks, 'c0.json', [
      { ad: 1, ts: t(3) },
      { ad: 2, ts: t(30) },
      { ad: 3, ts: t(4) },
    ])
    const read = (spark: SparkSession, dir: string): DataFrame =>
      spark.readStream
        .format('json')
        .schema('ad INT, ts TIMESTAMP')
        .load(dir)
        .withWatermark('ts', '10 minutes')
    const run = async (spark: SparkSession, engine: string): Promise<string[]> => {
      const v = read(spark, views)
      const c = read(spark, clicks)
      const joined = v
        .join(
          c,
          v
            .col('ad')
            .eq(c.col('ad'))
            .and(c.col('ts').cast('long').geq(v.col('ts').cast('long')))
            .and(c.col('ts').cast('long').leq(v.col('ts').cast('long').plus(300))),
        )
        .filter(c.col('ad').notEqual(3))
        .select(
          c.col('ad').alias('click_ad'),
          v.col('ad'),
          v.col('ts').cast('string').alias('view_ts'),
          c.col('ts').cast('string').alias('click_ts'),
        )
      expect(() => v.join(c, v.col('ad').eq(c.col('ad'))).select(col('ts'))).toThrow(
        expect.objectContaining({ code: 'SL_PLAN_AMBIGUOUS_REFERENCE' }),
      )
      const path = join(root, engine, 'qualified')
      const q = await joined.writeStream
        .format('delta')
        .option('checkpointLocation', join(root, engine, 'qualified-checkpoint'))
        .trigger({ availableNow: true })
        .start(path)
      expect(await q.awaitTermination(300_000), engine).toBe(true)
      expect(q.exception()).toBeNull()
      const { schema, rows } = await embedded.read.format('delta').load(path).collectRows()
      return [schema.fields.map((f) => f.name).join(','), ...canonicalRows(rows)]
    }
    const expected = [
      'click_ad,ad,view_ts,click_ts',
      ...canonicalRows([[1, 1, '2026-01-01 00:00:00', '2026-01-01 00:03:00']]),
    ]
    expect(await run(embedded, 'embedded')).toEqual(expected)
    expect(await run(remote, 'remote')).toEqual(expected)
  }, 600_000)

  it('a stream-stream inner join on a key and a time range, and a union of two streams, write the same Delta tables', async () => {
    const views = join(root, 'views')
    const clicks = join(root, 'clicks')
    const t = (m: number): string => `2026-01-01T00:${String(m).padStart(2, '0')}:00Z`
    await writeLines(views, 'v0.json', [
      { ad: 1, ts: t(0) },
      { ad: 2, ts: t(1) },
      { ad: 3, ts: t(2) },
    ])
    await writeLines(views, 'v1.json', [{ ad: 4, ts: t(20) }])
    await writeLines(clicks, 'c0.json', [
      { ad: 1, ts: t(3) },
      { ad: 2, ts: t(30) },
    ])
    await writeLines(clicks, 'c1.json', [{ ad: 4, ts: t(22) }])
    const read = (spark: SparkSession, dir: string): DataFrame =>
      spark.readStream
        .format('json')
        .schema('ad INT, ts TIMESTAMP')
        .option('maxFilesPerTrigger', 1)
        .load(dir)
        .withWatermark('ts', '10 minutes')
    const joined = (spark: SparkSession): DataFrame => {
      const v = read(spark, views)
      // Same-named output columns would fail both Delta writes: the click side renames them.
      const c = read(spark, clicks)
        .withColumnRenamed('ts', 'click_ts')
        .withColumnRenamed('ad', 'click_ad')
      return v
        .join(
          c,
          v
            .col('ad')
            .eq(c.col('click_ad'))
            .and(c.col('click_ts').cast('long').geq(v.col('ts').cast('long')))
            .and(c.col('click_ts').cast('long').leq(v.col('ts').cast('long').plus(300))),
          'inner',
        )
        .select(col('ad'), col('ts'), col('click_ts'))
    }
    const unioned = (spark: SparkSession): DataFrame =>
      read(spark, views).union(read(spark, clicks))
    for (const [name, build] of [
      ['join', joined],
      ['union', unioned],
    ] as const) {
      const run = async (spark: SparkSession, engine: string): Promise<string[]> => {
        const path = join(root, engine, name)
        const q = await build(spark)
          .writeStream.format('delta')
          .option('checkpointLocation', join(root, engine, `${name}-checkpoint`))
          .trigger({ availableNow: true })
          .start(path)
        expect(await q.awaitTermination(300_000), `${engine} ${name}`).toBe(true)
        expect(q.exception()).toBeNull()
        return canonicalRows((await embedded.read.format('delta').load(path).collectRows()).rows)
      }
      const ours = await run(embedded, 'embedded')
      expect(await run(remote, 'remote'), name).toEqual(ours)
      expect(ours.length, name).toBeGreaterThan(0)
    }
  }, 600_000)
})

describe('schemas of remote DataFrames come from Spark (AnalyzePlan)', () => {
  it("a Delta table's schema, a join's and a streaming read's, as the embedded engine has them", async () => {
    const table = join(root, 'table')
    await ensureUsersTable(table)
    const simple = (spark: SparkSession) => spark.read.format('delta').load(table)
    const remoteSchema = await simple(remote).resolveSchema()
    expect(remoteSchema.fields.map((f) => [f.name, f.dataType])).toEqual(
      (await simple(embedded).resolveSchema()).fields.map((f) => [f.name, f.dataType]),
    )
    const o = orders(remote)
    const p = people(remote)
    // Both sides have id, user_id and note: without plan ids Spark would find o.id = p.id
    // ambiguous (AMBIGUOUS_REFERENCE); with them each side's column resolves.
    const j = await o.join(p, o.col('id').eq(p.col('id'))).resolveSchema()
    expect(j.fields.map((f) => f.name)).toEqual(['id', 'user_id', 'note', 'user_id', 'id', 'note'])
    const stream = remote.readStream
      .format('json')
      .schema('ts TIMESTAMP, v DECIMAL(12,2), tags ARRAY<STRING>, m MAP<STRING,INT>')
      .load(root)
      .withWatermark('ts', '1 minute')
    const s = await stream.resolveSchema()
    expect(s).toEqual(stream.schema)
  })
})
